import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { AuditService } from './audit.service';
import { NoControlCharacters } from '../common/validation/no-control-characters';

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
  id?: string;

  @ApiPropertyOptional({ description: 'Return events after this seq (paging)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
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

export class ChainVerdictDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() events!: number;
  @ApiProperty({ nullable: true, type: Number }) firstBrokenId!: number | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: [AuditEventDto] })
  list(@CurrentActor() reader: Actor, @Query() q: AuditQueryDto): Promise<AuditEventDto[]> {
    return this.audit.list(reader, {
      entity: q.entity,
      id: q.id,
      limit: q.limit,
      afterSeq: q.afterSeq,
    });
  }

  @Get('verify')
  @ApiOkResponse({ type: ChainVerdictDto })
  verify(): Promise<ChainVerdictDto> {
    return this.audit.verify();
  }
}
