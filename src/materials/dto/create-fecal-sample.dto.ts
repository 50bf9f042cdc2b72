import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsBarcode, IsUtcTimestamp } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** A fecal sample of a donor. */
export class CreateFecalSampleDto {
  @ApiProperty({ format: 'uuid', description: 'The donor sampled' })
  @IsUUID()
  parentId!: string;

  @ApiPropertyOptional({ description: 'Default: "<donor code>-F<n>"' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'FS-000311' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiProperty({ example: '2024-05-02T07:45:00Z', description: 'Collection time, UTC' })
  @IsUtcTimestamp()
  collectedAt!: string;

  @ApiProperty({ example: 'Freezer -80 #2, rack 1, box 4' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  location!: string;

  @ApiPropertyOptional({ default: true, description: 'Stored frozen now' })
  @IsOptional()
  @IsBoolean()
  frozen?: boolean;

  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'Thaws before registration' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  freezeThawCount?: number;

  @ApiPropertyOptional({ example: 4.2, minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  massGrams?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}
