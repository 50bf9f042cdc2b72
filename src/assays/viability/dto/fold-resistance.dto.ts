import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../../common/dto/page.dto';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { Ic50Dto } from './ic50.dto';

/** GET /fold-resistance and GET /fold-resistance/plot.svg. */
export class FoldResistanceQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The resistant (derived) material' })
  @IsUUID()
  resistantMaterialId!: string;

  @ApiProperty({ format: 'uuid', description: 'The parental material' })
  @IsUUID()
  parentalMaterialId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Use this fit of the resistant material' })
  @IsOptional()
  @IsUUID()
  resistantFitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Use this fit of the parental material' })
  @IsOptional()
  @IsUUID()
  parentalFitId?: string;
}

/** GET /fold-resistance/plot.svg: also overlay the curves with this inhibitor. */
export class FoldResistancePlotQueryDto extends FoldResistanceQueryDto {
  @ApiPropertyOptional({ example: 'MK571', description: 'Overlay the ± inhibitor curves' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  inhibitor?: string;
}

/** POST /fold-resistance: record the fold-resistance on the resistant population's record. */
export class RecordFoldResistanceDto extends FoldResistanceQueryDto {
  @ApiPropertyOptional({ description: 'A note kept with the record' })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(2000)
  note?: string;
}

export class FitSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() plateId!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty({ description: 'The run is approved' }) runApproved!: boolean;
  @ApiProperty({ enum: ['chosen', 'approved-run', 'latest-current'] }) source!: string;
  @ApiProperty({ enum: ['current', 'superseded'] }) status!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ type: Ic50Dto, description: 'The IC50, in the shape every response gives it' })
  ic50!: Ic50Dto;
  @ApiProperty({ description: 'Residual degrees of freedom of the fit' }) df!: number;
  @ApiProperty() concentrationUnit!: string;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Day of the read (YYYY-MM-DD)' })
  readDay!: string | null;
}

export class RatioSideDto {
  @ApiProperty() materialId!: string;
  @ApiProperty({ nullable: true, type: String }) materialName!: string | null;
  @ApiProperty() fit!: FitSummaryDto;
}

export class RatioBoundDto {
  @ApiProperty({ enum: ['>', '<'] }) relation!: '>' | '<';
  @ApiProperty({ description: 'The bound, from the tested dose (e.g. 90.9 for "> 90.9-fold")' })
  value!: number;
}

export class WarningDto {
  @ApiProperty({ example: 'different-plates' }) code!: string;
  @ApiProperty() message!: string;
}

/** Fold-resistance FR = IC50(resistant)/IC50(parental) with its log-scale t CI. */
export class FoldResistanceDto {
  @ApiProperty({ nullable: true, type: String, description: 'Set once recorded' })
  id!: string | null;
  @ApiProperty() resistant!: RatioSideDto;
  @ApiProperty() parental!: RatioSideDto;
  @ApiProperty({
    enum: ['chosen', 'approved-runs', 'latest-current'],
    description:
      'chosen: a fit was named; approved-runs: both latest current fits from approved runs; ' +
      'latest-current: no approved fit for a line, the latest current fit was used (warned)',
  })
  selection!: string;
  @ApiProperty({
    enum: ['determined', 'bound', 'not-determinable'],
    description:
      'bound: an IC50 is a bound ("> top tested dose"), so FR is a bound ("> N-fold", `bound`) ' +
      'with no point estimate and no CI (SCIENCE.md §2)',
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ nullable: true, type: RatioBoundDto }) bound!: RatioBoundDto | null;
  @ApiProperty({ nullable: true, type: Number }) ratio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lnRatio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) seLnRatio!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'df_R + df_P' }) df!: number | null;
  @ApiProperty({ nullable: true, type: Number }) tQuantile!: number | null;
  @ApiProperty({ nullable: true, type: [Number], description: 'exp(ln FR ± t·SE)' })
  ci95!: [number, number] | null;
  @ApiProperty({ nullable: true, type: [Number], description: 'exp(ln FR ± z·SE), for comparison' })
  ci95LogscaleZ!: [number, number] | null;
  @ApiProperty({ description: 'The method, stated' }) definition!: string;
  @ApiProperty({ example: '9.923 (95 % CI 7.809–12.61)' }) display!: string;
  @ApiProperty({ type: [WarningDto] }) warnings!: WarningDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) provenance!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) recordedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

/** A recorded fold-resistance, as listed on a material's record. */
export class RecordedFoldResistanceDto {
  @ApiProperty() id!: string;
  @ApiProperty() resistantMaterialId!: string;
  @ApiProperty() parentalMaterialId!: string;
  @ApiProperty() resistantFitId!: string;
  @ApiProperty() parentalFitId!: string;
  @ApiProperty() selection!: string;
  @ApiProperty({ enum: ['determined', 'bound', 'not-determinable'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ nullable: true, type: RatioBoundDto }) bound!: RatioBoundDto | null;
  @ApiProperty({ nullable: true, type: Number }) ratio!: number | null;
  @ApiProperty({ nullable: true, type: [Number] }) ci95!: [number, number] | null;
  @ApiProperty({ nullable: true, type: Number }) seLnRatio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) df!: number | null;
  @ApiProperty() definition!: string;
  @ApiProperty({ type: [WarningDto] }) warnings!: WarningDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) provenance!: Record<string, unknown>;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() recordedById!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class RecordedFoldResistancePageDto extends PageOf(RecordedFoldResistanceDto) {}
