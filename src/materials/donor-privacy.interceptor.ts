import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DomainError, ValidationFailedError } from '../common/errors/domain.error';
import { checkDonorPrivacy } from './donor-privacy';

/**
 * Refuses a donor payload that carries personal data: PERSONAL_DATA_NOT_ALLOWED naming each
 * field (never repeating its value), or VALIDATION_FAILED for a malformed donor code.
 */
export function assertNoPersonalData(payload: unknown): void {
  const problems = checkDonorPrivacy(payload);
  if (problems.length === 0) return;
  const items = problems.map(({ field, code, message }) => ({ field, code, message }));
  if (problems.some((p) => p.code !== 'DONOR_CODE_INVALID')) {
    throw new DomainError(
      'PERSONAL_DATA_NOT_ALLOWED',
      'donors are recorded by pseudonymous code only; remove the personal data',
      items,
    );
  }
  throw new ValidationFailedError(items);
}

/**
 * Runs the donor privacy check on the raw body, before the validation pipe: otherwise a
 * `name` or `email` field would only be refused as an unknown field, and a value that looks
 * like an e-mail in `notes` would pass.
 */
@Injectable()
export class DonorPrivacyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    assertNoPersonalData(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    return next.handle();
  }
}
