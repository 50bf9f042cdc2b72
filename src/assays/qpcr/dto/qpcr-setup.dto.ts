import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';

export const EFFICIENCY_SOURCES = ['standard-curve', 'stated', 'assumed-100-percent'] as const;

export class PrimerInputDto {
  @ApiProperty({ example: 'ABCC1', description: 'A gene of the run panel' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  gene!: string;

  @ApiPropertyOptional({ example: 'GCTGCTGTTGGTCTTCTCC' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  forwardPrimer?: string;

  @ApiPropertyOptional({ example: 'CATCAGCTTGATCCGATTGTC' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  reversePrimer?: string;

  @ApiPropertyOptional({ description: 'Hydrolysis probe (TaqMan)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  probe?: string;

  @ApiPropertyOptional({ example: 112, description: 'Amplicon length in base pairs' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(20)
  @Max(2000)
  ampliconLengthBp?: number;

  @ApiPropertyOptional({
    example: 98.5,
    description: 'Stated amplification efficiency in per cent (efficiency source "stated")',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(50)
  @Max(150)
  efficiencyPercent?: number;

  @ApiPropertyOptional({ description: 'Where the stated efficiency comes from' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(300)
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

  @ApiPropertyOptional({ example: 9.2, description: 'RNA integrity number' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10)
  rin?: number;

  @ApiPropertyOptional({ example: 2.05 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5)
  a260280?: number;

  @ApiPropertyOptional({ example: 2.1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5)
  a260230?: number;
}

/** The MIQE record of a run, replaced as a whole. */
export class PutMiqeDto {
  @ApiPropertyOptional({ example: 'QuantStudio 7 Flex (Applied Biosystems)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  instrument?: string;

  @ApiPropertyOptional({ example: 'SYBR-Green' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  chemistry?: string;

  @ApiPropertyOptional({ example: 'High-Capacity cDNA RT kit (Applied Biosystems 4368814)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
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

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
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
