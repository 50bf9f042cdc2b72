import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf } from '../../../common/dto/page.dto';
import { PageQuery } from '../../../common/dto/page-query.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { LCMS_FORMATS, type LcmsFormat } from '../../../imports/lcms/lcms-export';
import { INJECTION_TYPES, type InjectionType } from '../../../imports/lcms/sample-type';
import { CONCENTRATION_STATUSES, type ConcentrationStatus } from '../lcms-calibration.entity';

export class InjectionInputDto {
  @ApiProperty({ example: 'CAL1', description: 'The sample name the export file uses' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: INJECTION_TYPES })
  @IsIn(INJECTION_TYPES)
  type!: InjectionType;

  @ApiPropertyOptional({
    example: 0.5,
    description: 'Nominal concentration for every analyte (calibrator, QC)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e12)
  nominal?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { azathioprine: 0.5, '6-MP': 1 },
    description: 'Nominal per analyte (overrides nominal)',
  })
  @IsOptional()
  @IsObject()
  nominals?: Record<string, number>;

  @ApiPropertyOptional({ example: 'QC-M', description: 'QC level (QCs)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(32)
  qcLevel?: string;

  @ApiPropertyOptional({
    example: 'D07-T4-R1',
    description: 'Co-culture sample barcode (unknowns)',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  sampleBarcode?: string;

  @ApiPropertyOptional({ example: 1, default: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1e6)
  dilutionFactor?: number;
}

export class CreateBatchDto {
  @ApiProperty({ format: 'uuid', description: 'The run the record belongs to' })
  @IsUUID()
  runId!: string;

  @ApiProperty({ example: 'Batch 2026-06-14 thiopurines' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: [String], description: "Default: the run's analytes" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @NoControlCharacters('identifier', { each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  analytes?: string[];

  @ApiPropertyOptional({ description: "Default: the run's internal standard" })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  internalStandard?: string;

  @ApiProperty({ example: 'Sciex QTRAP 6500+ (LC-MS-02)' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  instrument!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Default: the run's operator" })
  @IsOptional()
  @IsUUID()
  operatorId?: string;

  @ApiProperty({ type: [InjectionInputDto], description: 'In acquisition order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => InjectionInputDto)
  injections!: InjectionInputDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}

export class InjectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() position!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INJECTION_TYPES }) type!: InjectionType;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'number' } })
  nominals!: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String }) qcLevel!: string | null;
  @ApiProperty({ nullable: true, type: String }) sampleId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sampleBarcode!: string | null;
  @ApiProperty() dilutionFactor!: number;
}

export class BatchDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) analytes!: string[];
  @ApiProperty() internalStandard!: string;
  @ApiProperty() concentrationUnit!: string;
  @ApiProperty() instrument!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty({ type: [InjectionDto] }) injections!: InjectionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'The current import, if any' })
  currentImportId!: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Every analyte accepted (null before import)',
  })
  accepted!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: string;
}

export class BatchPageDto extends PageOf(BatchDto) {}

export class ListBatchesQueryDto extends PageQuery({ maxLimit: 200 }) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

export class LcmsImportQueryDto {
  @ApiPropertyOptional({ description: 'Validate and report without writing' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ enum: LCMS_FORMATS, description: 'Layout; default: detected' })
  @IsOptional()
  @IsIn(LCMS_FORMATS)
  format?: LcmsFormat;

