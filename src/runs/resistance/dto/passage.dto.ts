import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../../common/dto/page.dto';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';

export class PassageDoseDto {
  @ApiProperty({ example: 0.375 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(1_000_000_000)
  value!: number;

  @ApiProperty({ example: 'µM', description: 'A molar unit: pM, nM, µM (uM), mM or M' })
  @IsString()
  @NoControlCharacters()
  @MaxLength(16)
  unit!: string;
}

/**
 * One passage of the log. Ranges (viability and confluence 0–100 %, dose ≥ 0 in a molar unit,
 * passage number ≥ 0) are checked by the escalation engine and answered with its rule codes.
 */
export class CreatePassageDto {
  @ApiProperty({ example: 4, description: 'Greater than every passage already logged' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  passageNumber!: number;

  @ApiProperty({ example: '2025-03-14', description: 'ISO 8601 date or UTC date-time' })
  @IsISO8601({ strict: true })
  date!: string;

  @ApiProperty({ type: PassageDoseDto, description: '6-TG concentration during this passage' })
  @IsDefined()
  @ValidateNested()
  @Type(() => PassageDoseDto)
  dose!: PassageDoseDto;

  @ApiPropertyOptional({ description: 'Viable cells counted (cells/mL)', example: 420000 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(1e13)
  viableCount?: number;

  @ApiProperty({ example: 82 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  viabilityPercent!: number;

  @ApiPropertyOptional({ example: 85 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  confluencePercent?: number;

  @ApiPropertyOptional({ example: '1:3' })
  @IsOptional()
  @Matches(/^1:[1-9]\d{0,2}$/, { message: 'splitRatio must be written 1:n' })
  splitRatio?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(5000)
  notes?: string;

  @ApiPropertyOptional({
    description:
      'Required when the dose differs from the suggestion (GET /runs/:id/next-dose); the override is logged as a deviation',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(5000)
  deviationReason?: string;
}

export class PassageDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'The derived population' }) materialId!: string;
  @ApiProperty() passageNumber!: number;
  @ApiProperty() date!: string;
  @ApiProperty({ type: PassageDoseDto }) dose!: PassageDoseDto;
  @ApiProperty({ description: '6-TG dose in mol/L' }) doseMolar!: number;
  @ApiProperty({ nullable: true, type: Number }) viableCount!: number | null;
  @ApiProperty() viabilityPercent!: number;
  @ApiProperty({ nullable: true, type: Number }) confluencePercent!: number | null;
  @ApiProperty({ nullable: true, type: String }) splitRatio!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: PassageDoseDto, description: 'What the escalation rule suggested' })
  suggestedDose!: PassageDoseDto;
  @ApiProperty({ enum: ['start', 'step-up', 'hold', 'step-down', 'target-reached'] })
  suggestedRule!: string;
  @ApiProperty({ description: 'The dose overrode the suggestion (a deviation was logged)' })
  deviation!: boolean;
  @ApiProperty({ nullable: true, type: String }) deviationId!: string | null;
  @ApiProperty() recordedById!: string;
  @ApiProperty() createdAt!: Date;
}

export class DoseSuggestionDto {
  @ApiProperty({ enum: ['start', 'step-up', 'hold', 'step-down', 'target-reached'] })
  rule!: string;
  @ApiProperty({ type: PassageDoseDto, description: "In the unit of the protocol's start dose" })
  dose!: PassageDoseDto;
  @ApiProperty() doseMolar!: number;
  @ApiProperty({ type: PassageDoseDto, nullable: true }) currentDose!: PassageDoseDto | null;
  @ApiProperty() passagesAtCurrentDose!: number;
  @ApiProperty() consecutiveStepUp!: number;
  @ApiProperty() consecutiveStepDown!: number;
  @ApiProperty({ type: [Number], description: 'The passages that decided the rule' })
  basedOnPassages!: number[];
  @ApiProperty({ description: 'Which rule fired, and why' }) explanation!: string;
}

export class ReplayStepDto {
  @ApiProperty() passageNumber!: number;
  @ApiProperty({ type: DoseSuggestionDto, description: 'Suggested before this passage' })
  suggestion!: DoseSuggestionDto;
  @ApiProperty({ type: PassageDoseDto }) chosen!: PassageDoseDto;
  @ApiProperty() deviation!: boolean;
}

export class NextDoseDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The derived population' })
  materialId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The escalation settings from the run's parameters",
  })
  settings!: Record<string, unknown>;
  @ApiProperty({ description: 'A dose further than this from the suggestion is a deviation' })
  deviationTolerancePercent!: number;
  @ApiProperty({ type: DoseSuggestionDto }) suggestion!: DoseSuggestionDto;
  @ApiProperty({ type: [ReplayStepDto], description: 'Each passage: suggestion and choice' })
  history!: ReplayStepDto[];
}

export class PassagePageDto extends PageOf(PassageDto) {}
