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
import { IsBarcode } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/**
 * A cell line: a parental line (no parent; species required) or a derived population selected
 * from a line or a revived cryo-stock (parentId; species and tissue default to the parent's).
 */
export class CreateCellLineDto {
  @ApiProperty({ example: 'HIG-82 6-TG-R1' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'CL-000123', description: 'Unique when given' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Derived populations: the cell line or cryo-stock they come from',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: 'Oryctolagus cuniculus', description: 'Required for parental' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  species?: string;

  @ApiPropertyOptional({ example: 'synovium' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  tissue?: string;

  @ApiPropertyOptional({ example: 'ATCC CRL-1832', description: 'Supplier or origin' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  source?: string;

  @ApiProperty({ example: 4, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  passageNumber!: number;

  @ApiPropertyOptional({ example: '6-TG', description: 'Derived populations only (default 6-TG)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  selectionAgent?: string;

  @ApiPropertyOptional({ type: DoseDto, description: 'Derived populations only: dose kept at now' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DoseDto)
  currentDose?: DoseDto;

  @ApiPropertyOptional({ example: 'Incubator 2, shelf B' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}
