import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { ApiProblems } from '../../common/openapi/api-problems';
import type { Actor } from '../../common/auth/roles';
import { CocultureRecordsService } from './coculture-records.service';
import {
  CocultureSamplePageDto,
  CreateCultureDto,
  CreateSamplingDto,
  CultureDto,
  CulturePageDto,
  ListCulturesQueryDto,
  ListSamplesQueryDto,
} from './dto/coculture.dto';

/** Anaerobic co-cultures: cultures on donors' fecal aliquots, samplings (timepoint × replicate). */
@ApiTags('coculture')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class CocultureController {
  constructor(private readonly records: CocultureRecordsService) {}

  @Post('coculture-cultures')
  @ApiOperation({
    summary:
      'Record a culture (or an abiotic, heat-killed or no-drug control) of an anaerobic-coculture run',
  })
  @ApiCreatedResponse({ type: CultureDto })
  @ApiProblems(
    'NOT_FOUND',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'WRONG_PROTOCOL',
    'UNKNOWN_MATERIAL',
    'PARENT_KIND_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
  )
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCultureDto): Promise<CultureDto> {
    return this.records.createCulture(actor, dto);
  }

  @Get('coculture-cultures')
  @ApiOperation({ summary: 'List cultures, filtered by run or donor (materialId)' })
  @ApiOkResponse({ type: CulturePageDto })
  @ApiProblems()
  list(@Query() q: ListCulturesQueryDto): Promise<CulturePageDto> {
    return this.records.listCultures(q);
  }

  @Get('coculture-cultures/:id')
  @ApiOperation({ summary: 'A culture with its samples and the not-anaerobic flag' })
  @ApiOkResponse({ type: CultureDto })
  @ApiProblems('NOT_FOUND')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CultureDto> {
    return this.records.getCulture(id);
  }

  @Post('coculture-cultures/:id/samplings')
  @ApiOperation({
    summary: 'Record a sampling: time, chamber O₂, one barcoded sample per replicate',
  })
  @ApiCreatedResponse({ type: CultureDto })
  @ApiProblems('NOT_FOUND', 'RUN_LOCKED', 'RUN_NOT_EDITABLE', 'BARCODE_TAKEN', 'SAMPLING_EXISTS')
  sample(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateSamplingDto,
  ): Promise<CultureDto> {
    return this.records.addSampling(actor, id, dto);
  }

  @Get('coculture-samples')
  @ApiOperation({ summary: 'List co-culture samples, filtered by run, culture or barcode' })
  @ApiOkResponse({ type: CocultureSamplePageDto })
  @ApiProblems()
  samples(@Query() q: ListSamplesQueryDto): Promise<CocultureSamplePageDto> {
    return this.records.listSamples(q);
  }
}
