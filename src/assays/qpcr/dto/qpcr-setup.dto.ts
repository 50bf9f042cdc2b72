import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { OptionalNumber, OptionalText } from '../../../common/validation/optional-fields';

export const EFFICIENCY_SOURCES = ['standard-curve', 'stated', 'assumed-100-percent'] as const;

export class PrimerInputDto {
  @ApiProperty({ example: 'ABCC1', description: 'A gene of the run panel' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  gene!: string;

  @OptionalText(200, { example: 'GCTGCTGTTGGTCTTCTCC' })
  forwardPrimer?: string;

  @OptionalText(200, { example: 'CATCAGCTTGATCCGATTGTC' })
  reversePrimer?: string;

  @OptionalText(200, { description: 'Hydrolysis probe (TaqMan)' })
  probe?: string;

  @OptionalNumber(20, 2000, { example: 112, description: 'Amplicon length in base pairs' })
  ampliconLengthBp?: number;

  @OptionalNumber(50, 150, {
    example: 98.5,
    description: 'Stated amplification efficiency in per cent (efficiency source "stated")',
  })
  efficiencyPercent?: number;

  @OptionalText(300, { description: 'Where the stated efficiency comes from' })
  efficiencyReference?: string;
}

export class RnaQualityInputDto {
  @ApiProperty({
    example: 'P1',
    description: 'Biological sample name as the export files write it',
  })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  sample!: string;

  @OptionalNumber(1, 10, { example: 9.2, description: 'RNA integrity number' })
  rin?: number;

  @OptionalNumber(0, 5, { example: 2.05 })
  a260280?: number;

  @OptionalNumber(0, 5, { example: 2.1 })
  a260230?: number;
}

/** The MIQE record of a run, replaced as a whole. */
export class PutMiqeDto {
  @OptionalText(200, { example: 'QuantStudio 7 Flex (Applied Biosystems)' })
  instrument?: string;

  @OptionalText(64, { example: 'SYBR-Green' })
  chemistry?: string;

  @OptionalText(200, { example: 'High-Capacity cDNA RT kit (Applied Biosystems 4368814)' })
  rtKit?: string;

  @ApiPropertyOptional({ enum: EFFICIENCY_SOURCES })
  @IsOptional()
  @IsIn(EFFICIENCY_SOURCES)
  efficiencySource?: (typeof EFFICIENCY_SOURCES)[number];

  @ApiPropertyOptional({ type: [PrimerInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => PrimerInputDto)
  primers?: PrimerInputDto[];

  @ApiPropertyOptional({ type: [RnaQualityInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RnaQualityInputDto)
  rnaQuality?: RnaQualityInputDto[];

  @OptionalText(4000, {}, 'text')
  notes?: string;
}

export class PrimerDto {
  @ApiProperty() gene!: string;
  @ApiProperty({ type: String, nullable: true }) forwardPrimer!: string | null;
  @ApiProperty({ type: String, nullable: true }) reversePrimer!: string | null;
  @ApiProperty({ type: String, nullable: true }) probe!: string | null;
  @ApiProperty({ type: Number, nullable: true }) ampliconLengthBp!: number | null;
  @ApiProperty({ type: Number, nullable: true }) efficiencyPercent!: number | null;
  @ApiProperty({ type: String, nullable: true }) efficiencyReference!: string | null;
}

export class RnaQualityDto {
  @ApiProperty() sample!: string;
  @ApiProperty({ type: Number, nullable: true }) rin!: number | null;
  @ApiProperty({ type: Number, nullable: true }) a260280!: number | null;
  @ApiProperty({ type: Number, nullable: true }) a260230!: number | null;
}

export class MissingMiqeFieldDto {
  @ApiProperty({ example: 'primers.ABCC1' }) field!: string;
  @ApiProperty() message!: string;
}

export class MiqeDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ type: String, nullable: true }) instrument!: string | null;
  @ApiProperty({ type: String, nullable: true }) chemistry!: string | null;
  @ApiProperty({ type: String, nullable: true }) rtKit!: string | null;
  @ApiProperty({ type: String, nullable: true }) efficiencySource!: string | null;
  @ApiProperty({ type: [PrimerDto] }) primers!: PrimerDto[];
  @ApiProperty({ type: [RnaQualityDto] }) rnaQuality!: RnaQualityDto[];
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: [String], description: 'The MIQE fields the run protocol requires' })
  required!: string[];
  @ApiProperty({
    type: [MissingMiqeFieldDto],
    description: 'Required fields still missing (submission is refused while any is)',
  })
  missing!: MissingMiqeFieldDto[];
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
}

export class SampleNameInputDto {
  @ApiProperty({ example: 'P1', description: 'Sample name as the export files write it' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'One of the run materials' })
  @IsUUID()
  materialId!: string;

  @ApiPropertyOptional({
    example: 'parental',
    description:
      'Group compared; default `parental` for a parental cell line, `resistant` for a derived population',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  group?: string;
}

export class TargetNameInputDto {
  @ApiProperty({ example: 'MRP1', description: 'Target name as the export files write it' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'ABCC1', description: 'A gene of the run panel' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  gene!: string;
}

/** How the export files name the run's samples and genes; replaced as a whole. */
export class PutNameMapDto {
  @ApiProperty({ type: [SampleNameInputDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SampleNameInputDto)
  samples!: SampleNameInputDto[];

  @ApiPropertyOptional({ type: [TargetNameInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TargetNameInputDto)
  targets?: TargetNameInputDto[];
}

export class SampleNameDto {
  @ApiProperty() name!: string;
  @ApiProperty() materialId!: string;
  @ApiProperty() group!: string;
}

export class TargetNameDto {
  @ApiProperty() name!: string;
  @ApiProperty() gene!: string;
}

export class NameMapDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ type: [SampleNameDto] }) samples!: SampleNameDto[];
  @ApiProperty({ type: [TargetNameDto] }) targets!: TargetNameDto[];
  @ApiProperty({ type: [String], description: 'The run gene panel (references, then targets)' })
  genes!: string[];
}
