import { applyDecorators } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AcceptsExportFile } from '../common/http/file-upload';
import { PlateImportResultDto } from './dto/plate-import.dto';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * What both plate-reader upload routes (instrument feeds, a scientist's upload) accept and
 * answer: the export as a text body or a multipart `file`, an optional Idempotency-Key, 201
 * when stored, 200 for a duplicate or a dry run, 422 with every problem.
 */
export function AcceptsPlateUpload(): MethodDecorator {
  return applyDecorators(
    AcceptsExportFile(MAX_UPLOAD_BYTES),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiCreatedResponse({ type: PlateImportResultDto, description: 'Stored' }),
    ApiOkResponse({ type: PlateImportResultDto, description: 'Duplicate, or a valid dry run' }),
    ApiUnprocessableEntityResponse({ description: 'Rejected: problem+json with `errors[]`' }),
  );
}
