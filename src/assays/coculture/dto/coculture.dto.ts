import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageOf } from '../../../common/dto/page.dto';
import { PageQuery } from '../../../common/dto/page-query.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { IsBarcode, IsUtcTimestamp } from '../../../materials/dto/material-validators';
import {
  CULTURE_CONDITIONS,
  DRUG_CONCENTRATION_UNITS,
  type CultureCondition,
  type DrugConcentrationUnit,
} from '../coculture-culture.entity';

/** A culture of an anaerobic-coculture run. */
export class CreateCultureDto {
  @ApiProperty({ format: 'uuid', description: 'The run the record belongs to' })
  @IsUUID()
  runId!: string;

  @ApiProperty({ example: 'D07 culture' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: CULTURE_CONDITIONS })
  @IsIn(CULTURE_CONDITIONS)
  condition!: CultureCondition;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The donor's fecal aliquot (material of kind fecal-aliquot); none for abiotic",
  })
  @IsOptional()
  @IsUUID()
  aliquotId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The abiotic control culture (same run) the biotic rate is computed against',
  })
  @IsOptional()
  @IsUUID()
  abioticControlId?: string;

  @ApiPropertyOptional({ example: 'mGAM', description: "Default: the run's medium" })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  medium?: string;

  @ApiPropertyOptional({
    example: 'N2/CO2/H2 85/10/5',
    description: "Default: the run's atmosphere",
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  atmosphere?: string;

  @ApiPropertyOptional({
    example: 37,
    description: "°C; default: the run's incubation temperature",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  temperatureCelsius?: number;

  @ApiPropertyOptional({ example: '10 % (v/v) of 10 % (w/v) slurry' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  inoculum?: string;

  @ApiPropertyOptional({
    example: 'azathioprine',
    description: "Default: the run's drug; none for no-drug",
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  drug?: string;

  @ApiPropertyOptional({
    example: 50,
    description: "Default: the run's starting concentration (µM)",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  drugStartConcentration?: number;

  @ApiPropertyOptional({ enum: DRUG_CONCENTRATION_UNITS, default: 'µM' })
  @IsOptional()
  @IsIn(DRUG_CONCENTRATION_UNITS)
  drugConcentrationUnit?: DrugConcentrationUnit;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}

/** One sampling of a culture: the time, the chamber O₂ reading and one barcode per replicate. */
export class CreateSamplingDto {
  @ApiProperty({ example: 4, description: 'Hours since dosing' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  timeHours!: number;

  @ApiProperty({ example: 1.2, description: 'Chamber O₂ at sampling, ppm' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  chamberO2Ppm!: number;

  @ApiProperty({
    type: [String],
    example: ['D07-T4-R1', 'D07-T4-R2', 'D07-T4-R3'],
    description: 'One per replicate, in replicate order',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @Matches(/^[\x21-\x7E]{1,64}$/, {
    each: true,
    message: 'each barcode must be 1–64 printable characters without spaces',
  })
  barcodes!: string[];

  @ApiPropertyOptional({ example: '2026-06-11T13:30:00Z', description: 'UTC; default now' })
  @IsOptional()
  @IsUtcTimestamp()
  sampledAt?: string;
}

export class CocultureSampleDto {
  @ApiProperty() id!: string;
  @ApiProperty() barcode!: string;
  @ApiProperty() cultureId!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() timeHours!: number;
  @ApiProperty() replicate!: number;
  @ApiProperty() chamberO2Ppm!: number;
  @ApiProperty({ description: 'False when this reading is above the run limit' })
  o2WithinLimit!: boolean;
  @ApiProperty() sampledAt!: string;
}

export class CultureDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CULTURE_CONDITIONS }) condition!: CultureCondition;
  @ApiProperty({ nullable: true, type: String }) donorId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Pseudonymous code' })
  donorCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) aliquotId!: string | null;
  @ApiProperty({ nullable: true, type: String }) abioticControlId!: string | null;
  @ApiProperty() medium!: string;
  @ApiProperty() atmosphere!: string;
  @ApiProperty() temperatureCelsius!: number;
  @ApiProperty({ nullable: true, type: String }) inoculum!: string | null;
  @ApiProperty({ nullable: true, type: String }) drug!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'As entered' })
  drugStartConcentrationRaw!: string | null;
  @ApiProperty({ nullable: true, type: Number }) drugStartConcentration!: number | null;
  @ApiProperty({ nullable: true, type: String }) drugConcentrationUnit!: string | null;
  @ApiProperty() o2LimitPpm!: number;
  @ApiProperty({ nullable: true, type: Number }) maxO2Ppm!: number | null;
  @ApiProperty({ description: 'False once a sampling read O₂ above the limit' })
  anaerobic!: boolean;
  @ApiProperty({ type: [String], description: "'not-anaerobic' when a reading exceeded the limit" })
  flags!: string[];
  @ApiProperty({ type: [CocultureSampleDto] }) samples!: CocultureSampleDto[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: string;
}

export class CulturePageDto extends PageOf(CultureDto) {}
export class CocultureSamplePageDto extends PageOf(CocultureSampleDto) {}

export class ListCulturesQueryDto extends PageQuery({ maxLimit: 200 }) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Donor material' })
  @IsOptional()
  @IsUUID()
  materialId?: string;
}

export class ListSamplesQueryDto extends PageQuery({ maxLimit: 500, defaultLimit: 100 }) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cultureId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBarcode()
  barcode?: string;
}
