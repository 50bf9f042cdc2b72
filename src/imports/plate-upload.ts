import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseGuards,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { PlateImportResultDto } from './dto/plate-import.dto';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const MultipartFile = FileInterceptor('file', {
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
});

/**
 * Reads a multipart upload's `file` with Nest's own single-file interceptor (its multer
 * limits, and its 413 and 400 answers), after the API-key guard has authenticated the caller:
 * global guards run before route guards. A text/csv body (the common case: an instrument
 * posting hundreds of plates a second) passes untouched.
 *
 * A guard rather than an interceptor because Nest wraps every route that has interceptors in
 * `AsyncResource.bind`. On Node 20 each bind defines the deprecated `asyncResource` accessors
 * through `util.deprecate`, which calls `Object.setPrototypeOf` on every wrapper it makes (later
 * Node releases stop that: nodejs/node#59195, #59518). As with Express's prototype swap (see
 * common/http/express-adapter.ts), that kept every request's objects alive through
 * young-generation collections, so they were promoted to the old generation and filled it for
 * mark-compact pauses. The upload routes therefore have no interceptors (docs/performance.md).
 */
@Injectable()
export class PlateFileGuard implements CanActivate {
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

/**
 * What both plate-reader upload routes (instrument feeds, a scientist's upload) accept and
 * answer: the export as a text body or a multipart `file`, an optional Idempotency-Key, 201
 * when stored, 200 for a duplicate or a dry run, 422 with every problem.
 */
export function AcceptsPlateUpload(): MethodDecorator {
  return applyDecorators(
    UseGuards(PlateFileGuard),
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
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiCreatedResponse({ type: PlateImportResultDto, description: 'Stored' }),
    ApiOkResponse({ type: PlateImportResultDto, description: 'Duplicate, or a valid dry run' }),
    ApiUnprocessableEntityResponse({ description: 'Rejected: problem+json with `errors[]`' }),
  );
}
