import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { pageOfLoaded } from '../common/dto/page.dto';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { DefinitionDiffDto } from './dto/definition-diff.dto';
import { ProtocolDefinitionDto } from './dto/protocol-definition.dto';
import {
  ProtocolDetailDto,
  ProtocolPageDto,
  ProtocolVersionDto,
  ProtocolVersionPageDto,
} from './dto/protocol.dto';
import { ProtocolsService } from './protocols.service';
import { ApiProblems } from '../common/openapi/api-problems';

const DEFINITION_TYPES = ['application/json', 'text/yaml', 'application/yaml'];

@ApiTags('protocols')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('protocols')
export class ProtocolsController {
  constructor(private readonly protocols: ProtocolsService) {}

  @Get()
  @ApiProblems()
  @ApiOperation({ summary: 'Protocols with at least one version you can see' })
  @ApiOkResponse({ type: ProtocolPageDto })
  async list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<ProtocolPageDto> {
    return pageOfLoaded(await this.protocols.list(actor), q);
  }

  @Post()
  @ApiProblems('INVALID_PROTOCOL_DEFINITION', 'PROTOCOL_KEY_TAKEN')
  @ApiOperation({
    summary: 'A new protocol with a draft version 1, from a definition (JSON or YAML text)',
  })
  @ApiConsumes(...DEFINITION_TYPES)
  @ApiBody({ type: ProtocolDefinitionDto })
  @ApiCreatedResponse({ type: ProtocolDetailDto })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ProtocolDetailDto> {
    return this.protocols.create(actor, body);
  }

  @Get(':id')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'A protocol and the versions you can see' })
  @ApiOkResponse({ type: ProtocolDetailDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ProtocolDetailDto> {
    return this.protocols.get(actor, id);
  }

  @Get(':id/versions')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'The versions you can see, with their definitions, by number' })
  @ApiOkResponse({ type: ProtocolVersionPageDto })
  async listVersions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<ProtocolVersionPageDto> {
    return pageOfLoaded(await this.protocols.listVersions(actor, id), q);
  }

  @Post(':id/versions')
  @ApiProblems('NOT_FOUND', 'INVALID_PROTOCOL_DEFINITION', 'CONFLICT')
  @ApiOperation({
    summary:
      'A new draft version: from the definition sent, or with an empty body a copy of the latest approved version',
  })
  @ApiConsumes(...DEFINITION_TYPES)
  @ApiBody({ type: ProtocolDefinitionDto, required: false })
  @ApiCreatedResponse({ type: ProtocolVersionDto })
  createVersion(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ): Promise<ProtocolVersionDto> {
    return this.protocols.createVersion(actor, id, body);
  }

  @Get(':id/versions/:a/diff/:b')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'What changed from version a to version b, setting by setting' })
  @ApiOkResponse({ type: DefinitionDiffDto })
  diff(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('a', ParseIntPipe) a: number,
    @Param('b', ParseIntPipe) b: number,
  ): Promise<DefinitionDiffDto> {
    return this.protocols.diff(actor, id, a, b);
  }
}
