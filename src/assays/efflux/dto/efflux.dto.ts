import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../../common/dto/page.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  MinLength,
} from 'class-validator';
import { FitSummaryDto, RatioBoundDto, WarningDto } from '../../viability/dto/fold-resistance.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';

/** POST /efflux-experiments. */
export class CreateEffluxExperimentDto {
  @ApiProperty({ example: 'HIG-82 6-TG-R ± MK571 25 µM' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  resistantMaterialId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentalMaterialId!: string;

  @ApiProperty({ example: 'MK571', description: 'Inhibitor name as entered on the layout' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  inhibitor!: string;

  @ApiPropertyOptional({
    example: 25,
    description: 'Inhibitor concentration, µM (default: any dose of that inhibitor)',
  })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1_000_000)
  inhibitorConcentrationMicromolar?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Plates of the experiment (default: the latest current fits of any plate)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  plateIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(20000)
  notes?: string;
}

/** GET /efflux-reversal: the same computation without a stored experiment. */
export class EffluxReversalQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The resistant (derived) material' })
  @IsUUID()
  resistantMaterialId!: string;

  @ApiProperty({ format: 'uuid', description: 'The parental material' })
  @IsUUID()
  parentalMaterialId!: string;

  @ApiProperty({ example: 'MK571' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  inhibitor!: string;

  @ApiPropertyOptional({ example: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @IsPositive()
  @Max(1_000_000)
  inhibitorConcentrationMicromolar?: number;
}

export class RatioDto {
  @ApiProperty() definition!: string;
  @ApiProperty({ enum: ['determined', 'bound', 'not-determinable'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: RatioBoundDto, description: '"> N-fold" from the top dose' })
  bound!: RatioBoundDto | null;
  @ApiProperty({ nullable: true, type: Number }) ratio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lnRatio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) seLnRatio!: number | null;
  @ApiProperty({ nullable: true, type: Number }) df!: number | null;
  @ApiProperty({ nullable: true, type: Number }) tQuantile!: number | null;
  @ApiProperty({ nullable: true, type: [Number] }) ci95!: [number, number] | null;
  @ApiProperty({ nullable: true, type: [Number] }) ci95LogscaleZ!: [number, number] | null;
  @ApiProperty() display!: string;
}

export class InhibitorToxicityDto {
  @ApiProperty({ enum: ['resistant', 'parental'] }) line!: string;
  @ApiProperty({ description: 'Inhibitor-only wells, % of the line’s vehicle' })
  viabilityPctOfVehicle!: number;
  @ApiProperty() thresholdPct!: number;
  @ApiProperty() pass!: boolean;
}

export class EffluxFitsDto {
  @ApiProperty() resistant!: FitSummaryDto;
  @ApiProperty() resistantWithInhibitor!: FitSummaryDto;
  @ApiProperty() parental!: FitSummaryDto;
  @ApiProperty({ nullable: true, type: FitSummaryDto })
  parentalWithInhibitor!: FitSummaryDto | null;
}

export class EffluxExperimentDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() resistantMaterialId!: string;
  @ApiProperty() parentalMaterialId!: string;
  @ApiProperty() inhibitorName!: string;
  @ApiProperty({ nullable: true, type: Number }) inhibitorConcentrationMolar!: number | null;
  @ApiProperty({ type: [String] }) plateIds!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: string;
}

/** Reversal, fold-resistance with the inhibitor, % restoration and the verdict. */
export class EffluxResultDto {
  @ApiProperty({ nullable: true, type: EffluxExperimentDto })
  experiment!: EffluxExperimentDto | null;
  @ApiProperty({ example: 'MK571' }) inhibitor!: string;
  @ApiProperty() fits!: EffluxFitsDto;
  @ApiProperty({ description: 'IC50(R)/IC50(R + inhibitor)' }) reversalFoldResistant!: RatioDto;
  @ApiProperty({ nullable: true, type: RatioDto, description: 'IC50(P)/IC50(P + inhibitor)' })
  reversalFoldParental!: RatioDto | null;
  @ApiProperty({ description: 'IC50(R)/IC50(P)' }) foldResistance!: RatioDto;
  @ApiProperty({ description: 'IC50(R + inhibitor)/IC50(P)' })
  foldResistanceWithInhibitor!: RatioDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '(IC50_R − IC50_R+inh)/(IC50_R − IC50_P)·100',
  })
  percentRestoration!: number | null;
  @ApiProperty({
    nullable: true,
    type: RatioBoundDto,
    description: '"> x %" when IC50(R) is a bound ("> top tested dose")',
  })
  percentRestorationBound!: RatioBoundDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why % restoration is a bound or none',
  })
  percentRestorationReason!: string | null;
  @ApiProperty({ type: [InhibitorToxicityDto] }) inhibitorToxicity!: InhibitorToxicityDto[];
  @ApiProperty({ description: 'false: a toxic inhibitor dose invalidates the comparison' })
  valid!: boolean;
  @ApiProperty({ enum: ['restored', 'partially restored', 'not restored', 'inconclusive'] })
  verdict!: string;
  @ApiProperty({
    enum: [
      'fold-resistance-with-inhibitor-ci',
      'reversal-ci',
      'inhibitor-toxicity',
      'not-determinable',
    ],
    description: 'Which interval (or check) decided the verdict',
  })
  decidedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String], example: ['inhibitor-toxic'] }) flags!: string[];
  @ApiProperty({ type: [WarningDto] }) warnings!: WarningDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) provenance!: Record<string, unknown>;
}

export class EffluxExperimentPageDto extends PageOf(EffluxExperimentDto) {}
