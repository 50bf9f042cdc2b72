import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsBarcode, IsUtcTimestamp } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class AliquotItemDto {
  @ApiPropertyOptional({ description: 'Default: "<sample name>-A<n>"' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'FA-000311-01' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiProperty({ example: 250, description: 'Volume in µL' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(10_000_000)
  volumeMicrolitres!: number;

  @ApiPropertyOptional({ description: "Default: the sample's location" })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  location?: string;
}

/** The most aliquots one split makes (a 96-position rack). */
export const MAX_ALIQUOTS_PER_SPLIT = 96;

/** Splits a fecal sample into aliquots; records an `aliquoted` event on the sample. */
export class CreateAliquotsDto {
  @ApiProperty({ type: [AliquotItemDto], minItems: 1, maxItems: MAX_ALIQUOTS_PER_SPLIT })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ALIQUOTS_PER_SPLIT)
  @ValidateNested({ each: true })
  @Type(() => AliquotItemDto)
  aliquots!: AliquotItemDto[];

  @ApiPropertyOptional({ default: true, description: 'The aliquots are stored frozen' })
  @IsOptional()
  @IsBoolean()
  frozen?: boolean;

  @ApiPropertyOptional({ default: false, description: 'The whole sample was used up' })
  @IsOptional()
  @IsBoolean()
  consumeParent?: boolean;

  @ApiPropertyOptional({ example: '2024-06-11T09:30:00Z', description: 'UTC; default now' })
  @IsOptional()
  @IsUtcTimestamp()
  occurredAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}
