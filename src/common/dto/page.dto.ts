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
