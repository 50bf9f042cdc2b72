import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
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
import type { UploadedFileLike } from '../../common/http/file-upload';
import { ExportImportRoute, importUploadedExport } from '../export-import/export-upload';
import { ApiProblems } from '../../common/openapi/api-problems';
import type { Actor } from '../../common/auth/roles';
import {
  BatchDto,
  BatchPageDto,
  CalibrationDto,
  CalibratorExclusionDto,
  CalibrationPageDto,
  ConcentrationPageDto,
  CreateBatchDto,
  ExcludeCalibratorDto,
  LcmsImportQueryDto,
  LcmsImportReportDto,
  ListBatchesQueryDto,
  ListCalibrationsQueryDto,
  ListConcentrationsQueryDto,
  NameMappingDto,
  ListPeakAreasQueryDto,
  PeakAreaPageDto,
  PutNameMappingDto,
} from './dto/lcms.dto';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsCalibrationsService } from './lcms-calibrations.service';
import { LcmsImportService } from './lcms-import.service';
import { LcmsReportsService } from './lcms-reports.service';

export const MAX_LCMS_UPLOAD_BYTES = 20 * 1024 * 1024;
const UPLOAD_HOW_TO_SEND =
  'a text/csv or text/plain body, or as a multipart/form-data field "file"';

