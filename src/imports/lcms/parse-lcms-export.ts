// Entry point of the LC-MS/MS parsers: bytes or text in, detected (or named) layout, peaks out.
import { decodeExport } from '../plate-readers/encoding';
import {
  EMPTY_FILE_MESSAGE,
  sniffDelimiter,
  stripBom,
  tokenize,
  type Table,
} from '../plate-readers/parse-support';
import { LCMS_FORMATS, type LcmsFormat, type LcmsParseResult } from './lcms-export';
import { looksLikeLong, parseLongLcms } from './long.parser';
import { looksLikeMasshunter, parseMasshunter } from './masshunter.parser';
import { looksLikeMultiquant, parseMultiquant } from './multiquant.parser';
import { looksLikeSkyline, parseSkyline } from './skyline.parser';
import { looksLikeTargetlynx, parseTargetlynx } from './targetlynx.parser';

const PARSERS: Record<LcmsFormat, (text: string) => LcmsParseResult> = {
  long: parseLongLcms,
  skyline: parseSkyline,
  masshunter: parseMasshunter,
  multiquant: parseMultiquant,
  targetlynx: parseTargetlynx,
};

/** What each layout is, for the error that lists them. */
export const LCMS_FORMAT_DESCRIPTIONS: Record<LcmsFormat, string> = {
  long: 'generic long CSV (sample, type, analyte, nominal, area, is_area[, rt])',
  skyline: 'Skyline custom report CSV (Replicate Name or File Name, Molecule Name, Area, …)',
  masshunter:
    'Agilent MassHunter Quant CSV with its two header rows (samples in rows, or the compound table)',
  multiquant:
    'Sciex MultiQuant/Analyst/SCIEX OS results table, tab-, comma- or semicolon-separated (Sample Name, Component Name or Analyte Peak Name, Area)',
  targetlynx:
    'Waters TargetLynx "Quantify Compound Summary Report" or "Quantify Sample Summary Report"',
};

export function isLcmsFormat(s: unknown): s is LcmsFormat {
  return typeof s === 'string' && (LCMS_FORMATS as readonly string[]).includes(s);
}

/** How much of a text detection reads (the layouts show in their first rows). */
const DETECTION_PREFIX = 65536;

/**
 * The layout of a text, or null when none matches; with the table detection tokenized, and
 * whether that table is the whole text (then a parser that tokenizes the same way can take it
 * instead of tokenizing the text again).
 */
function detect(text: string): { format: LcmsFormat | null; table?: Table; whole: boolean } {
  if (looksLikeTargetlynx(text)) return { format: 'targetlynx', whole: false };
  const stripped = stripBom(text);
  const src = stripped.slice(0, DETECTION_PREFIX);
  const table = tokenize(src, sniffDelimiter(src));
  const whole = src.length === stripped.length;
  if (looksLikeMasshunter(table)) return { format: 'masshunter', whole: false };
  if (looksLikeSkyline(table)) return { format: 'skyline', whole: false };
  if (looksLikeLong(table)) return { format: 'long', table, whole };
  if (looksLikeMultiquant(src)) return { format: 'multiquant', whole: false };
  return { format: null, whole: false };
}

/** The layout of a text, or null when none matches. */
export function detectLcmsFormat(text: string): LcmsFormat | null {
  return detect(text).format;
}

/** Parses a decoded text, in the named layout or the detected one. */
export function parseLcmsText(text: string, format?: LcmsFormat): LcmsParseResult {
  if (stripBom(text).trim() === '') {
    return { ok: false, problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }] };
  }
  const detected = format ? null : detect(text);
  const chosen = format ?? detected?.format ?? null;
  if (chosen === null) {
    return {
      ok: false,
      problems: [
        {
          code: 'UNKNOWN_FORMAT',
          message: `The file is none of the LC-MS/MS layouts read here: ${LCMS_FORMATS.map((f) => LCMS_FORMAT_DESCRIPTIONS[f]).join('; ')}. Name the layout with ?format= if it is one of them.`,
        },
      ],
    };
  }
  // The long layout tokenizes the whole text as detection did (same delimiter: both sniff the
  // first 8 KiB): detection's table is taken rather than tokenizing the text twice.
  if (chosen === 'long' && detected?.table && detected.whole)
    return parseLongLcms(text, detected.table);
  return PARSERS[chosen](text);
}

/**
 * Parses an upload from its bytes: decoded by what the bytes are (BOM, UTF-16, UTF-8, else
 * Windows-1252, as TargetLynx writes `µ`), then parsed. A workbook or binary file is refused
 * with what to export instead.
 */
export function parseLcmsExport(bytes: Uint8Array, format?: LcmsFormat): LcmsParseResult {
  const decoded = decodeExport(bytes);
  if (decoded.kind === 'xlsx') {
    return {
      ok: false,
      problems: [
        {
          code: 'BINARY_FILE',
          message:
            'This is an Excel workbook: export the quantitation results as CSV or tab-separated text.',
        },
      ],
    };
  }
  if (decoded.kind === 'binary') {
    return {
      ok: false,
      problems: [
        {
          code: 'BINARY_FILE',
          // Not decoded.advice: that speaks of plate-reader exports.
          message: `This is ${decoded.what}: export the quantitation results from the instrument software as CSV or tab-separated text.`,
        },
      ],
    };
  }
  const result = parseLcmsText(decoded.text, format);
  if (result.ok) result.export.encoding = decoded.encoding;
  return result;
}
