import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Req,
  Res,
  SetMetadata,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { DomainError, NotFoundError, type ProblemItem } from '../common/errors/domain.error';
import type { UploadedFileLike } from '../common/http/file-upload';
import {
  assayUploadHref,
  AssayViews,
  type AssayUploadReport,
  type AssayViewProvider,
} from '../runs/assay-views';
import { carriedFile, importErrorStatus, type CarriedUploadForm } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { assertCsrf, CSRF_IN_HANDLER } from './web-session.guard';
import { WebViews } from './web-views.service';

/** The largest export an assay's upload page takes (the qPCR and LC-MS/MS routes' limit). */
export const MAX_ASSAY_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Upload pages of the assays (a qPCR export into its run, an LC-MS/MS export into its batch):
 * choose the file, see the dry-run report, then confirm — the plate upload's flow. A rejected
 * file's problems are listed where they are (line, column, field). The import is the assay's
 * own service, reached through its view provider (this module imports no assay module).
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/uploads')
export class WebAssayUploadsController {
  constructor(
    private readonly assays: AssayViews,
    private readonly views: WebViews,
  ) {}

  @Get(':assay/:kind/:id')
  async uploadPage(
    @Req() req: WebRequest,
    @Param('assay') assay: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
  ): Promise<string> {
    return this.render(req, assay, kind, id, {});
  }

  @Post(':assay/:kind/:id')
  // Multipart: the token is read once the body is parsed (below), not by the guard.
  @SetMetadata(CSRF_IN_HANDLER, true)
  @UseInterceptors(
    FileInterceptor('file', {
      // The confirmation carries the file back as base64 in a field: room for it too.
      limits: {
        fileSize: MAX_ASSAY_UPLOAD_BYTES,
        files: 1,
        fieldSize: Math.ceil((MAX_ASSAY_UPLOAD_BYTES * 4) / 3) + 1024,
      },
    }),
  )
  async upload(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('assay') assay: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Body() form: CarriedUploadForm,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<void> {
    assertCsrf(req);
    const provider = this.uploader(assay);
    const carried = carriedFile(form, file);
    const send = async (status: number, data: UploadPageData) =>
      res
        .status(status)
        .type('html')
        .send(await this.render(req, assay, kind, id, data));
    if (!carried) {
      await send(400, { error: { detail: 'choose an export file first', problems: [] } });
      return;
    }
    const dryRun = form.step !== 'import';
    try {
      const report = await provider.upload!(req.actor!, kind, id, carried, dryRun);
      await send(report.outcome === 'imported' ? 201 : 200, {
        report,
        content: carried.bytes.toString('base64'),
        filename: carried.filename,
      });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code === 'NOT_FOUND') throw e;
      await send(importErrorStatus(e.code), {
        filename: carried.filename,
        error: { detail: e.detail, problems: e.errors, code: e.code },
      });
    }
  }

  private uploader(assay: string): AssayViewProvider {
    const provider = this.assays.provider(assay);
    if (!provider.upload || !provider.uploadTarget) {
      throw new NotFoundError('Upload page', assay);
    }
    return provider;
  }

  private async render(
    req: WebRequest,
    assay: string,
    kind: string,
    id: string,
    data: UploadPageData,
  ): Promise<string> {
    const target = await this.uploader(assay).uploadTarget!(req.actor!, kind, id);
    return this.views.page(
      req,
      'assay-upload',
      { title: target.title },
      { target, action: assayUploadHref(assay, kind, id), ...data },
    );
  }
}

interface UploadPageData {
  report?: AssayUploadReport;
  content?: string;
  filename?: string | null;
  error?: { detail: string; problems: ProblemItem[]; code?: string };
}
