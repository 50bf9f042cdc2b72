import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../../common/dto/page.dto';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DOSE_RESPONSE_MODELS, type DoseResponseModel } from '../../../analysis/dose-response';
import { FitDto, FlagDetailDto } from './fit.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';

/** POST /plates/:id/exclusions: wells to leave out of the analysis, and why. */
export class ExcludeWellsDto {
  @ApiProperty({ type: [String], example: ['B7', 'C7'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(384)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v))
      : value,
  )
  @Matches(/^[A-P]0?[1-9][0-9]?$/, { each: true, message: 'each well must be a name like B7' })
  wells!: string[];

  @ApiProperty({ description: 'Why (kept with each exclusion and in the audit trail)' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

/** POST /plates/:id/refit. */
export class RefitPlateDto {
  @ApiProperty({ description: 'Why the plate is refitted' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    enum: DOSE_RESPONSE_MODELS,
    description: "Model for this refit; default: the run's protocol setting",
  })
  @IsOptional()
  @IsIn(DOSE_RESPONSE_MODELS)
  model?: DoseResponseModel;
}

/** POST /plates/:id/qc-override (manager). */
export class QcOverrideDto {
  @ApiProperty({ description: 'Why the plate may be approved despite its QC' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Your password typed again: the override is then e-signed (meaning "override")',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  password?: string;
}

export class LineQcDto {
  @ApiProperty({ nullable: true, type: String }) materialId!: string | null;
  @ApiProperty({ nullable: true, type: String }) materialName!: string | null;
  @ApiProperty() nVehicle!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'A570 − A_ref' })
  meanVehicle!: number | null;
  @ApiProperty({ nullable: true, type: Number }) sdVehicle!: number | null;
  @ApiProperty({ nullable: true, type: Number }) vehicleCvPct!: number | null;
  @ApiProperty() nPositive!: number;
  @ApiProperty({ nullable: true, type: Number }) meanPositive!: number | null;
  @ApiProperty({ nullable: true, type: Number }) sdPositive!: number | null;
  @ApiProperty({ nullable: true, type: Number }) zPrimeVehicleVsPositive!: number | null;
  @ApiProperty({ nullable: true, type: Number }) zPrimeVehicleVsBlank!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Against the protocol low control' })
  zPrime!: number | null;
  @ApiProperty({ nullable: true, type: String }) zPrimeClass!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'mean(vehicle)/mean(blank)' })
  signalToBackground!: number | null;
}

export class QcOverrideInfoDto {
  @ApiProperty() reason!: string;
  @ApiProperty() overriddenById!: string;
  @ApiProperty() overriddenByName!: string;
  @ApiProperty() overriddenAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The e-signature, when signed' })
  signatureId!: string | null;
}

export class NotComputedDto {
  @ApiProperty({ example: 'signal-to-background (vehicle/blank) and Z′ vehicle vs blank' })
  quantity!: string;
  @ApiProperty({ example: 'no blank wells' }) reason!: string;
}

export class EdgeCheckDto {
  @ApiProperty({ enum: ['vehicle', 'samples'] }) set!: string;
  @ApiProperty({ enum: ['row', 'column'] }) axis!: string;
  @ApiProperty({ example: 'row A' }) label!: string;
  @ApiProperty() assessable!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() nEdge!: number;
  @ApiProperty() nInner!: number;
  @ApiProperty({ nullable: true, type: Number, description: '100·(edge − inner)/inner' })
  differencePct!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Welch t test, two-sided' })
  pValue!: number | null;
  @ApiProperty() flagged!: boolean;
}

export class DriftCheckDto {
  @ApiProperty({ enum: ['vehicle', 'samples'] }) set!: string;
  @ApiProperty({ enum: ['row', 'column'] }) axis!: string;
  @ApiProperty() assessable!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() nMeans!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Fitted change from the first to the last row (column), % of the mean',
  })
  changePct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) pValue!: number | null;
  @ApiProperty() flagged!: boolean;
}

/** One analysis of a plate: normalisation summary and plate QC. */
export class PlateQcResultDto {
  @ApiProperty() id!: string;
  @ApiProperty() plateId!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty() readingId!: string;
  @ApiProperty({ enum: ['current', 'superseded'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) supersededById!: string | null;
  @ApiProperty({ enum: ['import', 'exclusion', 'refit'] }) trigger!: string;
  @ApiProperty({ enum: ['positive', 'blank'] }) lowControl!: string;
  @ApiProperty() zPrimeMin!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Gating Z′: the lowest per-material Z′ against the protocol low control',
  })
  zPrime!: number | null;
  @ApiProperty({ nullable: true, type: String }) zPrimeClass!: string | null;
  @ApiProperty({
    description: 'Z′ ≥ zPrimeMin and no flag of the analysis or its fits blocks approval',
  })
  passes!: boolean;
  @ApiProperty({ description: 'Passes, or a manager overrode it: the run may be approved' })
  approvable!: boolean;
  @ApiProperty({ nullable: true, type: Number }) plateZPrimeVehicleVsPositive!: number | null;
  @ApiProperty({ nullable: true, type: Number }) plateZPrimeVehicleVsBlank!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Signal-to-background = mean(vehicle)/mean(blank); null without blank wells',
  })
  signalToBackground!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Signal window (the HTS "S/B") = mean(vehicle)/mean(positive)',
  })
  signalWindow!: number | null;
  @ApiProperty({ nullable: true, type: Number }) vehicleCvPct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxReplicateCvPct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) edgeEffectDifferencePct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) edgeEffectPValue!: number | null;
  @ApiProperty({ type: [LineQcDto] }) byLine!: LineQcDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Replicate groups whose CV is above the limit',
  })
  highCvGroups!: Record<string, unknown>[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Blank and vehicle means, inhibitor-only checks',
  })
  normalisation!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ type: [FlagDetailDto], description: 'Each flag with its severity and where' })
  flagDetails!: FlagDetailDto[];
  @ApiProperty({ type: [String], description: 'The flags that fail QC (severity blocks-approval)' })
  blockingFlags!: string[];
  @ApiProperty({ type: [NotComputedDto], description: 'What the layout does not support, and why' })
  notComputed!: NotComputedDto[];
  @ApiProperty({ type: [EdgeCheckDto], description: 'Each outer row and column on its own' })
  edgeChecks!: EdgeCheckDto[];
  @ApiProperty({ type: [DriftCheckDto] }) driftChecks!: DriftCheckDto[];
  @ApiProperty({ type: [String] }) excludedWells!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) provenance!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: QcOverrideInfoDto }) override!: QcOverrideInfoDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class WellExclusionDto {
  @ApiProperty() id!: string;
  @ApiProperty() well!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() excludedById!: string;
  @ApiProperty() excludedByName!: string;
  @ApiProperty() excludedAt!: string;
  @ApiProperty({ nullable: true, type: String }) analysisId!: string | null;
}

/** The plate's analysis after an exclusion or a refit: QC, the new fits, what they replaced. */
export class PlateAnalysisDto {
  @ApiProperty() qc!: PlateQcResultDto;
  @ApiProperty({ type: [FitDto], description: 'The current fits' }) fits!: FitDto[];
  @ApiProperty({ type: [String], description: 'Fits this analysis superseded' })
  supersededFitIds!: string[];
  @ApiProperty({ type: [WellExclusionDto] }) exclusions!: WellExclusionDto[];
}

export class PlateQcResultPageDto extends PageOf(PlateQcResultDto) {}
