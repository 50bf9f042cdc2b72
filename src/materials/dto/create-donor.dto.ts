import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { ResponderStatus, SamplingTimepoint } from '../material-attributes';
import { IsBarcode } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export const RESPONDER_STATUSES: readonly ResponderStatus[] = [
  'responder',
  'non-responder',
  'unknown',
];
export const SAMPLING_TIMEPOINTS: readonly SamplingTimepoint[] = [
  'pre-azathioprine',
  'post-azathioprine',
];

/**
 * A donor, known by a pseudonymous study code only. Fields that look like personal data
 * (name, e-mail, date of birth, phone, address…) and values that look like them are refused
 * with PERSONAL_DATA_NOT_ALLOWED, naming the field without repeating the value.
 */
export class CreateDonorDto {
  @ApiProperty({
    example: 'RA-D012',
    description: 'Pseudonymous study code: 3–32 letters, digits, - or _, with a digit',
  })
  @IsString()
  @NoControlCharacters()
  @MaxLength(32)
  code!: string;

  @ApiPropertyOptional({ example: 'DON-0012' })
  @IsOptional()
  @IsBarcode()
  barcode?: string;

  @ApiProperty({ example: 'RA', description: 'Condition, e.g. RA (rheumatoid arthritis)' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  condition!: string;

  @ApiProperty({ enum: RESPONDER_STATUSES })
  @IsIn(RESPONDER_STATUSES)
  responderStatus!: ResponderStatus;

  @ApiProperty({ enum: SAMPLING_TIMEPOINTS })
  @IsIn(SAMPLING_TIMEPOINTS)
  samplingTimepoint!: SamplingTimepoint;

  @ApiProperty({ example: 'ETH-2023-114/C07', description: 'Reference of the signed consent' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  consentReference!: string;

  @ApiPropertyOptional({ example: '*1/*3A' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(50)
  tpmtGenotype?: string;

  @ApiPropertyOptional({ example: '*1/*1' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(50)
  nudt15Genotype?: string;

  @ApiPropertyOptional({ example: 310, description: 'Erythrocyte 6-TGN, pmol/8×10⁸ RBC' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  tgnPmolPer8e8Rbc?: number;

  @ApiPropertyOptional({ example: 2400, description: 'Erythrocyte 6-MMP, pmol/8×10⁸ RBC' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  mmpPmolPer8e8Rbc?: number;

  @ApiPropertyOptional({ description: 'No personal data' })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}
