import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Base class of the list queries: `limit` and `offset` with their bounds, validated and
 * documented in OpenAPI. Each list sets its own default and maximum page size:
 * `class ListRunsQuery extends PageQuery({ maxLimit: 200 }) { … }`.
 */
export function PageQuery(options: { defaultLimit?: number; maxLimit?: number } = {}) {
  const defaultLimit = options.defaultLimit ?? 50;
  const maxLimit = options.maxLimit ?? 500;

  class PageQueryDto {
    @ApiPropertyOptional({ default: defaultLimit, minimum: 1, maximum: maxLimit })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxLimit)
    limit: number = defaultLimit;

    @ApiPropertyOptional({ default: 0, minimum: 0 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(1_000_000_000)
    offset: number = 0;
  }
  return PageQueryDto;
}

/** The query of a list with no filters: `limit` (default 50, at most 500) and `offset`. */
export class PageQueryDto extends PageQuery() {}
