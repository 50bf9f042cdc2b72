import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
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
import type { Observable } from 'rxjs';
import { PlateImportResultDto } from './dto/plate-import.dto';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const MultipartFile = FileInterceptor('file', {
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
});

/**
 * Multer's single-file interceptor, run only for multipart bodies: an instrument posting its
 * export as a text/csv body (the common case, hundreds a second) skips it.
 */
@Injectable()
export class PlateFileInterceptor implements NestInterceptor {
  private readonly multipart: NestInterceptor = new MultipartFile();

  intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> | Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('multipart/form-data')) return next.handle();
    return this.multipart.intercept(context, next);
  }
}

/**
 * What both plate-reader upload routes (instrument feeds, a scientist's upload) accept and
 * answer: the export as a text body or a multipart `file`, an optional Idempotency-Key, 201
 * when stored, 200 for a duplicate or a dry run, 422 with every problem.
 */
export function AcceptsPlateUpload(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(PlateFileInterceptor),
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
