import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { PageOf } from '../../../common/dto/page.dto';
import { PageQuery } from '../../../common/dto/page-query.dto';
import { CULTURE_CONDITIONS, type CultureCondition } from '../coculture-culture.entity';

export class ComputeKineticsDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The anaerobic-coculture run whose cultures are analysed',
  })
  @IsUUID()
  runId!: string;
}

export class KineticsResultDto {
  @ApiProperty() id!: string;
  @ApiProperty() cultureId!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() analyte!: string;
  @ApiProperty({ enum: ['parent', 'metabolite'] }) role!: 'parent' | 'metabolite';
  @ApiProperty() current!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'SFO k, per hour (parent)' })
  rateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'SFO t½, hours (parent)' })
  halfLifeHours!: number | null;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) result!: Record<string, unknown>;
  @ApiProperty() method!: string;
  @ApiProperty() methodVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) options!: Record<string, unknown>;
  @ApiProperty() inputHash!: string;
  @ApiProperty() createdAt!: string;
}

export class KineticsResultPageDto extends PageOf(KineticsResultDto) {}

/** One stored result of a computation, without its `result` document and options. */
export class KineticsResultSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() cultureId!: string;
  @ApiProperty({ description: 'The culture’s name' }) culture!: string;
  @ApiProperty({ enum: CULTURE_CONDITIONS }) condition!: CultureCondition;
  @ApiProperty() analyte!: string;
  @ApiProperty({ enum: ['parent', 'metabolite'] }) role!: 'parent' | 'metabolite';
  @ApiProperty({
    enum: ['fitted', 'not-fitted', 'computed', 'not-computed'],
    description: 'fitted/not-fitted (parent), computed/not-computed (metabolite)',
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was not fitted or computed' })
  reason!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'SFO k, per hour (parent)' })
  rateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'SFO t½, hours (parent)' })
  halfLifeHours!: number | null;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty() method!: string;
  @ApiProperty() methodVersion!: string;
  @ApiProperty() inputHash!: string;
}

/**
 * The answer to a computation: what was stored, one line per culture and analyte. The whole
 * results (fits with SE and CI, points, options) are read at `results`.
 */
export class KineticsComputationDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'Creation time of every stored result' }) computedAt!: string;
  @ApiProperty({ description: 'Results stored (the run’s previous ones are superseded)' })
  total!: number;
  @ApiProperty({ type: [KineticsResultSummaryDto] }) items!: KineticsResultSummaryDto[];
  @ApiProperty({
    description: 'Where the whole results are read: GET /api/v1/degradation-results?runId=…',
  })
  results!: string;
}

export class ListKineticsQueryDto extends PageQuery({ maxLimit: 500, defaultLimit: 100 }) {
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
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  analyte?: string;
}

export class ComparisonQueryDto {
  @ApiPropertyOptional({
    default: 'anaerobic-coculture',
    description: 'Protocol key of the co-culture runs',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  protocolKey?: string;

  @ApiPropertyOptional({ description: "Parent drug (default: each culture's drug)" })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  analyte?: string;

  @ApiPropertyOptional({
    enum: ['sfo', 'biotic'],
    default: 'sfo',
    description: 'Compare the SFO k of the culture, or its biotic rate (culture − abiotic)',
  })
  @IsOptional()
  @IsIn(['sfo', 'biotic'])
  rate?: 'sfo' | 'biotic';
}

export class DonorRateDto {
  @ApiProperty() donorId!: string;
  @ApiProperty({ description: 'Pseudonymous code' }) donorCode!: string;
  @ApiProperty({ enum: ['responder', 'non-responder'] }) responderStatus!: string;
  @ApiProperty({ description: 'Cultures averaged' }) cultures!: number;
  @ApiProperty({ description: 'Mean k over the donor’s cultures, per hour' })
  rateConstantPerHour!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'ln 2 / k, hours' }) halfLifeHours!:
    number | null;
}

export class GroupSummaryDto {
  @ApiProperty() n!: number;
  @ApiProperty({ nullable: true, type: Number }) medianRateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number }) q1RateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number }) q3RateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanRateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number }) sdRateConstantPerHour!: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianHalfLifeHours!: number | null;
}

export class DonorComparisonDto {
  @ApiProperty() protocol!: string;
  @ApiProperty({ enum: ['sfo', 'biotic'] }) rate!: 'sfo' | 'biotic';
  @ApiProperty({ enum: ['compared', 'insufficient-data'] }) status!:
    'compared' | 'insufficient-data';
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [DonorRateDto] }) donors!: DonorRateDto[];
  @ApiProperty({ type: GroupSummaryDto }) responders!: GroupSummaryDto;
  @ApiProperty({ type: GroupSummaryDto }) nonResponders!: GroupSummaryDto;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'Mann–Whitney U (exact p for small n without ties)',
  })
  test!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) method!: string | null;
  @ApiProperty({ nullable: true, type: String }) methodVersion!: string | null;
  @ApiProperty({ nullable: true, type: String }) inputHash!: string | null;
}
