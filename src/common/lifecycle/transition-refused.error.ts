import { DomainError } from '../errors/domain.error';
import type { ErrorCode } from '../errors/error-codes';
import type { RefusalCode, TransitionRefusal } from './transition-table';

/** How each refusal of a transition table leaves the API, and which request field it names. */
const REFUSALS: Record<RefusalCode, { code: ErrorCode; field: string }> = {
  UNKNOWN_ACTION: { code: 'ILLEGAL_TRANSITION', field: 'status' },
  ILLEGAL_TRANSITION: { code: 'ILLEGAL_TRANSITION', field: 'status' },
  ROLE_NOT_ALLOWED: { code: 'FORBIDDEN_ROLE', field: 'roles' },
  SELF_APPROVAL_FORBIDDEN: { code: 'SELF_APPROVAL_FORBIDDEN', field: 'actor' },
  OWNER_ONLY: { code: 'OWNER_ONLY', field: 'actor' },
  REASON_REQUIRED: { code: 'VALIDATION_FAILED', field: 'reason' },
  SIGNATURE_REQUIRED: { code: 'VALIDATION_FAILED', field: 'password' },
  SIGNATURE_MEANING_NOT_ALLOWED: { code: 'VALIDATION_FAILED', field: 'meaning' },
};

/**
 * A transition refused by a lifecycle table, as a domain error: ILLEGAL_TRANSITION (409),
 * SELF_APPROVAL_FORBIDDEN / OWNER_ONLY / FORBIDDEN_ROLE (403) or VALIDATION_FAILED (400). The
 * body carries `action`, `from`, `to` and `allowedActions`.
 */
export class TransitionRefusedError extends DomainError {
  constructor(entity: string, refusal: TransitionRefusal<string, string>) {
    const { code, field } = REFUSALS[refusal.code];
    super(code, refusal.message, [{ field, code: refusal.code, message: refusal.message }], {
      entity,
      action: refusal.action,
      from: refusal.from,
      to: refusal.to ?? null,
      allowedActions: refusal.allowedActions,
    });
  }
}
