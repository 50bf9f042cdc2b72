import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MATERIAL_KIND_NAMES, MATERIAL_STATUSES } from '../material-kinds';
import type { MaterialKindName, MaterialStatus } from '../material-kinds';
import { PageQuery } from '../../common/dto/page-query.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class ListMaterialsQueryDto extends PageQuery() {
  @ApiPropertyOptional({ enum: MATERIAL_KIND_NAMES })
  @IsOptional()
  @IsIn(MATERIAL_KIND_NAMES)
  kind?: MaterialKindName;

  @ApiPropertyOptional({ enum: MATERIAL_STATUSES })
  @IsOptional()
  @IsIn(MATERIAL_STATUSES)
  status?: MaterialStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Direct children of this material' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  barcode?: string;

  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO 8601, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name or barcode' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  search?: string;
}