  @ApiPropertyOptional({ description: 'File name, for the record' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(255)
  filename?: string;
}

export class NameMappingEntryDto {
  @ApiProperty({ example: 'AZA 278.0>152.0', description: 'The compound as the export names it' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  fileName!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'azathioprine',
    description: 'Analyte or internal standard; null = ignore',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  target!: string | null;
}

export class PutNameMappingDto {
  @ApiProperty({ type: [NameMappingEntryDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => NameMappingEntryDto)
  mappings!: NameMappingEntryDto[];

  @ApiPropertyOptional({ description: 'Replace the whole mapping (default: merge)' })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export class NameMappingDto {
  @ApiProperty() protocolVersionId!: string;
  @ApiProperty({ type: [NameMappingEntryDto] }) mappings!: NameMappingEntryDto[];
}

export class LcmsImportProblemDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() line?: number;
  @ApiPropertyOptional() column?: string;
}

export class FailedRuleDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: String, description: 'QC level, for a per-level rule' })
  level?: string;
}

export class ExclusionDto {
  @ApiProperty() injectionId!: string;
  @ApiProperty() injection!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() byId!: string;
  @ApiProperty() at!: string;
}

export class CalibrationSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() analyte!: string;
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ type: [FailedRuleDto] }) failedRules!: {
    code: string;
    message: string;
    level?: string;
  }[];
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ nullable: true, type: Number }) slope!: number | null;
  @ApiProperty({ nullable: true, type: Number }) intercept!: number | null;
}

export class LcmsSkippedInjectionDto {
  @ApiProperty({ example: 'SST-1' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '01_SST.d' }) dataFile!: string | null;
  @ApiProperty({ example: 'TuneCheck', description: 'The sample type as the file writes it' })
  sampleType!: string;
  @ApiProperty({ description: 'Line of its first peak' }) line!: number;
  @ApiProperty({ description: 'Why it is not imported' }) reason!: string;
}

export class LcmsImportWarningDto {
  @ApiProperty({
    enum: ['sample-type-differs', 'instrument-check-listed', 'unknown-sample-type'],
    example: 'sample-type-differs',
  })
  code!: string;
  @ApiProperty({ enum: ['info', 'warning'] }) severity!: 'info' | 'warning';
  @ApiProperty() message!: string;
}

/** Results recomputed from the new concentrations (or why not), in the same transaction. */
export class RecomputedResultsDto {
  @ApiProperty({ enum: ['coculture-kinetics'], description: 'What was recomputed' })
  kind!: string;
  @ApiProperty({ description: 'The run that owns the results (a co-culture run)' })
  runId!: string;
  @ApiProperty({
    enum: ['recomputed', 'not-recomputed'],
    description:
      'not-recomputed: the run refuses data (approved or cancelled); its results stay as they were',
  })
  status!: 'recomputed' | 'not-recomputed';
  @ApiProperty({ description: 'Results stored (0 when not recomputed)' }) total!: number;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({
    description: 'Where the results are read',
    example: '/api/v1/degradation-results?runId=…',
  })
  results!: string;
}

export class LcmsImportReportDto {
  @ApiProperty({ enum: ['imported', 'duplicate', 'dry-run'] }) outcome!:
    'imported' | 'duplicate' | 'dry-run';
  @ApiProperty({ nullable: true, type: String }) importId!: string | null;
  @ApiProperty() format!: string;
  @ApiProperty({ nullable: true, type: String }) encoding!: string | null;
  @ApiProperty() contentHash!: string;
  @ApiProperty() injections!: number;
  @ApiProperty() peaks!: number;
  @ApiProperty({ description: 'Areas the file holds no number for (kept missing)' })
  missingAreas!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'File compound → analyte (null = ignored)',
  })
  compoundMapping!: Record<string, string | null>;
  @ApiProperty({
    type: [LcmsSkippedInjectionDto],
    description:
      'Injections of the file deliberately not imported: instrument checks (TuneCheck, ResponseCheck, system suitability) the injection list does not name',
  })
  skipped!: LcmsSkippedInjectionDto[];
  @ApiProperty({
    type: [LcmsImportWarningDto],
    description:
      "What the import noticed and let pass: a file's sample type that contradicts the injection list (which decides), an instrument check the list names, a sample type it does not know",
  })
  warnings!: LcmsImportWarningDto[];
  @ApiProperty({ type: [CalibrationSummaryDto] }) calibrations!: CalibrationSummaryDto[];
  @ApiProperty({
    type: [RecomputedResultsDto],
    description:
      'Results derived from the new concentrations and recomputed by the import (the kinetics of the co-culture runs whose samples the batch measured); empty for a dry run or a duplicate, which store nothing',
  })
  recomputed!: RecomputedResultsDto[];
}

