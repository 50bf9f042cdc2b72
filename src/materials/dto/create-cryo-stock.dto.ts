import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DoseDto } from './dose.dto';
import { IsBarcode, IsUtcTimestamp } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** Vials of a cell population frozen at one passage (and dose). */
export class CreateCryoStockDto {
  @ApiProperty({ format: 'uuid', description: 'The cell line (population) frozen' })
  @IsUUID()
  parentId!: string;

  @ApiPropertyOptional({ description: 'Default: "<parent name> P<passage> cryo"' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'CRYO-0042' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiProperty({ example: 'LN2 tank 1, rack 3, box 2, A4' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  location!: string;

  @ApiProperty({ example: 12, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  passageAtFreezing!: number;

  @ApiPropertyOptional({
    type: DoseDto,
    description: "Default: the parent population's current dose (none for a parental line)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DoseDto)
  doseAtFreezing?: DoseDto;

  @ApiPropertyOptional({ example: 6, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  vialCount?: number;

  @ApiPropertyOptional({ example: '2024-06-11T09:30:00Z', description: 'UTC; default now' })
  @IsOptional()
  @IsUtcTimestamp()
  frozenAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}
