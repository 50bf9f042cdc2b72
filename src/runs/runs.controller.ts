import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ReasonDto } from '../auth/dto/auth.dto';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { SignDto } from '../signatures/signature.dto';
import { CreateRunDto } from './dto/create-run.dto';
import { ListRunsQueryDto } from './dto/list-runs.query';
import { ResolvedParameterDto, RunDetailDto, RunPageDto } from './dto/run.dto';
import { CompleteRunDto, StartRunDto } from './dto/run-transition.dto';
import { UpdateRunDto } from './dto/update-run.dto';
import { RunTransitionsService } from './run-transitions.service';
import { RunsService } from './runs.service';
import { RunTransition } from './run-transition.decorator';
import { ApiProblems } from '../common/openapi/api-problems';

/**
 * Runs and their lifecycle: planned → in_progress → completed → in_review → approved (locked)
 * or returned; cancel before completion. Approve and return are e-signatures by a manager who
 * is not the run's operator.
 */
@ApiTags('runs')
@ApiBearerAuth()
@ApiExtraModels(ResolvedParameterDto)
@Roles('scientist', 'manager')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly transitions: RunTransitionsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Plan a run of an approved protocol version, with its materials and parameters',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'PROTOCOL_VERSION_NOT_APPROVED',
    'UNKNOWN_MATERIAL',
    'MATERIAL_NOT_AVAILABLE',
    'NOT_FOUND',
  )
  @ApiCreatedResponse({ type: RunDetailDto, description: 'A planned run' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRunDto): Promise<RunDetailDto> {
    return this.runs.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List runs, filtered, newest first, with the total' })
  @ApiProblems()
  @ApiOkResponse({ type: RunPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListRunsQueryDto): Promise<RunPageDto> {
    return this.runs.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A run with its materials, parameters and history' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: RunDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RunDetailDto> {
    return this.runs.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a planned or in-progress run' })
  @ApiProblems('NOT_FOUND', 'VALIDATION_FAILED', 'RUN_LOCKED', 'RUN_NOT_EDITABLE')
  @ApiOkResponse({ type: RunDetailDto, description: 'Only while planned or in progress' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRunDto,
  ): Promise<RunDetailDto> {
    return this.runs.update(actor, id, dto);
  }

  @RunTransition('start', {
    summary: 'Start a planned run (planned → in_progress)',
    transition: 'planned → in_progress',
  })
  start(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StartRunDto,
  ) {
    return this.transitions.transition(a, id, 'start', dto);
  }

  @RunTransition('complete', {
    summary: 'Complete a run (in_progress | returned → completed)',
    transition: 'in_progress | returned → completed',
  })
  complete(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CompleteRunDto,
  ) {
    return this.transitions.transition(a, id, 'complete', dto);
  }

  @RunTransition('submit', {
    summary: 'Send a completed run for review (completed → in_review)',
    transition: 'completed → in_review',
    problems: ['OWNER_ONLY'],
  })
  submit(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.transitions.transition(a, id, 'submit');
  }

  @RunTransition('return', {
    summary: 'Return a run under review to its operator (e-signature "reviewed")',
    transition: 'in_review → returned; e-signature "reviewed", the reason is the comments',
    problems: ['SELF_APPROVAL_FORBIDDEN', 'REAUTHENTICATION_FAILED'],
    manager: true,
  })
  return(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignDto) {
    return this.transitions.transition(a, id, 'return', { signature: dto });
  }

  @RunTransition('approve', {
    summary: 'Approve and lock a run (e-signature "approved", not by its operator)',
    transition: 'in_review → approved (locked); e-signature "approved" by a non-operator',
    problems: ['SELF_APPROVAL_FORBIDDEN', 'REAUTHENTICATION_FAILED', 'PLATE_QC_FAILED'],
    manager: true,
  })
  approve(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignDto) {
    return this.transitions.transition(a, id, 'approve', { signature: dto });
  }

  @RunTransition('reopen', {
    summary: 'Reopen a completed or returned run (→ in_progress), with a reason',
    transition: 'completed | returned → in_progress',
  })
  reopen(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto) {
    return this.transitions.transition(a, id, 'reopen', dto);
  }

  @RunTransition('cancel', {
    summary: 'Cancel a planned or in-progress run, with a reason',
    transition: 'planned | in_progress → cancelled',
  })
  cancel(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto) {
    return this.transitions.transition(a, id, 'cancel', dto);
  }
}
