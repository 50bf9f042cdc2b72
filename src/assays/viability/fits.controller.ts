import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { FitDto, FitPageDto, ListFitsQueryDto } from './dto/fit.dto';
import { RecordedFoldResistanceDto } from './dto/fold-resistance.dto';
import { FitsService } from './fits.service';
import { FoldResistanceService } from './fold-resistance.service';
import { ViabilityPlotsService } from './viability-plots.service';

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
  @ApiOkResponse({ type: FitPageDto })
  list(@Query() query: ListFitsQueryDto): Promise<FitPageDto> {
    return this.fits.list(query);
  }

  // Declared before :id so that the static path wins.
  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="fits.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per fit: every parameter, SE, IC50, CI and flag' })
  exportCsv(@Query() query: ListFitsQueryDto): Promise<string> {
    return this.plots.exportCsv(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: FitDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<FitDto> {
    return this.fits.get(id);
  }

  @Get(':id/plot.svg')
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
  @ApiOkResponse({ type: [FitDto], description: 'Every fit of the material, newest first' })
  fitHistory(@Param('id', ParseUUIDPipe) id: string): Promise<FitDto[]> {
    return this.fits.forMaterial(id);
  }

  @Get(':id/fold-resistance')
  @ApiOkResponse({ type: [RecordedFoldResistanceDto] })
  recordedFoldResistance(
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<RecordedFoldResistanceDto[]> {
    return this.foldResistance.forMaterial(id);
  }
}
