import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { FIT_RECORD_STATUSES, type FitRecordStatus } from '../dose-response-fit.entity';
import { PageQuery } from '../../../common/dto/page-query.dto';
import { PageOf } from '../../../common/dto/page.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { Ic50Dto } from './ic50.dto';

export { HalfMaximalDto, Ic50BoundDto, Ic50Dto } from './ic50.dto';

export class ParameterEstimateDto {
  @ApiProperty({ nullable: true, type: Number }) estimate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Standard error, s²(JᵀJ)⁻¹' })
  se!: number | null;
  @ApiProperty({ description: 'Held fixed by the model' }) fixed!: boolean;
}

export class FitParametersDto {
  @ApiProperty({ description: 'Slope b (drc; b > 0 = decreasing; GraphPad HillSlope = −b)' })
  b!: ParameterEstimateDto;
  @ApiProperty({ description: 'Bottom c, % viability' }) c!: ParameterEstimateDto;
  @ApiProperty({ description: 'Top d, % viability' }) d!: ParameterEstimateDto;
  @ApiProperty({ description: 'Inflection point e, in concentrationUnit' })
  e!: ParameterEstimateDto;
  @ApiProperty({ description: 'LL.5 asymmetry f (1 for the LL.4 family)' })
  f!: ParameterEstimateDto;
}

/** A quality flag with its severity (SCIENCE.md §2) and what it means or where it is. */
export class FlagDetailDto {
  @ApiProperty({ example: 'edge-effect' }) flag!: string;
  @ApiProperty({
    enum: ['info', 'warning', 'blocks-approval'],
    description:
      'blocks-approval: the plate fails QC and its run cannot be approved until a manager overrides it with a reason',
  })
  severity!: 'info' | 'warning' | 'blocks-approval';
  @ApiProperty({ example: 'vehicle wells: rows A and H 15 % low' }) message!: string;
}

export class InhibitorDto {
  @ApiProperty({ example: 'MK571' }) name!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'mol/L' })
  concentrationMolar!: number | null;
  @ApiProperty({ example: 'MK571 25 µM' }) label!: string;
}

export class FitPointDto {
  @ApiProperty({
    example: 'A4',
    description:
      "The well; with the fit's analysisId it names the derived value (and so the raw readings): " +
      'GET /plates/{plateId}/analyses/{analysisId}/wells',
  })
  well!: string;
  @ApiProperty({ description: 'Concentration, in concentrationUnit' }) x!: number;
  @ApiProperty({ description: 'Viability, % of vehicle' }) y!: number;
}

export class ProvenanceDto {
  @ApiProperty({ example: 'dose-response/log-logistic-least-squares' }) method!: string;
  @ApiProperty({ example: '1.0.0' }) methodVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) options!: Record<string, unknown>;
  @ApiProperty({ description: 'sha256 of the canonical input' }) inputHash!: string;
}

export class TestedRangeDto {
  @ApiProperty({ nullable: true, type: Number }) min!: number | null;
  @ApiProperty({ nullable: true, type: Number }) max!: number | null;
  @ApiProperty() distinctConcentrations!: number;
}

/** One dose-response fit, as stored: every parameter, the IC50, flags and provenance. */
export class FitDto {
  @ApiProperty() id!: string;
  @ApiProperty() plateId!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty({ description: 'The plate analysis (QC result) that produced it' })
  analysisId!: string;
  @ApiProperty({ nullable: true, type: String }) materialId!: string | null;
  @ApiProperty({ nullable: true, type: String }) materialName!: string | null;
  @ApiProperty({ nullable: true, type: InhibitorDto }) inhibitor!: InhibitorDto | null;
  @ApiProperty({ enum: ['LL4', 'LL3', 'fixed-top', 'LL5'] }) model!: string;
  @ApiProperty({ enum: FIT_RECORD_STATUSES }) status!: FitRecordStatus;
  @ApiProperty({ nullable: true, type: String }) supersededById!: string | null;
  @ApiProperty({ nullable: true, type: String }) supersededAt!: string | null;
  @ApiProperty({ enum: ['fitted', 'inactive', 'not-converged', 'not-fitted'] })
  fitStatus!: string;
  @ApiProperty() converged!: boolean;
  @ApiProperty({ nullable: true, type: String }) convergence!: string | null;
  @ApiProperty() iterations!: number;
  @ApiProperty() n!: number;
  @ApiProperty() nParams!: number;
  @ApiProperty({ description: 'Residual degrees of freedom' }) df!: number;
  @ApiProperty({ example: 'µM', description: 'Unit of every concentration of this fit' })
  concentrationUnit!: string;
  @ApiProperty({ nullable: true, type: FitParametersDto }) parameters!: FitParametersDto | null;
  @ApiProperty({ nullable: true, type: Number }) lnE!: number | null;
  @ApiProperty({ nullable: true, type: Number }) seLnE!: number | null;
  @ApiProperty({ nullable: true, type: [Number] }) eCi95!: [number, number] | null;
  @ApiProperty() ic50!: Ic50Dto;
  @ApiProperty({ nullable: true, type: Number }) rss!: number | null;
  @ApiProperty({ nullable: true, type: Number }) residualSe!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rSquared!: number | null;
  @ApiProperty({ nullable: true, type: Number }) tQuantile!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxReplicateCvPct!: number | null;
  @ApiProperty() testedRange!: TestedRangeDto;
  @ApiProperty({ type: [String], example: ['ic50-above-range'] }) flags!: string[];
  @ApiProperty({ type: [FlagDetailDto], description: 'Each flag with its severity and rule' })
  flagDetails!: FlagDetailDto[];
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true })
  noEffectTest!: Record<string, unknown> | null;
  @ApiProperty({ type: [FitPointDto] }) points!: FitPointDto[];
  @ApiProperty() provenance!: ProvenanceDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class FitPageDto extends PageOf(FitDto, 'Fits matching the filters, over all pages') {}

/** GET /plates/:id/fits. */
export class PlateFitsQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 1000 }) {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: superseded fits too' })
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';
}

/** GET /materials/:id/fits: a material's fitting history, newest first. */
export class FitHistoryQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 1000 }) {}

/** Filters of GET /fits and GET /fits/export.csv. */
export class ListFitsQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 1000 }) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  materialId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  plateId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ enum: FIT_RECORD_STATUSES })
  @IsOptional()
  @IsIn(FIT_RECORD_STATUSES)
  status?: FitRecordStatus;

  @ApiPropertyOptional({
    description: 'Inhibitor name (e.g. MK571), or `none` for fits without inhibitor',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  inhibitor?: string;
}
