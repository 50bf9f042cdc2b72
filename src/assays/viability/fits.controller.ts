import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { pageOfLoaded } from '../../common/dto/page.dto';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { FitDto, FitHistoryQueryDto, FitPageDto, ListFitsQueryDto } from './dto/fit.dto';
import { RecordedFoldResistancePageDto } from './dto/fold-resistance.dto';
import { FitsService } from './fits.service';
// Its own line: the plot route opens in a browser with the web UI's session (src/web).
import { BrowserReadable } from '../../common/auth/auth.decorators';
import { FoldResistanceService } from './fold-resistance.service';
import { ViabilityPlotsService } from './viability-plots.service';
import { ApiProblems } from '../../common/openapi/api-problems';

/** Dose-response fits: lists, one fit, its plot, and the CSV export. */
@ApiTags('viability')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('fits')
export class FitsController {
  constructor(
    private readonly fits: FitsService,
    private readonly plots: ViabilityPlotsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List dose-response fits, filtered, newest first, with the total' })
  @ApiProblems()
  @ApiOkResponse({ type: FitPageDto })
  list(@Query() query: ListFitsQueryDto): Promise<FitPageDto> {
    return this.fits.list(query);
  }

  // Declared before :id so that the static path wins.
  @Get('export.csv')
  @ApiOperation({ summary: 'The same fits as CSV: every parameter, SE, IC50, CI and flag' })
  @ApiProblems()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="fits.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per fit: every parameter, SE, IC50, CI and flag' })
  exportCsv(@Query() query: ListFitsQueryDto): Promise<string> {
    return this.plots.exportCsv(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One fit with its parameters, IC50 and CI, flags and provenance' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: FitDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<FitDto> {
    return this.fits.get(id);
  }

  @Get(':id/plot.svg')
  @BrowserReadable()
  @ApiOperation({ summary: 'SVG plot of a fit: points with error bars, curve, IC50 with its CI' })
  @ApiProblems('NOT_FOUND')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'Points with replicate error bars, curve, IC50 with CI band' })
  plot(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.plots.fitPlot(id);
  }
}

/** What the viability assay adds to a material's record: its fits and fold-resistances. */
@ApiTags('viability')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('materials')
export class MaterialAssaysController {
  constructor(
    private readonly fits: FitsService,
    private readonly foldResistance: FoldResistanceService,
  ) {}

  @Get(':id/fits')
  @ApiOperation({ summary: 'Every fit of a material, newest first' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: FitPageDto, description: 'Every fit of the material, newest first' })
  async fitHistory(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: FitHistoryQueryDto,
  ): Promise<FitPageDto> {
    return pageOfLoaded(await this.fits.forMaterial(id), q);
  }

  @Get(':id/fold-resistance')
  @ApiOperation({ summary: 'The fold-resistance results recorded for a material' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: RecordedFoldResistancePageDto })
  async recordedFoldResistance(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<RecordedFoldResistancePageDto> {
    return pageOfLoaded(await this.foldResistance.forMaterial(id), q);
  }
}
