import type { ReadMode } from '../../analysis/plate/plate-reading';
import type { PlateReaderFormat } from '../../analysis/plate/plate-reading';

/** What one parser reads: shown in the README and at `GET /api/v1/plate-reader-formats`. */
export interface PlateReaderFormatInfo {
  format: PlateReaderFormat;
  name: string;
  /** Software and readers that write it. */
  writtenBy: string;
  /** `text` (any encoding: UTF-8, UTF-16 with BOM, Windows-1252) and/or `xlsx`. */
  files: ('text' | 'xlsx')[];
  readModes: ReadMode[];
  /** The layouts of the data the parser reads. */
  layouts: string[];
  /** Several plates in one file, each matched to its planned plate. */
  multiplePlates: boolean;
  /** What it refuses, said plainly. */
  refuses: string[];
  /** A small example file in the repository (test/fixtures/plate-readers/…). */
  example: string;
}

const KINETIC = 'kinetic reads (export the endpoint or a reduced value per well)';
const SPECTRUM = 'spectrum and scan reads (export an endpoint read)';

export const PLATE_READER_FORMAT_TABLE: readonly PlateReaderFormatInfo[] = [
  {
    format: 'grid',
    name: 'Plate grid',
    writtenBy: 'any reader or spreadsheet: 8 × 12 or 16 × 24 grids with optional `key,value` lines',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      'one block per wavelength (`Wavelength (nm),570` or a `570 nm` title above it)',
      'a bare grid takes its wavelength from the plate layout or run when it names exactly one',
    ],
    multiplePlates: false,
    refuses: [],
    example: 'grid/ok/two-blocks-96-570-650.csv',
  },
  {
    format: 'long',
    name: 'Long table',
    writtenBy: 'LIMS exports and spreadsheets: one row per well',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: ['`well,value[,wavelength]`', 'one column per wavelength (`well,A570,A650`)'],
    multiplePlates: false,
    refuses: [
      'rows with more or fewer fields than the header (a decimal comma in a comma-delimited file)',
    ],
    example: 'long/ok/a570-a650-96.csv',
  },
  {
    format: 'gen5',
    name: 'Gen5 text export',
    writtenBy: 'Agilent BioTek Gen5 2.x/3.x (Synergy, Epoch, Cytation)',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      '"Results" matrix with a data-set label per row',
      'one matrix per data set ("all data" export)',
      'well-wise table',
      'several read steps; pathlength-correction test/reference reads',
      'data-reduction results listed as skipped',
      'an export without its file header or procedure (reads named by their data-set labels)',
    ],
    multiplePlates: true,
    refuses: [KINETIC, SPECTRUM],
    example: 'gen5/ok/multi-read-abs-fluor-96.txt',
  },
  {
    format: 'softmax',
    name: 'SoftMax Pro text export',
    writtenBy: 'Molecular Devices SoftMax Pro 5–7 (SpectraMax, FilterMax)',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      'PlateFormat and TimeFormat',
      '"Raw" data (one channel per wavelength)',
      '"Reduced" data (stored as already reference-subtracted)',
      'group tables listed as skipped',
    ],
    multiplePlates: true,
    refuses: [KINETIC, SPECTRUM, 'two plate blocks with the same name'],
    example: 'softmax/ok/two-plates-time-format-96-450.txt',
  },
  {
    format: 'bmg-mars',
    name: 'BMG MARS CSV',
    writtenBy: 'BMG Labtech MARS (CLARIOstar, PHERAstar, FLUOstar, SPECTROstar)',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      '"Raw Data (450)" / "(485/520)" / "(No filter)" matrices; barcode in ID1',
      'table view: one line per well (Well, or Well Row and Well Col), one column per data set',
      'rows ending early (MARS 3.40 leaves out trailing empty cells)',
    ],
    multiplePlates: false,
    refuses: [KINETIC],
    example: 'bmg-mars/ok/absorbance-450-650-96.csv',
  },
  {
    format: 'envision',
    name: 'EnVision CSV',
    writtenBy: 'Revvity (PerkinElmer) EnVision Workstation',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      '"Plate information" blocks per plate and label',
      'AlphaScreen labels read as luminescence',
      'calculated blocks listed as skipped',
    ],
    multiplePlates: true,
    refuses: [KINETIC],
    example: 'envision/ok/two-plates-abs-lum-96.csv',
  },
  {
    format: 'kaleido',
    name: 'Kaleido CSV',
    writtenBy: 'Revvity Kaleido (EnSight, VICTOR Nivo)',
    files: ['text'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: ['"Results for <technology>" matrices with the technology settings'],
    multiplePlates: true,
    refuses: [KINETIC],
    example: 'kaleido/ok/absorbance-fluorescence-96.csv',
  },
  {
    format: 'skanit',
    name: 'SkanIt export',
    writtenBy: 'Thermo Fisher SkanIt / Multiskan (Varioskan, Multiskan)',
    files: ['text', 'xlsx'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: [
      'workbook: one sheet per measurement step, calculated steps listed as skipped',
      'text: "Plate:1 - Wavelength:…" sections',
    ],
    multiplePlates: true,
    refuses: [KINETIC],
    example: 'skanit/ok/endpoint-340-96.txt',
  },
  {
    format: 'magellan',
    name: 'Magellan Excel export',
    writtenBy: 'Tecan Magellan (Sunrise, Infinite, Spark)',
    files: ['xlsx'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: ['one column per measurement, "Well positions" and "Plate" columns, settings below'],
    multiplePlates: false,
    refuses: [KINETIC],
    example: 'magellan/ok/od-570-96.xlsx',
  },
  {
    format: 'spark',
    name: 'Tecan Spark / i-control export',
    writtenBy: 'Tecan SparkControl, i-control (Spark, Infinite)',
    files: ['text', 'xlsx'],
    readModes: ['absorbance', 'fluorescence', 'luminescence'],
    layouts: ['one block per measurement, as a plate (`<>,1,2,…`) or a list (`<>,Value`)'],
    multiplePlates: false,
    refuses: [KINETIC],
    example: 'spark/ok/abs-list-fluor-plate-96.csv',
  },
];
