import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  SetMetadata,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { plateDimensions, type PlateSize } from '../analysis/plate/well-position';
import { Roles } from '../common/auth/auth.decorators';
import { DomainError, type ProblemItem } from '../common/errors/domain.error';
import { PlateImportService } from '../imports/plate-import.service';
import { MAX_UPLOAD_BYTES } from '../imports/plate-upload';
import type { UploadedFileLike } from '../imports/uploaded-text';
import type { PlateImportResultDto } from '../imports/dto/plate-import.dto';
import { PlatesService } from '../plates/plates.service';
import type { ViewBlock, ViewWell } from '../runs/assay-views';
import { carriedFile, importErrorStatus, type CarriedUploadForm } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { assertCsrf, CSRF_IN_HANDLER } from './web-session.guard';
import { WebViews } from './web-views.service';

interface UploadForm extends CarriedUploadForm {
  plate?: string;
}

/**
 * Plate upload: choose a reader file, see the dry-run report, then confirm. A rejected file's
 * problems are shown on the plate map, each bad well highlighted and explained on hover and
 * keyboard focus. The import is PlateImportService's, the same as the API's upload route.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/plates')
export class WebPlatesController {
  constructor(
    private readonly imports: PlateImportService,
    private readonly plates: PlatesService,
    private readonly views: WebViews,
  ) {}

  @Get('upload')
  async uploadPage(@Req() req: WebRequest, @Query('plate') plate?: string): Promise<string> {
    return this.render(req, { plate: plate ?? '' });
  }

  @Post('upload')
  // Multipart: the token is read once the body is parsed (below), not by the guard.
  @SetMetadata(CSRF_IN_HANDLER, true)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async upload(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() form: UploadForm,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<void> {
    assertCsrf(req);
    const plate = (form.plate ?? '').trim() || undefined;
    const dryRun = form.step !== 'import';
    const carried = carriedFile(form, file);
    if (!carried) {
      res
        .status(400)
        .type('html')
        .send(
          await this.render(req, {
            plate: plate ?? '',
            error: { detail: 'choose a plate-reader file first', problems: [] },
          }),
        );
      return;
    }
    const { bytes, filename } = carried;
    try {
      const out = await this.imports.importReading(req.actor!, {
        bytes,
        filename,
        plate,
        dryRun,
        idempotencyKey: null,
      });
      res
        .status(out.created ? 201 : 200)
        .type('html')
        .send(
          await this.render(req, {
            plate: plate ?? '',
            result: out.result,
            content: bytes.toString('base64'),
            filename,
          }),
        );
    } catch (e) {
      if (!(e instanceof DomainError) || e.code === 'NOT_FOUND') throw e;
      const status = importErrorStatus(e.code);
      const maps = await this.problemMaps(
        e.errors,
        e.extensions.report as { plateId?: string | null } | undefined,
        plate,
      );
      res
        .status(status)
        .type('html')
        .send(
          await this.render(req, {
            plate: plate ?? '',
            filename,
            error: { detail: e.detail, problems: e.errors, code: e.code },
            maps,
          }),
        );
    }
  }

  /**
   * The rejected file's problems on its plates: one map per plate of the file (a multi-plate
   * file's problems name their block), each well with its problems on hover and focus.
   */
  private async problemMaps(
    problems: (ProblemItem & { plate?: string })[],
    report: { plateId?: string | null } | undefined,
    plate: string | undefined,
  ): Promise<ViewBlock[]> {
    const located = problems.filter((p) => p.well);
    const blocks = [...new Set(located.map((p) => p.plate ?? ''))];
    const maps: ViewBlock[] = [];
    for (const block of blocks) {
      const onBlock = located.filter((p) => (p.plate ?? '') === block);
      // A block of a multi-plate file is the planned plate whose barcode is its name.
      const map = await this.problemMap(
        onBlock,
        block ? null : (report?.plateId ?? null),
        block || plate,
      );
      maps.push({ ...map, caption: `${block ? `${block}: ` : ''}${map.caption}` });
    }
    return maps;
  }

  private async problemMap(
    located: ProblemItem[],
    plateId: string | null,
    plate: string | undefined,
  ): Promise<ViewBlock & { kind: 'plate' }> {
    let size: PlateSize = 96;
    try {
      if (plateId) size = (await this.plates.get(plateId)).plateSize;
      else if (plate) size = (await this.plates.getByBarcode(plate)).plateSize;
    } catch {
      // An unknown plate: the wells are still shown, on a 96-well grid unless one is beyond it.
    }
    if (
      located.some((p) => /^[I-P]|\d{2}$/.test(p.well!) && !/^[A-H](0?[1-9]|1[0-2])$/.test(p.well!))
    )
      size = 384;
    const dims = plateDimensions(size);
    const wells: Record<string, ViewWell> = {};
    for (const p of located) {
      const name = p.well!.replace(/^([A-P])0(\d)$/, '$1$2');
      const before = wells[name]?.note;
      const overflow = /OVERFLOW|SATURAT|OVER/i.test(p.code);
      wells[name] = {
        label: '!',
        state: overflow && wells[name]?.state !== 'bad' ? 'overflow' : 'bad',
        note: `${before ? `${before}; ` : `${name}: `}${p.message}${p.line ? ` (line ${p.line})` : ''}`,
      };
    }
    return {
      kind: 'plate',
      caption: `Wells with problems (${located.length}): hover or focus a well to read why`,
      rows: dims.rows,
      columns: dims.columns,
      wells,
    };
  }

  private async render(
    req: WebRequest,
    data: {
      plate: string;
      result?: PlateImportResultDto;
      content?: string;
      filename?: string | null;
      error?: { detail: string; problems: ProblemItem[]; code?: string };
      maps?: ViewBlock[];
    },
  ): Promise<string> {
    const planned = await this.plates.list({ status: 'planned', limit: 100, offset: 0 });
    return this.views.page(
      req,
      'plate-upload',
      { title: 'Plate upload', nav: 'upload' },
      {
        planned: planned.items,
        ...data,
      },
    );
  }
}