export class CalibrationDto extends CalibrationSummaryDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() current!: boolean;
  @ApiProperty({ type: [ExclusionDto] }) exclusions!: {
    injectionId: string;
    injection: string;
    reason: string;
    byId: string;
    at: string;
  }[];
  @ApiProperty({ type: 'object', additionalProperties: true }) result!: Record<string, unknown>;
  @ApiProperty() method!: string;
  @ApiProperty() methodVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) options!: Record<string, unknown>;
  @ApiProperty() inputHash!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) supersededAt!: string | null;
}

export class CalibrationPageDto extends PageOf(CalibrationDto) {}

/** A calibrator's exclusion: the new calibration, and what it recomputed. */
export class CalibratorExclusionDto extends CalibrationDto {
  @ApiProperty({
    type: [RecomputedResultsDto],
    description:
      'Results derived from the analyte’s new concentrations and recomputed with the exclusion',
  })
  recomputed!: RecomputedResultsDto[];
}

export class ListCalibrationsQueryDto extends PageQuery({ maxLimit: 200 }) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  analyte?: string;

  @ApiPropertyOptional({ description: 'Include superseded calibrations (history)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  history?: 'true' | 'false';
}

export class ExcludeCalibratorDto {
  @ApiProperty({ example: 'CAL6', description: 'The calibrator injection (name)' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  injection!: string;

  @ApiProperty({ example: 'peak integration split by a shoulder; re-integration not possible' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class ConcentrationDto {
  @ApiProperty() id!: string;
  @ApiProperty() batchId!: string;
  @ApiProperty() injection!: string;
  @ApiProperty({ nullable: true, type: String }) sampleId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sampleBarcode!: string | null;
  @ApiProperty() analyte!: string;
  @ApiProperty({ enum: CONCENTRATION_STATUSES }) status!: ConcentrationStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Only when quantified' })
  concentration!: number | null;
  @ApiProperty() unit!: string;
  @ApiProperty({ nullable: true, type: Number }) response!: number | null;
  @ApiProperty({ nullable: true, type: String, description: "'dilute-and-re-run' for ALQ" }) task!:
    string | null;
  @ApiProperty() calibrationId!: string;
}

export class ConcentrationPageDto extends PageOf(ConcentrationDto) {}

export class ListConcentrationsQueryDto extends PageQuery({ maxLimit: 1000, defaultLimit: 200 }) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  analyte?: string;

  @ApiPropertyOptional({ enum: CONCENTRATION_STATUSES })
  @IsOptional()
  @IsIn(CONCENTRATION_STATUSES)
  status?: ConcentrationStatus;
}

export class PeakAreaDto {
  @ApiProperty() injection!: string;
  @ApiProperty() analyte!: string;
  @ApiProperty() internalStandard!: boolean;
  @ApiProperty({ description: 'The compound as the file names it' }) fileCompound!: string;
  @ApiProperty({ description: 'The area exactly as the file wrote it' }) areaRaw!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Null when missing (blank, N/A, N/F): never 0',
  })
  area!: number | null;
  @ApiProperty({ nullable: true, type: String }) isAreaRaw!: string | null;
  @ApiProperty({ nullable: true, type: Number }) isArea!: number | null;
  @ApiProperty({ nullable: true, type: String }) retentionTimeRaw!: string | null;
  @ApiProperty({ description: 'Line of the file' }) line!: number;
}

export class PeakAreaPageDto extends PageOf(PeakAreaDto) {}

export class ListPeakAreasQueryDto extends PageQuery({ maxLimit: 5000, defaultLimit: 500 }) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  analyte?: string;
}
