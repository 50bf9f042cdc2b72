import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  mixin,
  NestInterceptor,
  Type,
  UseGuards,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { DomainError } from '../errors/domain.error';

/** The part of a multer file an import reads. */
export interface UploadedFileLike {
  buffer: Buffer;
  originalname?: string;
}

const guards = new Map<number, Type<CanActivate>>();

/**
 * A guard that reads a multipart upload's single `file` field with Nest's own file interceptor
 * (its multer limits, and its 413 and 400 answers), after the API-key guard has authenticated
 * the caller: global guards run before route guards. A non-multipart body passes untouched.
 *
 * A guard rather than an interceptor because Nest wraps every route that has interceptors in
 * `AsyncResource.bind`. On Node 20 each bind defines the deprecated `asyncResource` accessors
 * through `util.deprecate`, which calls `Object.setPrototypeOf` on every wrapper it makes (later
 * Node releases stop that: nodejs/node#59195, #59518). As with Express's prototype swap (see
 * express-adapter.ts), that kept every request's objects alive through young-generation
 * collections, so they were promoted to the old generation and filled it for mark-compact
 * pauses. The upload routes therefore have no interceptors (docs/performance.md).
 */
export function MultipartFileGuard(maxBytes: number): Type<CanActivate> {
  const known = guards.get(maxBytes);
  if (known) return known;
  const MultipartFile = FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1 } });

  @Injectable()
  class FileGuard implements CanActivate {
    private readonly multipart: NestInterceptor = new MultipartFile();

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<Request>();
      if (!req.is('multipart/form-data')) return true;
      // The interceptor runs multer before it calls `handle`; nothing else is asked of it here.
      const read = await this.multipart.intercept(context, { handle: () => of(null) });
      await lastValueFrom(read, { defaultValue: null });
      return true;
    }
  }
  const guard = mixin(FileGuard);
  guards.set(maxBytes, guard);
  return guard;
}

/**
 * What an instrument-export upload route accepts: the export as a multipart `file` (read by
 * `MultipartFileGuard`, up to `maxBytes`) or as a text body, documented in OpenAPI.
 */
export function AcceptsExportFile(maxBytes: number): MethodDecorator {
  return applyDecorators(
    UseGuards(MultipartFileGuard(maxBytes)),
    ApiConsumes('text/csv', 'text/plain', 'multipart/form-data'),
    ApiBody({
      schema: {
        oneOf: [
          { type: 'string', description: 'The export file as text (text/csv or text/plain)' },
          {
            type: 'object',
            properties: { file: { type: 'string', format: 'binary' } },
            required: ['file'],
          },
        ],
      },
    }),
  );
}

/**
 * The export's bytes and file name: a multipart file as sent (so Latin-1, UTF-16, zip and
 * workbook exports are decoded from their bytes), a raw body (a Buffer, undecoded), or a body
 * a text parser already read (its UTF-8 bytes). `howToSend` ends the 415 answer for anything
 * else.
 */
export function uploadedBytes(
  body: unknown,
  file: UploadedFileLike | undefined,
  filename: string | undefined,
  howToSend: string,
): { bytes: Buffer; filename: string | null } {
  if (file) return { bytes: file.buffer, filename: filename ?? file.originalname ?? null };
  if (Buffer.isBuffer(body)) return { bytes: body, filename: filename ?? null };
  if (typeof body === 'string')
    return { bytes: Buffer.from(body, 'utf8'), filename: filename ?? null };
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send the export as ${howToSend}`);
}
