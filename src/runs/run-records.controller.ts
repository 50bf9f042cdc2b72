import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { pageOfLoaded } from '../common/dto/page.dto';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { SignDto } from '../signatures/signature.dto';
import { AmendmentsService } from './amendments.service';
import { AmendmentDto, AmendmentPageDto, CreateAmendmentDto } from './dto/amendment.dto';
import { CreateDeviationDto, DeviationDto, DeviationPageDto } from './dto/deviation.dto';
import { DeviationsService } from './deviations.service';
import { ApiProblems } from '../common/openapi/api-problems';

/** Deviations logged on a run, and amendments: the only way an approved run changes. */
@ApiTags('runs')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class RunRecordsController {
  constructor(
    private readonly deviations: DeviationsService,
    private readonly amendments: AmendmentsService,
  ) {}

  @Post('runs/:id/deviations')
  @ApiOperation({ summary: 'Record a deviation from the protocol on a run' })
  @ApiProblems('NOT_FOUND', 'RUN_LOCKED', 'RUN_NOT_EDITABLE')
  @ApiCreatedResponse({ type: DeviationDto })
  createDeviation(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDeviationDto,
  ): Promise<DeviationDto> {
    return this.deviations.create(actor, id, dto);
  }

  @Get('runs/:id/deviations')
  @ApiOperation({ summary: "A run's deviations, oldest first" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: DeviationPageDto })
  async listDeviations(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<DeviationPageDto> {
    return pageOfLoaded(await this.deviations.list(id), q);
  }

  @Post('runs/:id/amendments')
  @ApiOperation({
    summary: 'Request an amendment of an approved run (applied when a manager approves it)',
  })
  @ApiProblems('NOT_FOUND', 'RUN_NOT_APPROVED', 'AMENDMENT_PENDING', 'VALIDATION_FAILED')
  @ApiCreatedResponse({ type: AmendmentDto, description: 'A pending amendment of an approved run' })
  requestAmendment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAmendmentDto,
  ): Promise<AmendmentDto> {
    return this.amendments.request(actor, id, dto);
  }

  @Get('runs/:id/amendments')
  @ApiOperation({ summary: "A run's amendments, oldest first" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: AmendmentPageDto })
  async listAmendments(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<AmendmentPageDto> {
    return pageOfLoaded(await this.amendments.list(id), q);
  }

  @Get('amendments/:id')
  @ApiOperation({ summary: 'One amendment' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: AmendmentDto })
  getAmendment(@Param('id', ParseUUIDPipe) id: string): Promise<AmendmentDto> {
    return this.amendments.get(id);
  }

  @Post('amendments/:id/approve')
  @ApiOperation({ summary: 'Approve and apply an amendment (e-signature; not the requester)' })
  @ApiProblems(
    'NOT_FOUND',
    'AMENDMENT_NOT_PENDING',
    'SELF_APPROVAL_FORBIDDEN',
    'REAUTHENTICATION_FAILED',
  )
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({
    type: AmendmentDto,
    description:
      'e-signature "amendment-approved" by a manager other than the requester; applies it',
  })
  approveAmendment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SignDto,
  ): Promise<AmendmentDto> {
    return this.amendments.approve(actor, id, dto);
  }

  @Post('amendments/:id/reject')
  @ApiOperation({ summary: 'Reject an amendment (e-signature; not the requester)' })
  @ApiProblems(
    'NOT_FOUND',
    'AMENDMENT_NOT_PENDING',
    'SELF_APPROVAL_FORBIDDEN',
    'REAUTHENTICATION_FAILED',
  )
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({
    type: AmendmentDto,
    description: 'e-signature "rejected" by a manager other than the requester',
  })
  rejectAmendment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SignDto,
  ): Promise<AmendmentDto> {
    return this.amendments.reject(actor, id, dto);
  }
}
