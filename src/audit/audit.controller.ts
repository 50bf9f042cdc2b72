import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import type { AnchorStatus } from './audit-anchor';
import { AuditService } from './audit.service';
import { NoControlCharacters } from '../common/validation/no-control-characters';
import { ApiProblems } from '../common/openapi/api-problems';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Entity type, e.g. `user`, `api_key`, `protocol_version`' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  entity?: string;

  @ApiPropertyOptional({ description: 'Id of the record' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Return events after this seq (paging)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

export class AuditEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'UTC, ISO 8601' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorName!: string;
  @ApiProperty() action!: string;
  @ApiProperty() entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, description: 'Record before the change' }) before!: unknown;
  @ApiProperty({ nullable: true, description: 'Record after the change' }) after!: unknown;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

/** A checkpoint of the chain's head, as the anchor file holds it (one JSON line). */
export class AuditCheckpointDto {
  @ApiProperty({ minimum: 1, description: 'Seq of the anchored head' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  seq!: number;

  @ApiProperty({ description: 'Hash of the anchored head (64 hex digits)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lower-case hex digits' })
  hash!: string;

  @ApiProperty({ description: 'When the checkpoint was written, ISO 8601' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 under AUDIT_ANCHOR_KEY (64 hex digits)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'mac must be 64 lower-case hex digits' })
  mac?: string;
}

export class AnchorReportDto {
  @ApiProperty({
    enum: ['matches', 'none', 'events-missing', 'hash-differs', 'signature-invalid', 'unreadable'],
    description:
      '`matches`: the chain holds the anchored head; `events-missing`: the chain ends before it ' +
      '(newest events deleted); `hash-differs`: the trail up to it was rewritten; ' +
      '`signature-invalid`: the checkpoint is not signed with AUDIT_ANCHOR_KEY; `unreadable`: the ' +
      "anchor file's last line is not a checkpoint; `none`: nothing anchored yet",
  })
  status!: AnchorStatus;
  @ApiProperty({ enum: ['file', 'request', 'memory'] }) source!: 'file' | 'request' | 'memory';
  @ApiProperty({ nullable: true, type: String, description: 'The anchor file on this node' })
  file!: string | null;
  @ApiProperty({ nullable: true, type: AuditCheckpointDto }) checkpoint!: AuditCheckpointDto | null;
  @ApiProperty({ description: 'Whether checkpoints are signed (AUDIT_ANCHOR_KEY is set)' })
  signed!: boolean;
  @ApiProperty() detail!: string;
}

export class ChainVerdictDto {
  @ApiProperty({ description: 'The chain verifies and holds the anchored head' }) ok!: boolean;
  @ApiProperty() events!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seq of the first event that fails (the first missing one after a truncation)',
  })
  firstBrokenId!: number | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: AnchorReportDto }) anchor!: AnchorReportDto;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiProblems()
  @ApiOperation({
    summary: 'Audit events in chain order, as far as the records they describe are visible to you',
    description:
      'Unlike the other lists, this one is not `{items, total, limit, offset}`: it pages by cursor. ' +
      'Pass the last `seq` you read as `afterSeq` for the next events. The log is append-only and ' +
      'grows while you read it, so an offset would shift under you and a total would be stale at ' +
      'once; a seq cursor never skips or repeats an event, and costs an index seek, not a count.',
  })
  @ApiOkResponse({ type: [AuditEventDto], description: 'Up to `limit` events after `afterSeq`' })
  list(@CurrentActor() reader: Actor, @Query() q: AuditQueryDto): Promise<AuditEventDto[]> {
    return this.audit.list(reader, {
      entity: q.entity,
      id: q.entityId,
      limit: q.limit,
      afterSeq: q.afterSeq,
    });
  }

  @Get('verify')
  @ApiProblems()
  @ApiOperation({
    summary:
      "Recomputes every link and hash of the chain and checks it against this node's anchor file",
  })
  @ApiOkResponse({ type: ChainVerdictDto })
  verify(): Promise<ChainVerdictDto> {
    return this.audit.verify();
  }

  @Post('verify')
  @ApiProblems()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The same check against a checkpoint you send: the last line of an anchor file copied off the machine',
  })
  @ApiOkResponse({ type: ChainVerdictDto })
  verifyAgainst(@Body() checkpoint: AuditCheckpointDto): Promise<ChainVerdictDto> {
    return this.audit.verify(checkpoint);
  }
}
