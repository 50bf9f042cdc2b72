import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { BrowserReadable, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import type { UploadedFileLike } from '../../common/http/file-upload';
import { ExportImportRoute, importUploadedExport } from '../export-import/export-upload';
import { ApiProblems } from '../../common/openapi/api-problems';
import {
  AnalysisDto,
  AnalysisPageDto,
  FoldChangePageDto,
  QpcrImportQueryDto,
  QpcrImportReportDto,
  ListAnalysesQueryDto,
  ListFoldChangesQueryDto,
  ListReactionsQueryDto,
  ReactionPageDto,
} from './dto/qpcr.dto';
import { QpcrAnalysesService } from './qpcr-analyses.service';
import { QpcrImportService } from './qpcr-import.service';
import { QpcrReportsService } from './qpcr-reports.service';

/** Room for RDML files of several 384-well plates, whose XML is far larger than the zip. */
export const MAX_QPCR_UPLOAD_BYTES = 20 * 1024 * 1024;
// RDML (a zip) and Excel exports come only as multipart files, as their bytes.
const UPLOAD_HOW_TO_SEND =
  'a multipart/form-data field "file" (RDML, Excel and text exports), or a text/csv or text/plain body';

/** qPCR imports, expression analyses, fold changes, plots and export. */
@ApiTags('qpcr')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class QpcrController {
  constructor(
    private readonly imports: QpcrImportService,
    private readonly analyses: QpcrAnalysesService,
    private readonly reports: QpcrReportsService,
  ) {}

  @Post('runs/:id/qpcr-imports')
  @ExportImportRoute(MAX_QPCR_UPLOAD_BYTES, QpcrImportReportDto)
  @ApiOperation({
    summary:
      'Import a qPCR export (RDML, QuantStudio text or Excel, CFX Cq Results CSV, long CSV) into a qpcr-expression run and analyse it',
    description:
      'All or nothing; sample names map to the run materials and target names to the gene panel (PUT …/qpcr-names), an unmapped name is an error listing the known ones; `dryRun=true` reports without writing; the same content for the same run creates nothing (200, duplicate). Undetermined Cq values stay undetermined.',
  })
  @ApiProblems(
    'NOT_FOUND',
    'WRONG_PROTOCOL',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'IMPORT_REJECTED',
    'QPCR_EXPORT_HELD_BY_ANOTHER_RUN',
    'UNSUPPORTED_MEDIA_TYPE',
  )
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() q: QpcrImportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QpcrImportReportDto> {
    return importUploadedExport({ body, file, query: q, res }, UPLOAD_HOW_TO_SEND, (bytes, o) =>
      this.imports.import(actor, id, bytes, o),
    );
  }

  @Get('runs/:id/qpcr-reactions')
  @ApiOperation({ summary: 'Reactions of the current import, as written (Cq text kept)' })
  @ApiOkResponse({ type: ReactionPageDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL')
  reactions(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListReactionsQueryDto,
  ): Promise<ReactionPageDto> {
    return this.analyses.reactions(id, q);
  }

  @Get('runs/:id/qpcr-analyses')
  @ApiOperation({ summary: 'Expression analyses of a run, newest first (superseded ones kept)' })
  @ApiOkResponse({ type: AnalysisPageDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL')
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListAnalysesQueryDto,
  ): Promise<AnalysisPageDto> {
    return this.analyses.list(id, q);
  }

  @Post('runs/:id/qpcr-analyses')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Analyse the current import again (after the run settings or the stated efficiencies changed); the previous analysis is superseded, not deleted',
  })
  @ApiCreatedResponse({ type: AnalysisDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL', 'RUN_LOCKED', 'RUN_NOT_EDITABLE', 'QPCR_NOT_IMPORTED')
  recompute(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AnalysisDto> {
    return this.analyses.recompute(actor, id);
  }

  @Get('qpcr-analyses/:id')
  @ApiOperation({ summary: 'An expression analysis in full, with its provenance' })
  @ApiOkResponse({ type: AnalysisDto })
  @ApiProblems('NOT_FOUND')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AnalysisDto> {
    return this.analyses.get(id);
  }

  @Get('qpcr-analyses/:id/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'One row per sample and gene: Cq mean and SD, ΔCq, ΔΔCq, fold with its range, flags (formula cells neutralised)',
  })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems('NOT_FOUND')
  csv(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.reports.csv(id);
  }

  @Get('qpcr-analyses/:id/plot.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'log2 fold per target gene with its CI, each group vs the calibrator' })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems('NOT_FOUND')
  plot(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.reports.foldPlot(id);
  }

  @Get('qpcr-analyses/:id/standard-curves.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'Standard curves (Cq vs log10 quantity) with their fit and efficiency' })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems('NOT_FOUND')
  standardCurves(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.reports.standardCurvePlot(id);
  }

  @Get('qpcr-fold-changes')
  @ApiOperation({
    summary: 'Transporter fold changes (group vs calibrator), filtered by material, run or gene',
  })
  @ApiOkResponse({ type: FoldChangePageDto })
  @ApiProblems()
  foldChanges(@Query() q: ListFoldChangesQueryDto): Promise<FoldChangePageDto> {
    return this.analyses.foldChanges(q);
  }
}
