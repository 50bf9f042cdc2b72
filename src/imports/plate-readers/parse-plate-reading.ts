import { parseBmgMars } from './bmg-mars.parser';
import { decodeExport } from './encoding';
import { parseEnvision } from './envision.parser';
import { explainTextFormat, explainWorkbookFormat, type Detection } from './format-detection';
import { PLATE_READER_FORMAT_TABLE } from './format-table';
import { parseGen5 } from './gen5.parser';
import { parseGrid } from './grid.parser';
import { parseKaleido } from './kaleido.parser';
import { parseLong } from './long.parser';
import { parseMagellan } from './magellan.parser';
import {
  emptyFileResult,
  sniffDelimiter,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import {
  PLATE_READER_FORMATS,
  type ImportProblem,
  type ParsedPlateFile,
  type ParseFileResult,
  type ParseResult,
  type PlateReaderFormat,
  type PlateReaderParseOptions,
  type WellReading,
} from '../../analysis/plate/plate-reading';
import { parseSkanitText, parseSkanitWorkbook } from './skanit.parser';
import { parseSoftmax } from './softmax.parser';
import { parseSpark } from './spark.parser';
import { readWorkbook, type Sheet } from './workbook';

export interface ParsePlateReadingOptions extends PlateReaderParseOptions {
  /** Format named by the caller (`?format=`); it overrides detection. */
  format?: PlateReaderFormat;
}

type TextParser = (text: string, options: PlateReaderParseOptions) => ParseFileResult;
type WorkbookParser = (sheets: Sheet[], options: PlateReaderParseOptions) => ParseFileResult;

/** A text export read by a parser of workbooks: as one sheet of rows. */
function parseTextAsSheet(parse: WorkbookParser): TextParser {
  return (text, options) => {
    const src = stripBom(text);
    const table = tokenize(src, sniffDelimiter(src));
    return unclosedQuoteResult(table) ?? parse([{ rows: table.rows, lines: table.lines }], options);
  };
}

const TEXT_PARSERS: Partial<Record<PlateReaderFormat, TextParser>> = {
  grid: parseGrid,
  long: parseLong,
  gen5: parseGen5,
  softmax: parseSoftmax,
  'bmg-mars': parseBmgMars,
  envision: parseEnvision,
  kaleido: parseKaleido,
  skanit: parseSkanitText,
  spark: parseTextAsSheet(parseSpark),
};

const WORKBOOK_PARSERS: Partial<Record<PlateReaderFormat, WorkbookParser>> = {
  skanit: parseSkanitWorkbook,
  magellan: parseMagellan,
  spark: parseSpark,
};

/** True when `s` names a supported format (for validating a `format=` parameter). */
export function isPlateReaderFormat(s: unknown): s is PlateReaderFormat {
  return typeof s === 'string' && (PLATE_READER_FORMATS as readonly string[]).includes(s);
}

function formatList(): string {
  return PLATE_READER_FORMAT_TABLE.map((f) => `${f.name} (${f.format})`).join(', ');
}

/** The `UNKNOWN_FORMAT` problem, saying what came closest and why it did not match. */
function unknownFormat(d: Detection, what: 'text' | 'workbook'): ImportProblem {
  const closest = d.closest
    ? ` The closest is ${d.closest.name} (format=${d.closest.format}): the file has ${d.closest.found.join(' and ')}, but not ${d.closest.missing.join(' or ')}.`
    : what === 'text'
      ? ' Nothing in it looks like a plate export: no plate matrix (a row of column numbers, then rows A, B, …), no "well" column and no vendor header.'
      : ' None of its sheets looks like a plate-reader export.';
  return {
    code: 'UNKNOWN_FORMAT',
    message: `The ${what === 'text' ? 'file' : 'Excel workbook'} is not in a format ThioLab recognises.${closest} ThioLab reads: ${formatList()}. If the file is one of these, name it with format=; otherwise export the raw plate data from the reader software.`,
  };
}

/**
 * Parses a plate-reader export given as text (already decoded): the format named in
 * `options.format`, or else the one detected from the content. Never throws on bad content.
 */
export function parsePlateText(
  text: string,
  options: ParsePlateReadingOptions = {},
): ParseFileResult {
  const { format: requested, ...parseOptions } = options;
  if (stripBom(text).trim() === '') return emptyFileResult();
  let format = requested;
  if (!format) {
    const d = explainTextFormat(text);
    if (d.format === null) return { ok: false, problems: [unknownFormat(d, 'text')] };
    format = d.format;
  }
  const parser = TEXT_PARSERS[format];
  if (!parser) {
    return {
      ok: false,
      format,
      problems: [
        {
          code: 'UNKNOWN_FORMAT',
          field: 'format',
          message: `format=${format} reads Excel workbooks (.xlsx); this file is text. Send the .xlsx file, or name the text format it is in.`,
        },
      ],
    };
  }
  return parser(text, parseOptions);
}

/** Parses a workbook's sheets (see {@link parsePlateExport}). */
export function parsePlateWorkbook(
  sheets: Sheet[],
  options: ParsePlateReadingOptions = {},
): ParseFileResult {
  const { format: requested, ...parseOptions } = options;
  let format = requested;
  if (!format) {
    const d = explainWorkbookFormat(sheets);
    if (d.format === null) return { ok: false, problems: [unknownFormat(d, 'workbook')] };
    format = d.format;
  }
  const parser = WORKBOOK_PARSERS[format];
  if (!parser) {
    return {
      ok: false,
      format,
      problems: [
        {
          code: 'UNKNOWN_FORMAT',
          field: 'format',
          message: `format=${format} reads text exports; this file is an Excel workbook. Export the plate as text from the reader software, or name the workbook format (skanit, magellan, spark).`,
        },
      ],
    };
  }
  return parser(sheets, parseOptions);
}

/**
 * Parses a plate-reader export from its bytes: the encoding is read from the bytes (BOM,
 * UTF-16, UTF-8, else Windows-1252), an Excel workbook is read with exceljs, and a binary file
 * that is neither is refused saying what it is. The result carries the encoding.
 */
export async function parsePlateExport(
  bytes: Uint8Array,
  options: ParsePlateReadingOptions = {},
): Promise<ParseFileResult> {
  if (bytes.length === 0) return emptyFileResult();
  const decoded = decodeExport(bytes);
  if (decoded.kind === 'binary') {
    return {
      ok: false,
      problems: [
        {
          code: 'BINARY_FILE',
          message: `The file is ${decoded.what}, not a plate-reader text export or an Excel workbook (.xlsx): ${decoded.advice}.`,
        },
      ],
    };
  }
  if (decoded.kind === 'xlsx') {
    let sheets: Sheet[];
    try {
      sheets = await readWorkbook(bytes);
    } catch (e) {
      return {
        ok: false,
        problems: [
          {
            code: 'BINARY_FILE',
            message: `The file looks like an Excel workbook but cannot be read (${e instanceof Error ? e.message : String(e)}); open it in Excel, save it again as .xlsx and send that.`,
          },
        ],
      };
    }
    return withEncoding(parsePlateWorkbook(sheets, options), 'xlsx');
  }
  return withEncoding(parsePlateText(decoded.text, options), decoded.encoding);
}

function withEncoding(result: ParseFileResult, encoding: string): ParseFileResult {
  if (result.ok) result.file.encoding = encoding;
  return result;
}

/**
 * The single-plate absorbance reading the import service stores today, from a parsed file: a
 * file with several plates, another read mode, reader marks (overflow, flagged, missing) or
 * reader-reduced values is refused by it with a located problem, never imported in part.
 */
export function toSingleReading(file: ParsedPlateFile): ParseResult {
  const problems: ImportProblem[] = [];
  if (file.plates.length > 1) {
    problems.push({
      code: 'MULTIPLE_PLATES',
      message: `The file holds ${file.plates.length} plates (${file.plates.map((p) => `"${p.block.name}" on line ${p.block.line}`).join(', ')}); export one plate per file.`,
    });
    return { ok: false, problems, format: file.format };
  }
  const plate = file.plates[0];
  for (const c of plate.channels) {
    const plain =
      c.wavelengthNm === null ? c.key === 'absorbance' : c.key === String(c.wavelengthNm);
    if (c.mode !== 'absorbance' || c.referenceNm !== undefined || !plain) {
      problems.push({
        code: 'UNSUPPORTED_READ_MODE',
        field: c.key,
        message: `The file holds ${c.mode} read "${c.label ?? c.key}"; this import stores absorbance reads at one wavelength each.`,
      });
    }
  }
  for (const v of plate.values) {
    if (v.status !== 'ok') {
      problems.push({
        code: 'NOT_A_NUMBER',
        line: v.line,
        well: v.well,
        ...(v.wavelengthNm === null ? {} : { wavelengthNm: v.wavelengthNm }),
        message: `Line ${v.line}, well ${v.well}: "${v.raw.trim()}" (${v.status}) is not a number.`,
      });
    }
  }
  if (problems.length > 0)
    return { ok: false, problems: problems.slice(0, 500), format: file.format };
  // Every value is a number here: the values are the readings (their extra channel and status
  // members are not read by the import).
  return {
    ok: true,
    reading: {
      format: plate.format,
      plateSize: plate.plateSize,
      metadata: plate.metadata,
      readings: plate.values as WellReading[],
    },
  };
}

/**
 * Parses a plate-reader text export into one absorbance reading (the shape the import service
 * stores): `parsePlateText`, then {@link toSingleReading}.
 */
export function parsePlateReading(
  text: string,
  options: ParsePlateReadingOptions = {},
): ParseResult {
  const result = parsePlateText(text, options);
  if (!result.ok) return result;
  return toSingleReading(result.file);
}
