import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { READ_MODES, type ReadMode } from '../../analysis/plate/plate-reading';
import { WELL_ROLES, type WellRole } from '../../analysis/plate/well-role';
import { PLATE_SIZES } from '../../analysis/plate/well-position';
import type { PlateSize } from '../../analysis/plate/well-position';
import { PageQuery } from '../../common/dto/page-query.dto';
import { PageOf } from '../../common/dto/page.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** Any wavelength a plate reader uses, nm: from 230 (260/280 nm nucleic-acid reads) to 1000. */
const MIN_WAVELENGTH_NM = 230;
const MAX_WAVELENGTH_NM = 1000;

export class LayoutWellInputDto {
  @ApiProperty({ example: 'A4', description: 'Well name (A1–H12 or A1–P24)' })
  @IsString()
  @NoControlCharacters()
  @MaxLength(8)
  well!: string;

  @ApiProperty({ enum: WELL_ROLES })
  @IsString()
  @NoControlCharacters()
  @MaxLength(32)
  role!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'Material (cell line, population)',
  })
  @IsOptional()
  @IsUUID()
  materialId?: string | null;

  @ApiPropertyOptional({ type: Number, example: 200, description: 'Drug concentration as entered' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(1e12)
  concentrationValue?: number | null;

  @ApiPropertyOptional({
    type: String,
    example: 'µM',
    description: 'pM, nM, µM (uM), mM, M, or a mass unit',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(16)
  concentrationUnit?: string | null;

  @ApiPropertyOptional({ type: String, example: 'P-200', maxLength: 64 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(64)
  replicateGroup?: string | null;

  @ApiPropertyOptional({ type: String, example: 'MK571', maxLength: 100 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  inhibitorName?: string | null;

  @ApiPropertyOptional({ type: Number, example: 25 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(1e12)
  inhibitorConcentrationValue?: number | null;

  @ApiPropertyOptional({ type: String, example: 'µM' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(16)
  inhibitorConcentrationUnit?: string | null;
}

class LayoutHeaderDto {
  @ApiProperty({ example: 'MTT 6-TG 2-fold, parental A–C / resistant D–F', maxLength: 200 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    default: 570,
    minimum: 230,
    maximum: 1000,
    description:
      'Measurement wavelength, nm: any a reader uses, from 230 nm (260/280 nm nucleic-acid reads) to 1000 nm',
  })
  @IsOptional()
  @IsInt()
  @Min(230)
  @Max(1000)
  measurementWavelengthNm?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 230,
    maximum: 1000,
    description:
      'Reference wavelength subtracted from the measurement (630, 650, 690 nm; 320/340 nm beside 260/280 nm), nm; null for none. Absorbance only.',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_WAVELENGTH_NM)
  @Max(MAX_WAVELENGTH_NM)
  referenceWavelengthNm?: number | null;

  @ApiPropertyOptional({
    enum: READ_MODES,
    default: 'absorbance',
    description:
      "The read the assay analyses when the run's protocol names none (a protocol's readMode, excitationWavelengthNm and emissionWavelengthNm win): absorbance at the wavelengths above, fluorescence (the channel of excitationWavelengthNm/emissionWavelengthNm, or the file's only one) or luminescence",
  })
  @IsOptional()
  @IsIn(READ_MODES)
  readMode?: ReadMode;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 230,
    maximum: 1000,
    example: 560,
    description: 'Fluorescence: excitation wavelength of the analysed channel, nm',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_WAVELENGTH_NM)
  @Max(MAX_WAVELENGTH_NM)
  excitationWavelengthNm?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 230,
    maximum: 1000,
    example: 590,
    description:
      'Fluorescence: emission wavelength of the analysed channel, nm (above the excitation)',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_WAVELENGTH_NM)
  @Max(MAX_WAVELENGTH_NM)
  emissionWavelengthNm?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 32,
    example: '100',
    description:
      'Fluorescence or luminescence: the detector gain of the analysed channel as the reader writes it (`100`, `extended`), for a file holding the same read at several gains',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(32)
  readGain?: string | null;
}

export class CreatePlateLayoutDto extends LayoutHeaderDto {
  @ApiProperty({ enum: PLATE_SIZES })
  @IsIn(PLATE_SIZES)
  plateSize!: PlateSize;

  @ApiProperty({
    type: [LayoutWellInputDto],
    description: 'Wells with a role; wells not listed are empty',
  })
  @IsArray()
  @ArrayMaxSize(384)
  @ValidateNested({ each: true })
  @Type(() => LayoutWellInputDto)
  wells!: LayoutWellInputDto[];
}

export class ImportPlateLayoutDto extends LayoutHeaderDto {
  @ApiPropertyOptional({
    enum: PLATE_SIZES,
    description:
      'Plate size; 96 when absent (a well beyond H12 is then refused: state 384 for a 384-well map)',
  })
  @IsOptional()
  @IsIn(PLATE_SIZES)
  plateSize?: PlateSize;

  @ApiProperty({
    description:
      'The CSV plate map: `well,role[,line|material][,concentration_uM|concentration,unit]' +
      '[,replicate][,inhibitor][,inhibitor_concentration_uM]`',
    example: 'well,role,line,concentration_uM\nA1,blank,,0\nA2,vehicle,parental,0\n',
  })
  @IsString()
  @NoControlCharacters('text')
  @IsNotEmpty()
  @MaxLength(1_000_000)
  csv!: string;

  @ApiProperty({
    description:
      'Material names used in the map → material id or barcode, e.g. {"parental": "<uuid>", "resistant": "HIG82-R-001"}',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  materials!: Record<string, string>;
}

export class LayoutWellDto {
  @ApiProperty() well!: string;
  @ApiProperty({ description: '0-based row (A = 0)' }) row!: number;
  @ApiProperty({ description: '0-based column (1 = 0)' }) column!: number;
  @ApiProperty({ enum: WELL_ROLES }) role!: WellRole;
  @ApiProperty({ nullable: true, type: String }) materialId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) concentrationValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) concentrationUnit!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'mol/L' })
  concentrationMolar!: number | null;
  @ApiProperty({ nullable: true, type: String }) replicateGroup!: string | null;
  @ApiProperty({ nullable: true, type: String }) inhibitorName!: string | null;
  @ApiProperty({ nullable: true, type: Number }) inhibitorConcentrationValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) inhibitorConcentrationUnit!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'mol/L' })
  inhibitorConcentrationMolar!: number | null;
}

/** The members of a well's layout entry that a plate's or an analysis's wells show. */
export const LAYOUT_ENTRY_MEMBERS = [
  'role',
  'materialId',
  'concentrationValue',
  'concentrationUnit',
  'concentrationMolar',
  'inhibitorName',
  'inhibitorConcentrationValue',
  'inhibitorConcentrationUnit',
] as const;

export class PlateLayoutSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: PLATE_SIZES }) plateSize!: PlateSize;
  @ApiProperty() measurementWavelengthNm!: number;
  @ApiProperty({ nullable: true, type: Number }) referenceWavelengthNm!: number | null;
  @ApiProperty({ enum: READ_MODES }) readMode!: ReadMode;
  @ApiProperty({ nullable: true, type: Number }) excitationWavelengthNm!: number | null;
  @ApiProperty({ nullable: true, type: Number }) emissionWavelengthNm!: number | null;
  @ApiProperty({ nullable: true, type: String }) readGain!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Set once a stored plate uses the layout; a locked layout is copied on edit',
  })
  lockedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) copiedFromId!: string | null;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PlateLayoutDto extends PlateLayoutSummaryDto {
  @ApiProperty({ type: [LayoutWellDto] }) wells!: LayoutWellDto[];
}

export class UpdatedPlateLayoutDto extends PlateLayoutDto {
  @ApiProperty({
    description:
      'True when the layout was locked (a stored plate uses it) and the edit made a copy: ' +
      '`id` is the copy, `copiedFromId` the unchanged original',
  })
  copied!: boolean;

  @ApiProperty({ description: 'What happened, for a person' })
  message!: string;
}

export class PlateLayoutPageDto extends PageOf(
  PlateLayoutSummaryDto,
  'Layouts matching the filters, over all pages',
) {}

export class ListPlateLayoutsQueryDto extends PageQuery() {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: PLATE_SIZES })
  @IsOptional()
  @Type(() => Number)
  @IsIn(PLATE_SIZES)
  plateSize?: PlateSize;
}
