import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import {
  BindApiKeyDto,
  CreateInstrumentDto,
  InstrumentDto,
  InstrumentPageDto,
  ListInstrumentsQueryDto,
} from './dto/instrument.dto';
import { InstrumentsService } from './instruments.service';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('instruments')
@ApiBearerAuth()
@Roles('manager')
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Post()
  @ApiProblems('INSTRUMENT_NAME_TAKEN')
  @ApiOperation({ summary: 'Register an instrument (plate reader) that may feed readings' })
  @ApiCreatedResponse({ type: InstrumentDto })
  create(@CurrentActor() a: Actor, @Body() dto: CreateInstrumentDto): Promise<InstrumentDto> {
    return this.instruments.create(a, dto);
  }

  @Get()
  @ApiProblems()
  @ApiOperation({ summary: 'List instruments by name, with the keys bound to each' })
  @ApiOkResponse({ type: InstrumentPageDto })
  async list(@Query() q: ListInstrumentsQueryDto): Promise<InstrumentPageDto> {
    return { ...(await this.instruments.list(q)), limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An instrument with the keys bound to it' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: InstrumentDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<InstrumentDto> {
    return this.instruments.get(id);
  }

  @Post(':id/deactivate')
  @ApiProblems('NOT_FOUND')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an instrument: its feeds are refused' })
  @ApiOkResponse({ type: InstrumentDto })
  deactivate(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InstrumentDto> {
    return this.instruments.setActive(a, id, false);
  }

  @Post(':id/activate')
  @ApiOperation({ summary: 'Reactivate an instrument: its feeds are accepted again' })
  @ApiProblems('NOT_FOUND')
  @HttpCode(200)
  @ApiOkResponse({ type: InstrumentDto })
  activate(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InstrumentDto> {
    return this.instruments.setActive(a, id, true);
  }

  @Post(':id/api-keys')
  @ApiProblems('NOT_FOUND', 'NOT_AN_INSTRUMENT_KEY', 'API_KEY_ALREADY_BOUND')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bind an instrument user’s API key to this instrument',
    description:
      'A key of a user with role instrument feeds readings only once bound; it names exactly ' +
      'one instrument. A rotated key keeps the binding of the key it replaced.',
  })
  @ApiOkResponse({ type: InstrumentDto })
  bind(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BindApiKeyDto,
  ): Promise<InstrumentDto> {
    return this.instruments.bindApiKey(a, id, dto.apiKeyId);
  }

  @Post(':id/api-keys/:apiKeyId/unbind')
  @ApiProblems('NOT_FOUND')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind an API key from this instrument' })
  @ApiOkResponse({ type: InstrumentDto })
  unbind(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('apiKeyId', ParseUUIDPipe) apiKeyId: string,
  ): Promise<InstrumentDto> {
    return this.instruments.unbindApiKey(a, id, apiKeyId);
  }
}
