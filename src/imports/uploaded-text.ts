import { DomainError } from '../common/errors/domain.error';
import {
  uploadedBytes as uploadedExportBytes,
  type UploadedFileLike,
} from '../common/http/file-upload';

export type { UploadedFileLike } from '../common/http/file-upload';

/**
 * The plate export's bytes and file name, from a multipart file or a raw body (the upload routes
 * read text/* and workbook bodies as bytes: see `PLATE_UPLOAD_BODY_TYPES`). Nothing is decoded
 * here: the import reads the encoding from the bytes (BOM, UTF-16, UTF-8, else Windows-1252) and
 * hashes the bytes as received.
 */
export function uploadedBytes(
  body: unknown,
  file: UploadedFileLike | undefined,
  filename: string | undefined,
): { bytes: Buffer; filename: string | null } {
  return uploadedExportBytes(
    body,
    file,
    filename,
    'a text/csv or text/plain body (any encoding: UTF-8, UTF-16 with BOM, Windows-1252), an .xlsx body (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream), or as a multipart/form-data field "file"',
  );
}

/** Checks an Idempotency-Key header: 1–200 visible ASCII characters, or absent. */
export function idempotencyKeyOf(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new DomainError('VALIDATION_FAILED', 'the Idempotency-Key header is not valid', [
      {
        field: 'Idempotency-Key',
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'use 1–200 visible ASCII characters, e.g. a UUID',
      },
    ]);
  }
  return header;
}
