import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { ResponderStatus, SamplingTimepoint } from '../material-attributes';
import { CULTURE_TREATMENTS } from './create-bacterial-culture.dto';
import { RESPONDER_STATUSES, SAMPLING_TIMEPOINTS } from './create-donor.dto';
import { DoseDto } from './dose.dto';
import { IsBarcode, IsUtcTimestamp, OptionalNotNull } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/*
 * PATCH /materials/:id bodies, one per kind. Leave a field out to keep it; null clears an
 * optional one. Kind, parent, location, frozen state, freeze–thaw count and status are not
 * edited here: they change through registration and custody events.
 */

abstract class UpdateMaterialBaseDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes the barcode' })
  @IsOptional()
  @IsBarcode()
  barcode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string | null;

  @ApiPropertyOptional({ description: 'Why (recorded in the audit trail)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(2000)
  reason?: string;
}

abstract class NamedUpdateDto extends UpdateMaterialBaseDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

export class UpdateCellLineDto extends NamedUpdateDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  species?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  tissue?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  source?: string | null;

  @ApiPropertyOptional({ minimum: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100_000)
  passageNumber?: number;

  @ApiPropertyOptional({ description: 'Derived populations only' })
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  selectionAgent?: string;

  @ApiPropertyOptional({
    type: DoseDto,
    description: 'Derived populations only; a change is appended to the selection history',
  })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => DoseDto)
  currentDose?: DoseDto;
}

export class UpdateCryoStockDto extends NamedUpdateDto {
  @ApiPropertyOptional({ minimum: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100_000)
  passageAtFreezing?: number;

  @ApiPropertyOptional({ type: DoseDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DoseDto)
  doseAtFreezing?: DoseDto | null;

  @ApiPropertyOptional({ type: Number, minimum: 1, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  vialCount?: number | null;

  @ApiPropertyOptional({ description: 'UTC' })
  @OptionalNotNull()
  @IsUtcTimestamp()
  frozenAt?: string;
}

export class UpdateDonorDto extends UpdateMaterialBaseDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  condition?: string;

  @ApiPropertyOptional({ enum: RESPONDER_STATUSES })
  @OptionalNotNull()
  @IsIn(RESPONDER_STATUSES)
  responderStatus?: ResponderStatus;

  @ApiPropertyOptional({ enum: SAMPLING_TIMEPOINTS })
  @OptionalNotNull()
  @IsIn(SAMPLING_TIMEPOINTS)
  samplingTimepoint?: SamplingTimepoint;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  consentReference?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(50)
  tpmtGenotype?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(50)
  nudt15Genotype?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'pmol/8×10⁸ RBC' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  tgnPmolPer8e8Rbc?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'pmol/8×10⁸ RBC' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  mmpPmolPer8e8Rbc?: number | null;
}

export class UpdateFecalSampleDto extends NamedUpdateDto {
  @ApiPropertyOptional({ description: 'UTC' })
  @OptionalNotNull()
  @IsUtcTimestamp()
  collectedAt?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  massGrams?: number | null;
}

export class UpdateFecalAliquotDto extends NamedUpdateDto {
  @ApiPropertyOptional({ description: 'µL' })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(10_000_000)
  volumeMicrolitres?: number;
}

export class UpdateBacterialCultureDto extends NamedUpdateDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  medium?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  atmosphere?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  chamberO2Ppm?: number | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-20)
  @Max(100)
  temperatureCelsius?: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  inoculum?: string | null;

  @ApiPropertyOptional({ enum: CULTURE_TREATMENTS })
  @OptionalNotNull()
  @IsIn(CULTURE_TREATMENTS)
  treatment?: (typeof CULTURE_TREATMENTS)[number];
}

/** The PATCH body class of each kind. */
export const UPDATE_DTO_BY_KIND = {
  'cell-line': UpdateCellLineDto,
  'cryo-stock': UpdateCryoStockDto,
  donor: UpdateDonorDto,
  'fecal-sample': UpdateFecalSampleDto,
  'fecal-aliquot': UpdateFecalAliquotDto,
  'bacterial-culture': UpdateBacterialCultureDto,
} as const;
