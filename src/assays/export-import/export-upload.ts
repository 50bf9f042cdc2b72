import { applyDecorators, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AcceptsExportFile,
  uploadedBytes,
  type UploadedFileLike,
} from '../../common/http/file-upload';
import type { ExportImportOptions, ExportImportOutcome } from './export-import';

/**
 * An export import route: the export as a multipart `file` or a text body (up to `maxBytes`),
 * answered with `report` as 201 when stored and analysed, 200 when a duplicate or a dry run.
 */
export function ExportImportRoute(maxBytes: number, report: Type<unknown>): MethodDecorator {
  return applyDecorators(
    AcceptsExportFile(maxBytes),
    ApiCreatedResponse({ type: report, description: 'Stored and analysed' }),
    ApiOkResponse({ type: report, description: 'Duplicate, or a dry run' }),
  );
}

/** The query an export import route takes (each assay's DTO documents its own formats). */
export interface ExportUploadQuery<Format extends string> {
  dryRun?: 'true' | 'false';
  format?: Format;
  filename?: string;
}

/** What an export import route received. */
export interface ExportUpload<Format extends string> {
  body: unknown;
  file: UploadedFileLike | undefined;
  query: ExportUploadQuery<Format>;
  res: Response;
}

/**
 * The body of an export import route: the export's bytes and options from the request (415,
 * ending with `howToSend`, when it holds no export), the import, then the outcome's status (201
 * written, 200 a duplicate or a dry run) and its report.
 */
export async function importUploadedExport<Format extends string, Report>(
  upload: ExportUpload<Format>,
  howToSend: string,
  importExport: (
    bytes: Buffer,
    options: ExportImportOptions<Format>,
  ) => Promise<ExportImportOutcome<Report>>,
): Promise<Report> {
  const { bytes, filename } = uploadedBytes(
    upload.body,
    upload.file,
    upload.query.filename,
    howToSend,
  );
  const out = await importExport(bytes, {
    dryRun: upload.query.dryRun === 'true',
    format: upload.query.format,
    filename,
  });
  upload.res.status(out.created ? 201 : 200);
  return out.report;
}
