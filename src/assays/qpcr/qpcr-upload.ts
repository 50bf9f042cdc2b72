import { CanActivate, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { DomainError } from '../../common/errors/domain.error';

/** Room for RDML files of several 384-well plates, whose XML is far larger than the zip. */
export const MAX_QPCR_UPLOAD_BYTES = 20 * 1024 * 1024;

const MultipartFile = FileInterceptor('file', {
  limits: { fileSize: MAX_QPCR_UPLOAD_BYTES, files: 1 },
});

/**
 * Reads a multipart `file` after authentication (a guard, not an interceptor: see
 * imports/plate-upload.ts for why upload routes carry no interceptors); a text body passes.
 * RDML (a zip) and Excel exports come only as multipart files, as their bytes.
 */
@Injectable()
export class QpcrFileGuard implements CanActivate {
  private readonly multipart: NestInterceptor = new MultipartFile();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('multipart/form-data')) return true;
    const read = await this.multipart.intercept(context, { handle: () => of(null) });
    await lastValueFrom(read, { defaultValue: null });
    return true;
  }
}

/** The upload's bytes: a multipart file as sent, or a text body (already UTF-8 text). */
export function uploadedBytes(
  body: unknown,
  file: { buffer: Buffer; originalname?: string } | undefined,
): { bytes: Buffer; filename: string | null } {
  if (file) return { bytes: file.buffer, filename: file.originalname ?? null };
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), filename: null };
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'send the export as a multipart/form-data field "file" (RDML, Excel and text exports), or a text/csv or text/plain body',
  );
}
