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
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { BrowserReadable, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { ApiProblems } from '../../common/openapi/api-problems';
import type { Actor } from '../../common/auth/roles';
import {
  ComparisonQueryDto,
  ComputeKineticsDto,
  DonorComparisonDto,
  KineticsComputationDto,
  KineticsResultPageDto,
  ListKineticsQueryDto,
} from './dto/kinetics.dto';
import { KineticsReportsService } from './kinetics-reports.service';
import { KineticsService } from './kinetics.service';

/** Degradation kinetics of co-cultures, metabolite formation and the donor comparison. */
@ApiTags('coculture')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class KineticsController {
  constructor(
    private readonly kinetics: KineticsService,
    private readonly reports: KineticsReportsService,
  ) {}

  @Post('degradation-analyses')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Compute the kinetics of every culture of a co-culture run from its accepted LC-MS/MS concentrations (supersedes the previous results). Every LC-MS/MS import and calibrator exclusion already recomputes them; ask again after changing the run’s kinetics parameters',
  })
  @ApiCreatedResponse({ type: KineticsComputationDto })
  @ApiProblems('NOT_FOUND', 'RUN_LOCKED', 'RUN_NOT_EDITABLE', 'WRONG_PROTOCOL')
  compute(
    @CurrentActor() actor: Actor,
    @Body() dto: ComputeKineticsDto,
  ): Promise<KineticsComputationDto> {
    return this.kinetics.compute(actor, dto.runId);
  }

  @Get('degradation-results')
  @ApiOperation({
    summary:
      'Current kinetics results (degradation of the parent, formation of metabolites), filtered by run, culture or analyte',
  })
  @ApiOkResponse({ type: KineticsResultPageDto })
  @ApiProblems()
  list(@Query() q: ListKineticsQueryDto): Promise<KineticsResultPageDto> {
    return this.kinetics.list(q);
  }

  @Get('degradation-results.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="degradation-results.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The kinetics results as CSV (formula-injection safe)' })
  @ApiOkResponse({ description: 'CSV' })
  @ApiProblems()
  csv(@Query() q: ListKineticsQueryDto): Promise<string> {
    return this.reports.kineticsCsv(q);
  }

  @Get('degradation/comparison')
  @ApiOperation({
    summary:
      'Responders vs non-responders: per-donor k and t½, group median and IQR, Mann–Whitney U (exact p for small n); insufficient data below 3 donors per group',
  })
  @ApiOkResponse({ type: DonorComparisonDto })
  @ApiProblems()
  comparison(@Query() q: ComparisonQueryDto): Promise<DonorComparisonDto> {
    return this.kinetics.comparison(q);
  }

  @Get('degradation/comparison.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'Donor-comparison dot plot' })
  @ApiOkResponse({ description: 'SVG' })
  @ApiProblems()
  comparisonSvg(@Query() q: ComparisonQueryDto): Promise<string> {
    return this.reports.comparisonSvg(q);
  }

  @Get('coculture-cultures/:id/degradation.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    summary: 'Degradation of the parent drug (ln C vs t, SFO fit and CI) over its abiotic control',
  })
  @ApiOkResponse({ description: 'SVG' })
  @ApiProblems('NOT_FOUND')
  degradationSvg(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.reports.degradationSvg(id);
  }

  @Get('coculture-cultures/:id/metabolites.svg')
  @BrowserReadable()
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    summary:
      'Metabolite time courses of a culture, with Cmax, Tmax, initial rate and molar balance',
  })
  @ApiOkResponse({ description: 'SVG' })
  @ApiProblems('NOT_FOUND')
  metabolitesSvg(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.reports.metabolitesSvg(id);
  }
}
