import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * Base class of the list responses, `{ items, total, limit, offset }`, documented in OpenAPI
 * with the item type: `export class RunPageDto extends PageOf(RunDto) {}` (the subclass gives
 * the schema its name).
 */
export function PageOf<T>(
  item: Type<T>,
  totalDescription = 'Items matching the filters, over all pages',
) {
  class PageDto {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: totalDescription }) total!: number;
    @ApiProperty() limit!: number;
    @ApiProperty() offset!: number;
  }
  return PageDto;
}

/** The shape of every list response. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * One page of a list that is read whole: the lists bounded by their parent (a plate's fits, a
 * run's passages, a material's custody events) and the small tables (users, protocols). Lists
 * that grow without bound page in SQL instead (runs, materials, plates, fits).
 */
export function pageOfLoaded<T>(all: readonly T[], q: { limit: number; offset: number }): Page<T> {
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}
