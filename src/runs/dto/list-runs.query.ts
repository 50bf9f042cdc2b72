import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RUN_STATES, type RunState } from '../run.lifecycle';
import { PageQuery } from '../../common/dto/page-query.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** Filters of GET /runs. Date bounds are inclusive UTC instants. */
export class ListRunsQueryDto extends PageQuery({ maxLimit: 200 }) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Runs of this protocol (any version)' })
  @IsOptional()
  @IsUUID()
  protocolId?: string;

  @ApiPropertyOptional({ description: 'Runs of the protocol with this key (e.g. `mtt-viability`)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  protocolKey?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  protocolVersionId?: string;

  @ApiPropertyOptional({ enum: RUN_STATES })
  @IsOptional()
  @IsIn(RUN_STATES)
  status?: RunState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operator (user id)' })
  @IsOptional()
  @IsUUID()
  operatorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Runs that name this material' })
  @IsOptional()
  @IsUUID()
  materialId?: string;

  @ApiPropertyOptional({ description: 'Planned start at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedFrom?: string;

  @ApiPropertyOptional({ description: 'Planned start at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedTo?: string;

  @ApiPropertyOptional({ description: 'Actual start at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedFrom?: string;

  @ApiPropertyOptional({ description: 'Actual start at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedTo?: string;
}
