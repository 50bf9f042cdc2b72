import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { pageOfLoaded } from '../../common/dto/page.dto';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { AnalysisWellsService } from './analysis-wells.service';
import { AnalysisWellsDto } from './dto/analysis-wells.dto';
import { FitPageDto, PlateFitsQueryDto } from './dto/fit.dto';
import {
  ExcludeWellsDto,
  PlateAnalysisDto,
  PlateQcResultDto,
  PlateQcResultPageDto,
  QcOverrideDto,
  RefitPlateDto,
} from './dto/plate-analysis.dto';
import { FitsService } from './fits.service';
import { PlateRefitsService } from './plate-refits.service';
import { ApiProblems } from '../../common/openapi/api-problems';

/**
 * A plate's MTT analysis: its fits and QC (with history), each analysis's derived well values,
 * well exclusions and refits (the old fits are superseded, never deleted), and a manager's
 * override of failed plate QC.
 */
@ApiTags('viability')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('plates')
export class PlateAnalysisController {
  constructor(
    private readonly fits: FitsService,
    private readonly refits: PlateRefitsService,
    private readonly analysisWells: AnalysisWellsService,
  ) {}

  @Get(':id/fits')
  @ApiOperation({ summary: "A plate's dose-response fits (current only, or all with all=true)" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: FitPageDto })
  async plateFits(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PlateFitsQueryDto,
  ): Promise<FitPageDto> {
    return pageOfLoaded(await this.fits.forPlate(id, q.all === 'true'), q);
  }

  @Get(':id/qc')
  @ApiOperation({ summary: "A plate's QC results (Z′, CVs, edge drift), current first" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({
    type: PlateQcResultPageDto,
    description: 'Analyses of the plate, current first',
  })
  async plateQc(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<PlateQcResultPageDto> {
    return pageOfLoaded(await this.fits.qcForPlate(id), q);
  }

  @Get(':id/analyses/:analysisId/wells')
  @ApiOperation({ summary: 'What one analysis derived from each well, beside its raw values' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({
    type: AnalysisWellsDto,
    description:
      'What one analysis (a QC result id) derived from each well, next to the layout entry and ' +
      'the raw values it came from, with the method, version and input hash',
  })
  analysisWellValues(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('analysisId', ParseUUIDPipe) analysisId: string,
  ): Promise<AnalysisWellsDto> {
    return this.analysisWells.get(id, analysisId);
  }

  @Post(':id/exclusions')
  @ApiOperation({ summary: 'Exclude wells, with a reason, and refit the plate' })
  @ApiProblems(
    'NOT_FOUND',
    'VALIDATION_FAILED',
    'CONFLICT',
    'PLATE_NOT_READ',
    'PLATE_NOT_ANALYSABLE',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'RUN_NOT_IN_PROGRESS',
  )
  @ApiCreatedResponse({ type: PlateAnalysisDto, description: 'Wells excluded; the plate refitted' })
  exclude(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ExcludeWellsDto,
  ): Promise<PlateAnalysisDto> {
    return this.refits.excludeWells(actor, id, dto);
  }

  @Post(':id/refit')
  @ApiOperation({ summary: 'Refit the plate with other options; the old fits are superseded' })
  @ApiProblems(
    'NOT_FOUND',
    'PLATE_NOT_READ',
    'PLATE_NOT_ANALYSABLE',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'RUN_NOT_IN_PROGRESS',
  )
  @HttpCode(200)
  @ApiOkResponse({ type: PlateAnalysisDto, description: 'New current fits; the old superseded' })
  refit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RefitPlateDto,
  ): Promise<PlateAnalysisDto> {
    return this.refits.refit(actor, id, dto);
  }

  @Post(':id/qc-override')
  @ApiOperation({ summary: 'Let a plate that failed QC count for approval (managers, e-signed)' })
  @ApiProblems(
    'NOT_FOUND',
    'PLATE_NOT_READ',
    'QC_OVERRIDE_NOT_NEEDED',
    'CONFLICT',
    'REAUTHENTICATION_FAILED',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'RUN_NOT_IN_PROGRESS',
  )
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({
    type: PlateQcResultDto,
    description:
      'A manager lets a plate that failed QC count for approval (reason; e-signed with password)',
  })
  overrideQc(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: QcOverrideDto,
  ): Promise<PlateQcResultDto> {
    return this.refits.overrideQc(actor, id, dto);
  }
}
