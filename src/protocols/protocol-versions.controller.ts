import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { pageOfLoaded } from '../common/dto/page.dto';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { SignaturePageDto, SignDto } from '../signatures/signature.dto';
import { ProtocolDefinitionDto } from './dto/protocol-definition.dto';
import { ProtocolVersionDto } from './dto/protocol.dto';
import { RetireDto, ReviewCommentsDto, WithdrawDto } from './dto/protocol-review.dto';
import { ProtocolReviewsService } from './protocol-reviews.service';
import { ProtocolsService } from './protocols.service';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('protocols')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('protocol-versions')
export class ProtocolVersionsController {
  constructor(
    private readonly protocols: ProtocolsService,
    private readonly reviews: ProtocolReviewsService,
  ) {}

  @Get(':id')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'A version with its definition (a draft only for its author)' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ProtocolVersionDto> {
    return this.protocols.getVersion(actor, id);
  }

  @Put(':id/definition')
  @ApiProblems(
    'NOT_FOUND',
    'INVALID_PROTOCOL_DEFINITION',
    'PROTOCOL_VERSION_IMMUTABLE',
    'OWNER_ONLY',
  )
  @ApiOperation({ summary: 'Replace the definition of your draft (other states are immutable)' })
  @ApiConsumes('application/json', 'text/yaml', 'application/yaml')
  @ApiBody({ type: ProtocolDefinitionDto })
  @ApiOkResponse({ type: ProtocolVersionDto })
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ): Promise<ProtocolVersionDto> {
    return this.protocols.editDefinition(actor, id, body);
  }

  @Post(':id/submit')
  @ApiProblems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OWNER_ONLY')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a draft for review' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ProtocolVersionDto> {
    return this.reviews.submit(actor, id);
  }

  @Post(':id/withdraw')
  @ApiProblems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OWNER_ONLY')
  @HttpCode(200)
  @ApiOperation({ summary: 'The author takes a version in review back to draft' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: WithdrawDto,
  ): Promise<ProtocolVersionDto> {
    return this.reviews.withdraw(actor, id, dto.reason);
  }

  @Post(':id/reject')
  @ApiProblems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'SELF_APPROVAL_FORBIDDEN')
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'A reviewer returns a version in review to draft, with comments' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewCommentsDto,
  ): Promise<ProtocolVersionDto> {
    return this.reviews.reject(actor, id, dto.comments);
  }

  @Post(':id/approve')
  @ApiProblems(
    'NOT_FOUND',
    'ILLEGAL_TRANSITION',
    'SELF_APPROVAL_FORBIDDEN',
    'REAUTHENTICATION_FAILED',
  )
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve by electronic signature (password again, reason; meaning `approved`); never your own version',
  })
  @ApiOkResponse({ type: ProtocolVersionDto })
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SignDto,
  ): Promise<ProtocolVersionDto> {
    return this.reviews.approve(actor, id, dto);
  }

  @Post(':id/retire')
  @ApiProblems('NOT_FOUND', 'ILLEGAL_TRANSITION')
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'No new runs may use this approved version' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  retire(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RetireDto,
  ): Promise<ProtocolVersionDto> {
    return this.reviews.retire(actor, id, dto.reason);
  }

  @Get(':id/signatures')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'Electronic signatures on this version, oldest first' })
  @ApiOkResponse({ type: SignaturePageDto })
  async signatures(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<SignaturePageDto> {
    return pageOfLoaded(await this.reviews.listSignatures(actor, id), q);
  }
}