/** LC-MS/MS batches: injection lists, imports, calibrations (ICH M10), concentrations. */
@ApiTags('lcms')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class LcmsController {
  constructor(
    private readonly batches: LcmsBatchesService,
    private readonly imports: LcmsImportService,
    private readonly calibrations: LcmsCalibrationsService,
    private readonly reports: LcmsReportsService,
  ) {}

  @Post('lcms-batches')
  @ApiOperation({
    summary:
      'Record an LC-MS/MS batch (analytes, internal standard, injection list) on an lcms-quantification run',
  })
  @ApiCreatedResponse({ type: BatchDto })
  @ApiProblems('NOT_FOUND', 'RUN_LOCKED', 'RUN_NOT_EDITABLE', 'WRONG_PROTOCOL')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBatchDto): Promise<BatchDto> {
    return this.batches.create(actor, dto);
  }

  @Get('lcms-batches')
  @ApiOperation({ summary: 'List LC-MS/MS batches, filtered by run' })
  @ApiOkResponse({ type: BatchPageDto })
  @ApiProblems()
  list(@Query() q: ListBatchesQueryDto): Promise<BatchPageDto> {
    return this.batches.list(q);
  }

  @Get('lcms-batches/:id')
  @ApiOperation({ summary: 'An LC-MS/MS batch with its injection list and whether it is accepted' })
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems('NOT_FOUND')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<BatchDto> {
    return this.batches.get(id);
  }

  @Post('lcms-batches/:id/imports')
  @ExportImportRoute(MAX_LCMS_UPLOAD_BYTES, LcmsImportReportDto)
  @ApiOperation({
    summary:
      'Import a quantitation export (long CSV, Skyline, MassHunter, MultiQuant, TargetLynx) into the batch',
    description:
      'All or nothing; `dryRun=true` reports without writing; the same content for the same batch creates nothing (200, duplicate). Each analyte is calibrated and judged (ICH M10) in the same transaction.',
  })
  @ApiProblems('NOT_FOUND', 'RUN_LOCKED', 'RUN_NOT_EDITABLE', 'IMPORT_REJECTED')
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() q: LcmsImportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LcmsImportReportDto> {
    return importUploadedExport({ body, file, query: q, res }, UPLOAD_HOW_TO_SEND, (bytes, o) =>
      this.imports.import(actor, id, bytes, o),
    );
  }

  @Get('lcms-batches/:id/peak-areas')
  @ApiOperation({
    summary:
      'Peak areas of the current import, exactly as the file wrote them (missing stays missing)',
  })
  @ApiOkResponse({ type: PeakAreaPageDto })
  @ApiProblems('NOT_FOUND')
  peakAreas(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListPeakAreasQueryDto,
  ): Promise<PeakAreaPageDto> {
    return this.calibrations.listPeakAreas(id, q);
  }

  @Get('lcms-batches/:id/calibrations')
  @ApiOperation({
    summary:
      'Calibrations of the batch (current, or with history=true every one, superseded included)',
  })
  @ApiOkResponse({ type: CalibrationPageDto })
  @ApiProblems('NOT_FOUND')
  listCalibrations(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListCalibrationsQueryDto,
  ): Promise<CalibrationPageDto> {
    return this.calibrations.list(id, q);
  }

  @Get('lcms-batches/:id/calibrations/:analyte')
  @ApiOperation({
    summary:
      'The current calibration of one analyte: line, back-calculated accuracies, ICH M10 decision, carry-over',
  })
  @ApiOkResponse({ type: CalibrationDto })
  @ApiProblems('NOT_FOUND', 'BATCH_NOT_IMPORTED')
  getCalibration(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('analyte') analyte: string,
  ): Promise<CalibrationDto> {
    return this.calibrations.getCurrent(id, analyte);
  }

  @Post('lcms-batches/:id/calibrations/:analyte/exclusions')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Exclude the most deviant failing calibrator, with a reason; the line, decision and concentrations are recomputed (history kept), and the kinetics of the co-culture runs whose samples the batch measured with them',
  })
  @ApiCreatedResponse({ type: CalibratorExclusionDto })
  @ApiProblems(
    'NOT_FOUND',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'BATCH_NOT_IMPORTED',
    'CALIBRATOR_EXCLUSION_REFUSED',
  )
  exclude(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('analyte') analyte: string,
    @Body() dto: ExcludeCalibratorDto,
  ): Promise<CalibratorExclusionDto> {
    return this.calibrations.exclude(actor, id, analyte, dto);
  }

  @Get('lcms-batches/:id/calibrations/:analyte/plot.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    summary: 'Calibration curve: calibrators, QCs and the ±15 % band around the line',
  })
  @ApiOkResponse({ description: 'SVG' })
  @ApiProblems('NOT_FOUND', 'BATCH_NOT_IMPORTED')
  calibrationPlot(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('analyte') analyte: string,
  ): Promise<string> {
    return this.reports.calibrationSvg(id, analyte);
  }

  @Get('lcms-concentrations')
  @ApiOperation({
    summary:
      'Concentrations of unknowns (current calibrations): quantified, BLQ, ALQ (dilute and re-run), not-reportable, no-peak',
  })
  @ApiOkResponse({ type: ConcentrationPageDto })
  @ApiProblems()
  concentrations(@Query() q: ListConcentrationsQueryDto): Promise<ConcentrationPageDto> {
    return this.calibrations.listConcentrations(q);
  }

  @Get('lcms-concentrations.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="lcms-concentrations.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same concentrations as CSV (formula-injection safe)' })
  @ApiOkResponse({ description: 'CSV' })
  @ApiProblems()
  concentrationsCsv(@Query() q: ListConcentrationsQueryDto): Promise<string> {
    return this.reports.concentrationsCsv(q);
  }

  @Get('lcms-name-mappings/:protocolVersionId')
  @ApiOperation({ summary: 'How exports of this method (protocol version) name its compounds' })
  @ApiOkResponse({ type: NameMappingDto })
  @ApiProblems()
  getMapping(@Param('protocolVersionId', ParseUUIDPipe) id: string): Promise<NameMappingDto> {
    return this.batches.getNameMapping(id);
  }

  @Put('lcms-name-mappings/:protocolVersionId')
  @ApiOperation({
    summary:
      'Confirm how exports of this method name its compounds (analyte, internal standard, or null to ignore)',
  })
  @ApiOkResponse({ type: NameMappingDto })
  @ApiProblems('NOT_FOUND')
  putMapping(
    @CurrentActor() actor: Actor,
    @Param('protocolVersionId', ParseUUIDPipe) id: string,
    @Body() dto: PutNameMappingDto,
  ): Promise<NameMappingDto> {
    return this.batches.putNameMapping(actor, id, dto);
  }
}
