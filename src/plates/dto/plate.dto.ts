import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PLATE_READER_FORMATS } from '../../analysis/plate/plate-reading';
import type { PlateReaderFormat } from '../../analysis/plate/plate-reading';
import { PLATE_SIZES } from '../../analysis/plate/well-position';
import type { PlateSize } from '../../analysis/plate/well-position';
import { PLATE_STATUSES } from '../plate.entity';
import type { PlateStatus } from '../plate.entity';
import { PageQuery } from '../../common/dto/page-query.dto';
import { PageOf } from '../../common/dto/page.dto';
import { LAYOUT_ENTRY_MEMBERS, LayoutWellDto } from './plate-layout.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreatePlateDto {
  @ApiPropertyOptional({ example: 'TL-MTT-0731', maxLength: 64 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/, { message: 'barcode must not start or end with spaces' })
  barcode?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  layoutId!: string;

  @ApiPropertyOptional({ enum: PLATE_SIZES, description: "Defaults to the layout's size" })
  @IsOptional()
  @IsIn(PLATE_SIZES)
  plateSize?: PlateSize;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

export class ListPlatesQueryDto extends PageQuery() {
  @ApiPropertyOptional({ enum: PLATE_STATUSES })
  @IsOptional()
  @IsIn(PLATE_STATUSES)
  status?: PlateStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  layoutId?: string;

  @ApiPropertyOptional({ enum: PLATE_SIZES })
  @IsOptional()
  @Type(() => Number)
  @IsIn(PLATE_SIZES)
  plateSize?: PlateSize;

  @ApiPropertyOptional({ description: 'Exact barcode' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  barcode?: string;

  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO 8601, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}

export class PlateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) barcode!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: PLATE_SIZES }) plateSize!: PlateSize;
  @ApiProperty({ format: 'uuid' }) layoutId!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty({ enum: PLATE_STATUSES }) status!: PlateStatus;
  @ApiProperty({ nullable: true, type: String, description: 'UTC time of the latest reading' })
  readAt!: string | null;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PlatePageDto extends PageOf(PlateDto, 'Plates matching the filters, over all pages') {}

export class PlateReadingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) plateId!: string;
  @ApiProperty({ enum: PLATE_READER_FORMATS }) format!: PlateReaderFormat;
  @ApiProperty({ description: 'sha256 of the file' }) contentHash!: string;
  @ApiProperty({ nullable: true, type: String }) idempotencyKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) instrumentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceFilename!: string | null;
  @ApiProperty({ description: 'UTC' }) receivedAt!: string;
  @ApiProperty() uploadedById!: string;
  @ApiProperty({ description: 'Number of well values stored' }) valueCount!: number;
  @ApiProperty({ type: [Number] }) wavelengthsNm!: number[];
  @ApiProperty({
    description: 'The file header as parsed: barcode, read time, temperature, reader, …',
    type: 'object',
    additionalProperties: true,
  })
  metadata!: Record<string, unknown>;
}

export class PlateDetailDto extends PlateDto {
  @ApiProperty({ type: [PlateReadingSummaryDto], description: 'Newest first' })
  readings!: PlateReadingSummaryDto[];
}

export class WellValueDto {
  @ApiProperty({
    description:
      'Id of the raw value within its reading: well@wavelength (`A1@570`), the well alone when the file names no wavelength, or a UUID for values stored before raw values were kept per reading (migration PlateReadingValues)',
    example: 'A1@570',
  })
  id!: string;
  @ApiProperty({ nullable: true, type: Number }) wavelengthNm!: number | null;
  @ApiProperty({
    example: '570',
    description:
      "The read it belongs to: an absorbance wavelength (`570`), a reader-reduced difference (`450-650`), a fluorescence filter pair (`ex485/em528`) or luminescence (`lum`); see the reading's metadata.channels",
  })
  channel!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The number; null when the reader wrote a mark without one (overflow, missing)',
  })
  value!: number | null;
  @ApiProperty({
    enum: ['ok', 'overflow', 'flagged', 'missing'],
    description:
      'ok, or the mark the reader wrote (OVRFLW, OVER, Sat = overflow; *0.356* = flagged; MISSED, N/A = missing): such values are left out of the analysis with that reason',
  })
  status!: string;
  @ApiProperty({ description: 'The cell exactly as read' }) raw!: string;
}

export class PlateWellDto extends PickType(LayoutWellDto, [
  'well',
  'row',
  'column',
  ...LAYOUT_ENTRY_MEMBERS,
  'replicateGroup',
] as const) {
  @ApiProperty({ type: [WellValueDto], description: 'Raw values, one per wavelength' })
  values!: WellValueDto[];
}

export class PlateWellsDto {
  @ApiProperty({ format: 'uuid' }) plateId!: string;
  @ApiProperty({ enum: PLATE_SIZES }) plateSize!: PlateSize;
  @ApiProperty({ nullable: true, type: String, description: 'The reading shown (latest)' })
  readingId!: string | null;
  @ApiProperty({ type: [Number] }) wavelengthsNm!: number[];
  @ApiProperty({ type: [PlateWellDto], description: 'Every well of the plate, row-major' })
  wells!: PlateWellDto[];
}

export class PlateWellsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A reading of the plate; default latest' })
  @IsOptional()
  @IsUUID()
  readingId?: string;
}
