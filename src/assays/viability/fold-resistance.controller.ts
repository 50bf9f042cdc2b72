import { Body, Controller, Get, Header, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { BrowserReadable, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import {
  FoldResistanceDto,
  FoldResistancePlotQueryDto,
  FoldResistanceQueryDto,
  RecordFoldResistanceDto,
} from './dto/fold-resistance.dto';
import { FoldResistanceService } from './fold-resistance.service';
import { ViabilityPlotsService } from './viability-plots.service';
import { ApiProblems } from '../../common/openapi/api-problems';

/**
 * Fold-resistance of a derived population against its parental line. GET computes it (latest
 * current fits from approved runs unless fits are named; falling back, with a warning, to the
 * latest current fits); POST records it on the resistant population's record.
 */
@ApiTags('viability')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('fold-resistance')
export class FoldResistanceController {
  constructor(
    private readonly foldResistance: FoldResistanceService,
    private readonly plots: ViabilityPlotsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Fold-resistance of a resistant over a parental material, with its CI' })
  @ApiProblems('UNKNOWN_MATERIAL', 'NO_FIT_AVAILABLE', 'NOT_FOUND')
  @ApiOkResponse({ type: FoldResistanceDto })
  compute(@Query() query: FoldResistanceQueryDto): Promise<FoldResistanceDto> {
    return this.foldResistance.compute(query);
  }

  @Post()
  @ApiOperation({ summary: 'Record a fold-resistance result (once per pair of fits)' })
  @ApiProblems('UNKNOWN_MATERIAL', 'NO_FIT_AVAILABLE', 'NOT_FOUND')
  @ApiCreatedResponse({ type: FoldResistanceDto, description: 'Recorded (once per pair of fits)' })
  record(
    @CurrentActor() actor: Actor,
    @Body() dto: RecordFoldResistanceDto,
  ): Promise<FoldResistanceDto> {
    return this.foldResistance.record(actor, dto);
  }

  @Get('plot.svg')
  @BrowserReadable()
  @ApiOperation({ summary: 'SVG plot of parental and resistant curves with the fold-resistance' })
  @ApiProblems('UNKNOWN_MATERIAL', 'NO_FIT_AVAILABLE', 'NOT_FOUND')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'Parental and resistant curves (± inhibitor) with FR' })
  plot(@Query() query: FoldResistancePlotQueryDto): Promise<string> {
    return this.plots.foldResistancePlot(query);
  }
}
