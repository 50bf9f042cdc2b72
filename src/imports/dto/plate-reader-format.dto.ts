import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/page.dto';
import {
  PHYSICAL_LIMITS,
  PLATE_READER_FORMATS,
  READ_MODES,
  type PlateReaderFormat,
  type PlateReaderFormatInfo,
  type ReadMode,
} from '../plate-readers';

/** The range of values a reader reports in a read mode; values outside it are refused. */
export class ReadModeLimitsDto {
  @ApiProperty({ enum: READ_MODES }) mode!: ReadMode;
  @ApiProperty({ example: -0.5 }) min!: number;
  @ApiProperty({ example: 10 }) max!: number;
  @ApiProperty({ example: 'OD' }) unit!: string;
}

/** What one plate-reader parser reads. */
export class PlateReaderFormatDto {
  @ApiProperty({ enum: PLATE_READER_FORMATS, description: 'The value of `?format=`' })
  format!: PlateReaderFormat;

  @ApiProperty({ example: 'Gen5 text export' }) name!: string;

  @ApiProperty({ description: 'Software and readers that write it' }) writtenBy!: string;

  @ApiProperty({
    enum: ['text', 'xlsx'],
    isArray: true,
    description: 'text: UTF-8, UTF-16 with BOM or Windows-1252, detected from the bytes',
  })
  files!: ('text' | 'xlsx')[];

  @ApiProperty({ enum: READ_MODES, isArray: true }) readModes!: ReadMode[];

  @ApiProperty({ type: [String], description: 'Layouts of the data it reads' }) layouts!: string[];

  @ApiProperty({ description: 'Several plates in one file, each matched to its planned plate' })
  multiplePlates!: boolean;

  @ApiProperty({ type: [String], description: 'What it refuses, and what to export instead' })
  refuses!: string[];

  @ApiProperty({ description: 'An example file in test/fixtures/plate-readers/' }) example!: string;
}

export class PlateReaderFormatPageDto extends PageOf(PlateReaderFormatDto, 'Every format read') {
  @ApiProperty({
    type: [ReadModeLimitsDto],
    description: 'Per read mode, the values a reader can report; others are refused',
  })
  physicalLimits!: ReadModeLimitsDto[];

  @ApiProperty({
    type: [String],
    description: 'Cell marks stored with a status instead of a number',
    example: ['OVRFLW', 'OVER', 'MISSED', '*0.356*'],
  })
  marks!: string[];
}

export function toPlateReaderFormatDto(f: PlateReaderFormatInfo): PlateReaderFormatDto {
  return {
    ...f,
    files: [...f.files],
    readModes: [...f.readModes],
    layouts: [...f.layouts],
    refuses: [...f.refuses],
  };
}

export function physicalLimitsDto(): ReadModeLimitsDto[] {
  return READ_MODES.map((mode) => ({ mode, ...PHYSICAL_LIMITS[mode] }));
}
