import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageOf } from '../../../common/dto/page.dto';
import { PageQuery } from '../../../common/dto/page-query.dto';
import { NoControlCharacters } from '../../../common/validation/no-control-characters';
import { QPCR_EXPORT_FORMATS, type QpcrExportFormat } from '../../../imports/qpcr/qpcr-export';

export class QpcrImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Report without writing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ enum: QPCR_EXPORT_FORMATS, description: 'Default: recognised' })
  @IsOptional()
  @IsIn(QPCR_EXPORT_FORMATS)
  format?: QpcrExportFormat;

  @ApiPropertyOptional({ description: 'File name to record (a text body has none)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(255)
  filename?: string;
}

export class EfficiencySummaryDto {
  @ApiProperty() gene!: string;
  @ApiProperty({ enum: ['standard-curve', 'stated', 'assumed-100-percent'] }) source!: string;
  @ApiProperty() efficiencyPercent!: number;
  @ApiProperty() amplificationFactor!: number;
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ type: Number, nullable: true }) rSquared!: number | null;
  @ApiProperty({ type: Number, nullable: true }) slope!: number | null;
  @ApiProperty({ type: [String] }) flags!: string[];
}

export class GroupFoldDto {
  @ApiProperty() gene!: string;
  @ApiProperty() group!: string;
  @ApiProperty() calibratorGroup!: string;
  @ApiProperty({ type: String, nullable: true }) materialId!: string | null;
  @ApiProperty({ type: String, nullable: true }) calibratorMaterialId!: string | null;
  @ApiProperty() nSamples!: number;
  @ApiProperty() nCalibratorSamples!: number;
  @ApiProperty({ type: Number, nullable: true }) foldChange!: number | null;
  @ApiProperty({ type: Number, nullable: true }) log2Fold!: number | null;
  @ApiProperty({ type: Number, nullable: true }) sdLog2Fold!: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciLower!: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciUpper!: number | null;
  @ApiProperty({ type: Number, nullable: true }) t!: number | null;
  @ApiProperty({ type: Number, nullable: true }) df!: number | null;
  @ApiProperty({ type: Number, nullable: true }) pValue!: number | null;
  @ApiProperty({ type: [String] }) flags!: string[];
}

export class AnalysisSummaryDto {
  @ApiProperty({ type: String, nullable: true, description: 'null in a dry run' })
  analysisId!: string | null;
  @ApiProperty({ enum: ['livak', 'pfaffl-multi-reference'] }) quantificationMethod!: string;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ type: [EfficiencySummaryDto] }) efficiencies!: EfficiencySummaryDto[];
  @ApiProperty({ type: [GroupFoldDto] }) groups!: GroupFoldDto[];
}

export class QpcrImportReportDto {
  @ApiProperty({ enum: ['imported', 'duplicate', 'dry-run'] }) outcome!: string;
  @ApiProperty({ type: String, nullable: true }) importId!: string | null;
  @ApiProperty({ enum: QPCR_EXPORT_FORMATS }) format!: string;
  @ApiProperty() contentHash!: string;
  @ApiProperty({ type: [String], description: 'Plate runs in the file (RDML may hold several)' })
  plates!: string[];
  @ApiProperty() reactions!: number;
  @ApiProperty({ description: 'Reactions without a Cq (kept as undetermined, never a number)' })
  undetermined!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { materialId: { type: 'string' }, group: { type: 'string' } },
    },
    description: 'File sample name → material and group',
  })
  sampleMapping!: Record<string, { materialId: string; group: string }>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'File target name → gene',
  })
  targetMapping!: Record<string, string>;
  @ApiProperty({ type: AnalysisSummaryDto, nullable: true })
  analysis!: AnalysisSummaryDto | null;
}

export class AnalysisDto extends AnalysisSummaryDto {
  @ApiProperty() runId!: string;
  @ApiProperty() importId!: string;
  @ApiProperty() current!: boolean;
  @ApiProperty() method!: string;
  @ApiProperty() methodVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) options!: Record<string, unknown>;
  @ApiProperty() inputHash!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) supersededAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Efficiencies with their standard curves, NTC checks, geNorm reference stability, per sample × gene (Cq mean, SD, ΔCq, ΔΔCq, fold, range, flags) and per group × gene results',
  })
  result!: Record<string, unknown>;
}

export class AnalysisPageDto extends PageOf(AnalysisDto) {}

export class ListAnalysesQueryDto extends PageQuery({ defaultLimit: 20, maxLimit: 200 }) {}

export class ReactionDto {
  @ApiProperty() id!: string;
  @ApiProperty() plate!: string;
  @ApiProperty() well!: string;
  @ApiProperty() sampleRaw!: string;
  @ApiProperty() targetRaw!: string;
  @ApiProperty({ type: String, nullable: true }) sample!: string | null;
  @ApiProperty({ type: String, nullable: true }) materialId!: string | null;
  @ApiProperty({ type: String, nullable: true }) group!: string | null;
  @ApiProperty() gene!: string;
  @ApiProperty() task!: string;
  @ApiProperty({ type: Number, nullable: true }) cq!: number | null;
  @ApiProperty({ enum: ['determined', 'undetermined'] }) cqStatus!: string;
  @ApiProperty({ description: 'The Cq cell as written' }) cqRaw!: string;
  @ApiProperty({ type: Number, nullable: true }) quantity!: number | null;
  @ApiProperty({ type: String, nullable: true }) quantityRaw!: string | null;
  @ApiProperty() omitted!: boolean;
  @ApiProperty() source!: string;
}

export class ReactionPageDto extends PageOf(ReactionDto) {}

export class ListReactionsQueryDto extends PageQuery({ defaultLimit: 400, maxLimit: 2000 }) {}

export class FoldChangeDto extends GroupFoldDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() analysisId!: string;
  @ApiProperty() current!: boolean;
  @ApiProperty({ enum: ['livak', 'pfaffl-multi-reference'] }) quantificationMethod!: string;
}

export class FoldChangePageDto extends PageOf(FoldChangeDto) {}

export class ListFoldChangesQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: 500 }) {
  @ApiPropertyOptional({ description: 'The compared (resistant) group material' })
  @IsOptional()
  @IsUUID()
  materialId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ example: 'ABCC1' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  gene?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Default true: current analyses only',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  current?: 'true' | 'false';
}
