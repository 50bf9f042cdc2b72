import { CanActivate, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { DomainError } from '../../common/errors/domain.error';

export const MAX_LCMS_UPLOAD_BYTES = 20 * 1024 * 1024;

const MultipartFile = FileInterceptor('file', {
  limits: { fileSize: MAX_LCMS_UPLOAD_BYTES, files: 1 },
});

/**
 * Reads a multipart `file` after authentication (a guard, not an interceptor: see
 * imports/plate-upload.ts for why upload routes carry no interceptors); a text body passes.
 */
@Injectable()
export class LcmsFileGuard implements CanActivate {
  private readonly multipart: NestInterceptor = new MultipartFile();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('multipart/form-data')) return true;
    const read = await this.multipart.intercept(context, { handle: () => of(null) });
    await lastValueFrom(read, { defaultValue: null });
    return true;
  }
}

/**
 * The upload's bytes: a multipart file as sent (so Latin-1 and UTF-16 exports are decoded
 * from their bytes), or a text body (already UTF-8 text).
 */
export function uploadedBytes(
  body: unknown,
  file: { buffer: Buffer; originalname?: string } | undefined,
): { bytes: Buffer; filename: string | null } {
  if (file) return { bytes: file.buffer, filename: file.originalname ?? null };
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), filename: null };
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'send the export as a text/csv or text/plain body, or as a multipart/form-data field "file"',
  );
}
