import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PlateDto, PlateReadingSummaryDto } from '../../plates/dto/plate.dto';
import { PLATE_READER_FORMATS } from '../../analysis/plate/plate-reading';
import type { PlateReaderFormat } from '../../analysis/plate/plate-reading';
import { PLATE_SIZES } from '../../analysis/plate/well-position';
import type { PlateSize } from '../../analysis/plate/well-position';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class PlateReadingUploadQueryDto {
  @ApiPropertyOptional({
    enum: PLATE_READER_FORMATS,
    description: 'Names the format and overrides detection from the content',
  })
  @IsOptional()
  @IsIn(PLATE_READER_FORMATS)
  format?: PlateReaderFormat;

  @ApiPropertyOptional({
    default: false,
    description: 'Validate only: answer the full report and write nothing',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun = false;

  @ApiPropertyOptional({
    description:
      'Original file name of a text body (a Gen5 export name carries the plate barcode). ' +
      'A multipart upload sends its own.',
    example: '240611_140237_TL-MTT-0731_mtt.txt',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(255)
  filename?: string;
}

export class InstrumentFeedQueryDto extends PlateReadingUploadQueryDto {
  @ApiPropertyOptional({
    description:
      'The planned plate, by id or barcode. Without it, the barcode in the file (or in a Gen5 file name) names the plate.',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(64)
  plate?: string;
}

export class ImportProblemDto {
  @ApiProperty({ example: 'NOT_A_NUMBER' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: '1-based line of the file' }) line?: number;
  @ApiPropertyOptional({ example: 'B7' }) well?: string;
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional({ example: 650 }) wavelengthNm?: number;
  @ApiPropertyOptional({ description: 'The plate block, in a file with several plates' })
  plate?: string;
  @ApiPropertyOptional({ description: 'The workbook sheet, for Excel exports' }) sheet?: string;
  @ApiPropertyOptional({ example: 'ex485/em528', description: 'The read channel concerned' })
  channel?: string;
}

export class PlateBlockDto {
  @ApiProperty({ example: 'Plate 2', description: 'The plate as the file names it' }) name!: string;
  @ApiProperty({ description: '1-based line (or sheet row) where its block starts' }) line!: number;
  @ApiPropertyOptional() sheet?: string;
}

export class SkippedBlockDto {
  @ApiProperty({ example: 'Curve Fit' }) name!: string;
  @ApiPropertyOptional() line?: number;
  @ApiPropertyOptional() sheet?: string;
  @ApiProperty({ description: 'Why this part of the file is not imported' }) reason!: string;
}

export class ReadChannelDto {
  @ApiProperty({ example: 'ex485/em528' }) key!: string;
  @ApiProperty({ enum: ['absorbance', 'fluorescence', 'luminescence'] }) mode!: string;
  @ApiProperty({ nullable: true, type: Number }) wavelengthNm!: number | null;
  @ApiPropertyOptional() excitationNm?: number;
  @ApiPropertyOptional() emissionNm?: number;
  @ApiPropertyOptional({ description: 'Detector gain as the file writes it' }) gain?: string;
  @ApiPropertyOptional() label?: string;
  @ApiPropertyOptional({
    description: 'Set when the reader software already subtracted this reference read',
  })
  referenceNm?: number;
}

export class ImportWarningDto {
  @ApiProperty({ example: 'zprime-below-minimum' }) code!: string;
  @ApiProperty({ enum: ['info', 'warning', 'blocks-approval'] }) severity!: string;
  @ApiProperty({ example: 'gating Z′ 0.312 below the protocol minimum 0.5 (blocks approval)' })
  message!: string;
}

export class PlateImportPlateResultDto {
  @ApiProperty({ type: PlateBlockDto }) block!: PlateBlockDto;
  @ApiProperty({ type: PlateDto }) plate!: PlateDto;
  @ApiProperty({ type: PlateReadingSummaryDto, nullable: true })
  reading!: PlateReadingSummaryDto | null;
  @ApiProperty({ type: [ReadChannelDto], description: 'Every read of the plate, all stored' })
  channels!: ReadChannelDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The channel the assay analyses (the protocol's read mode and wavelengths)",
  })
  analysedChannel!: string | null;
  @ApiProperty() valueCount!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { ok: 83, overflow: 8, missing: 5 },
    description: "Values per status: ok, or the reader's mark (overflow, flagged, missing)",
  })
  statuses!: Record<string, number>;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) analysis!: unknown;
  @ApiProperty({ type: [ImportWarningDto] }) warnings!: ImportWarningDto[];
}

export class PlateImportResultDto {
  @ApiProperty({
    enum: ['imported', 'duplicate', 'validated'],
    description:
      'imported (201): stored now; duplicate (200): the same content or Idempotency-Key was ' +
      'stored before, nothing new was written; validated (200): a dry run found no problem',
  })
  outcome!: 'imported' | 'duplicate' | 'validated';

  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: PlateDto }) plate!: PlateDto;

  @ApiProperty({
    type: PlateReadingSummaryDto,
    nullable: true,
    description: 'The stored reading (for a duplicate, the first one); null for a dry run',
  })
  reading!: PlateReadingSummaryDto | null;

  @ApiProperty({ enum: PLATE_READER_FORMATS }) format!: PlateReaderFormat;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'utf-16le',
    description:
      'How the bytes were read: utf-8, utf-16le, utf-16be, windows-1252 (text), or xlsx; null for readings stored before it was kept',
  })
  encoding!: string | null;

  @ApiProperty({ enum: PLATE_SIZES }) plateSize!: PlateSize;
  @ApiProperty({ type: [Number] }) wavelengthsNm!: number[];
  @ApiProperty({ description: 'Well values in the file' }) valueCount!: number;
  @ApiProperty({ description: "sha256 of the file's bytes as received" }) contentHash!: string;
  @ApiProperty({ nullable: true, type: String }) instrumentId!: string | null;
  @ApiProperty({ type: [ImportProblemDto], description: 'Always empty on success' })
  problems!: ImportProblemDto[];

  @ApiProperty({
    type: [PlateImportPlateResultDto],
    description:
      "Every plate of the file, each stored as its own reading of the planned plate whose barcode or name it carries (the top-level plate, reading and analysis are the first one's). Empty for a duplicate of a reading stored before imports kept their answer.",
  })
  plates!: PlateImportPlateResultDto[];

  @ApiProperty({
    type: [SkippedBlockDto],
    description:
      'Parts of the file deliberately not imported (calculated results, curve fits), with why',
  })
  skipped!: SkippedBlockDto[];

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'What the assay analysis produced in the same transaction (fits, each with its `ic50` in ' +
      'the Ic50Dto shape of GET /fits/{id}, plate QC); ' +
      '`status` is `analysed`, or `not-analysable` with a `reason` (the reading is stored all ' +
      'the same); null when no analysis ran (dry run, duplicate, or no analysis for this plate)',
  })
  analysis!: unknown;

  @ApiProperty({
    type: [ImportWarningDto],
    description:
      'What needs attention, at the top level: an analysis that could not run, a plate that ' +
      'fails QC, every plate or fit flag of severity warning or blocks-approval',
  })
  warnings!: ImportWarningDto[];
}
