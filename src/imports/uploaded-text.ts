import { DomainError } from '../common/errors/domain.error';

/** The part of a multer file the import reads. */
export interface UploadedFileLike {
  buffer: Buffer;
  originalname?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The export's text and file name, from a multipart file or a text/* body. A multipart file
 * that is not valid UTF-8 is read as Latin-1 (older reader software writes `¡C` that way).
 */
export function uploadedText(
  body: unknown,
  file: UploadedFileLike | undefined,
  filename: string | undefined,
): { text: string; filename: string | null } {
  if (file) {
    let text: string;
    try {
      text = utf8.decode(file.buffer);
    } catch {
      text = file.buffer.toString('latin1');
    }
    return { text, filename: filename ?? file.originalname ?? null };
  }
  if (typeof body === 'string') return { text: body, filename: filename ?? null };
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'send the export as a text/csv or text/plain body, or as a multipart/form-data field "file"',
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
