import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import {
  CreateEffluxExperimentDto,
  EffluxResultDto,
  EffluxReversalQueryDto,
  EffluxExperimentPageDto,
} from './dto/efflux.dto';
import { EffluxService } from './efflux.service';
import { ApiProblems } from '../../common/openapi/api-problems';

/** Efflux-inhibitor experiments: reversal fold, FR with inhibitor, restoration, verdict. */
@ApiTags('efflux')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class EffluxController {
  constructor(private readonly efflux: EffluxService) {}

  @Post('efflux-experiments')
  @ApiOperation({ summary: 'Record an efflux experiment (parental and resistant, ± inhibitor)' })
  @ApiProblems('UNKNOWN_MATERIAL', 'PLATE_REFERENCE_UNKNOWN', 'NO_FIT_AVAILABLE')
  @ApiCreatedResponse({ type: EffluxResultDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateEffluxExperimentDto,
  ): Promise<EffluxResultDto> {
    return this.efflux.create(actor, dto);
  }

  @Get('efflux-experiments')
  @ApiOperation({ summary: 'List efflux experiments, newest first' })
  @ApiProblems()
  @ApiOkResponse({ type: EffluxExperimentPageDto })
  async list(@Query() q: PageQueryDto): Promise<EffluxExperimentPageDto> {
    return pageOfLoaded(await this.efflux.list(), q);
  }

  @Get('efflux-experiments/:id')
  @ApiOperation({ summary: 'An efflux experiment with its reversal, from the current fits' })
  @ApiProblems('NOT_FOUND', 'NO_FIT_AVAILABLE')
  @ApiOkResponse({ type: EffluxResultDto, description: 'Computed from the current fits' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<EffluxResultDto> {
    return this.efflux.get(id);
  }

  @Get('efflux-reversal')
  @ApiOperation({ summary: 'Efflux reversal of two materials from their latest current fits' })
  @ApiProblems('UNKNOWN_MATERIAL', 'NO_FIT_AVAILABLE')
  @ApiOkResponse({ type: EffluxResultDto, description: 'Latest current fits, approved runs first' })
  reversal(@Query() query: EffluxReversalQueryDto): Promise<EffluxResultDto> {
    return this.efflux.reversal(query);
  }
}
