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
import { CreatePassageDto, NextDoseDto, PassageDto, PassagePageDto } from './dto/passage.dto';
import { PassagesService } from './passages.service';
import { ApiProblems } from '../../common/openapi/api-problems';

/** The passage log of a resistance-induction run and the dose-escalation suggestion. */
@ApiTags('resistance induction')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('runs/:id')
export class PassagesController {
  constructor(private readonly passages: PassagesService) {}

  @Post('passages')
  @ApiOperation({ summary: 'Record a passage of a dose-escalation run' })
  @ApiProblems(
    'NOT_FOUND',
    'VALIDATION_FAILED',
    'RUN_NOT_IN_PROGRESS',
    'RUN_LOCKED',
    'NOT_A_DOSE_ESCALATION_RUN',
  )
  @ApiCreatedResponse({
    type: PassageDto,
    description:
      'Only while the run is in progress. A dose other than the suggestion needs deviationReason and is logged as a deviation.',
  })
  record(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreatePassageDto,
  ): Promise<PassageDto> {
    return this.passages.record(actor, id, dto);
  }

  @Get('passages')
  @ApiOperation({ summary: "A dose-escalation run's passages, in order" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: PassagePageDto })
  async list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<PassagePageDto> {
    return pageOfLoaded(await this.passages.list(id), q);
  }

  @Get('next-dose')
  @ApiOperation({ summary: 'The suggested dose for the next passage and the rule that fired' })
  @ApiProblems('NOT_FOUND', 'NOT_A_DOSE_ESCALATION_RUN')
  @ApiOkResponse({
    type: NextDoseDto,
    description: 'The suggested dose for the next passage, the rule that fired and why',
  })
  nextDose(@Param('id', ParseUUIDPipe) id: string): Promise<NextDoseDto> {
    return this.passages.nextDose(id);
  }
}
