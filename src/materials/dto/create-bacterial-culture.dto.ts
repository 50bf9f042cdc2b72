import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
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

export const CULTURE_TREATMENTS = ['live', 'heat-killed'] as const;

/** An anaerobic culture inoculated from a fecal sample or aliquot, or subcultured. */
export class CreateBacterialCultureDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The inoculum: a fecal sample or aliquot, or the culture subcultured',
  })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ example: 'RA-D012 GAM culture 1' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'BC-0007' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiProperty({ example: 'GAM broth' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  medium!: string;

  @ApiProperty({ example: 'N2/CO2/H2 85/10/5' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  atmosphere!: string;

  @ApiPropertyOptional({ example: 2.5, description: 'Chamber O₂ reading, ppm' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  chamberO2Ppm?: number;

  @ApiPropertyOptional({ example: 37, default: 37, description: '°C' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-20)
  @Max(100)
  temperatureCelsius?: number;

  @ApiPropertyOptional({ example: '10 % (w/v) slurry, 100 µL' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  inoculum?: string;

  @ApiPropertyOptional({ enum: CULTURE_TREATMENTS, default: 'live' })
  @IsOptional()
  @IsIn(CULTURE_TREATMENTS)
  treatment?: (typeof CULTURE_TREATMENTS)[number];

  @ApiPropertyOptional({ example: '2024-06-11T09:30:00Z', description: 'UTC; default now' })
  @IsOptional()
  @IsUtcTimestamp()
  startedAt?: string;

  @ApiPropertyOptional({ example: 'Anaerobic chamber A' })
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
