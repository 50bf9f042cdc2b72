import { DomainError } from '../common/errors/domain.error';

/** The part of a multer file the import reads. */
export interface UploadedFileLike {
  buffer: Buffer;
  originalname?: string;
}

/**
 * The export's bytes and file name, from a multipart file or a raw body (the upload routes read
 * text/* and workbook bodies as bytes: see `PLATE_UPLOAD_BODY_TYPES`). Nothing is decoded here:
 * the import reads the encoding from the bytes (BOM, UTF-16, UTF-8, else Windows-1252) and
 * hashes the bytes as received.
 */
export function uploadedBytes(
  body: unknown,
  file: UploadedFileLike | undefined,
  filename: string | undefined,
): { bytes: Buffer; filename: string | null } {
  if (file) return { bytes: file.buffer, filename: filename ?? file.originalname ?? null };
  if (Buffer.isBuffer(body)) return { bytes: body, filename: filename ?? null };
  // A body parsed as text elsewhere (not the upload routes' own parser): its UTF-8 bytes.
  if (typeof body === 'string')
    return { bytes: Buffer.from(body, 'utf8'), filename: filename ?? null };
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'send the export as a text/csv or text/plain body (any encoding: UTF-8, UTF-16 with BOM, Windows-1252), an .xlsx body (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream), or as a multipart/form-data field "file"',
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
