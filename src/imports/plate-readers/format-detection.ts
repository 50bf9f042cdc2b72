import { isMatrixHeader } from './grid-block';
import { isLongHeaderRow } from './long.parser';
import { sniffDelimiter, stripBom } from './parse-support';
import type { PlateReaderFormat } from '../../analysis/plate/plate-reading';
import type { Sheet } from './workbook';

// Detection reads only the head of the file and splits lines by hand: it runs on every upload
// before the real parse, so it must cost microseconds.
const HEAD_CHARS = 16384;
const HEAD_LINES = 200;

/** One thing a format's files show, with how to say it is missing. */
interface Check {
  /** What was looked for, for the explanation (`a "Raw Data (…)" title`). */
  what: string;
  test: (head: string) => boolean;
}

interface Signature {
  format: PlateReaderFormat;
  name: string;
  /** All must hold for the format to be detected. */
  checks: Check[];
}

const re = (what: string, pattern: RegExp): Check => ({ what, test: (h) => pattern.test(h) });

/**
 * A Gen5 export written without its file header (Gen5's export content can leave out the
 * `Software Version` … `Reading Type` block and the procedure): a line `Results` and a matrix row
 * that ends with a Gen5 data set label, `<read>:<wavelength>` (`MTT:570`, `Read 1:570`), or a
 * `Layout` matrix whose rows end with `Well ID`.
 */
function gen5Headerless(head: string): boolean {
  // Or a `Layout` matrix whose rows end with Gen5's `Well ID` label (openreadout's criterion).
  if (
    /(?:^|[\r\n])[ \t]*Layout[ \t,;]*[\r\n]/.test(head) &&
    /(?:^|[\r\n])[A-P][\t,;][^\r\n]*[\t,;]Well ID[ \t,;]*(?:[\r\n]|$)/.test(head)
  ) {
    return true;
  }
  return (
    /(?:^|[\r\n])[ \t]*Results[ \t,;]*(?:[\r\n]|$)/.test(head) &&
    /(?:^|[\r\n])[A-P][\t,;][^\r\n]*[\t,;][ ]*[^\t,;\r\n]{1,80}:\s*\d{3,4}[ \t,;]*(?:[\r\n]|$)/.test(
      head,
    )
  );
}

/** The text formats with a signature, most specific first (grid and long come last). */
const TEXT_SIGNATURES: Signature[] = [
  {
    format: 'softmax',
    name: 'SoftMax Pro text export',
    checks: [
      re('a "##BLOCKS=" first line or a "Plate:" block', /^\s*##BLOCKS=|(?:^|[\r\n])Plate:\t/),
    ],
  },
  {
    format: 'gen5',
    name: 'Gen5 text export',
    checks: [
      {
        what: 'a "Software Version" line (or, in an export without its header, a "Results" matrix whose rows end with labels such as "MTT:570")',
        test: (h) => /(?:^|[\r\n])[ \t]*Software Version[\t,;]/.test(h) || gen5Headerless(h),
      },
      {
        what: 'a "Plate Number", "Reader Type:" or "Procedure Details" line',
        test: (h) =>
          /(?:^|[\r\n])(?:Reader Type:|Plate Number|Procedure (?:Details|Summary))[\t, ]*/.test(
            h,
          ) || gen5Headerless(h),
      },
    ],
  },
  {
    format: 'bmg-mars',
    name: 'BMG MARS CSV',
    checks: [
      re(
        'a "Raw Data (…)" title or table column',
        /(?:^|[\r\n])[",]*Raw Data\s*\(|[\r\n]"?Well(?: Row[,;\t]"?Well Col)?[^\r\n]*[,;\t]"?Raw Data\s*\(/,
      ),
      re(
        '"ID1:", "Test name:" or "User:" header cells',
        /(?:^|[\r\n,"])\s*(?:ID1|Test name|User):/,
      ),
    ],
  },
  {
    format: 'envision',
    name: 'EnVision CSV',
    checks: [
      re('a "Plate information" title', /(?:^|[\r\n])Plate information/),
      re('a "Plate,Repeat,Barcode" header', /(?:^|[\r\n])Plate[,;\t]Repeat[,;\t]Barcode/),
    ],
  },
  {
    format: 'kaleido',
    name: 'Kaleido CSV',
    checks: [
      re('a "Results for …" title', /(?:^|[\r\n])[",]*Results for[\s\u00a0]/),
      re('a "Barcode: …, PlateRepeat: …" line', /PlateRepeat:/),
    ],
  },
  {
    format: 'skanit',
    name: 'SkanIt/Multiskan text export',
    checks: [
      re('a "Results of …" title', /(?:^|[\r\n])\s*Results of /),
      re('a "Plate:1 - Wavelength:…" line', /Plate:\s*\S+\s*-\s*Wavelength:/),
    ],
  },
  {
    format: 'spark',
    name: 'Tecan Spark / i-control export',
    checks: [
      re(
        'an "Application: SparkControl" or "Device: Spark" header',
        /(?:^|[\r\n])[",]*(?:Application:\s*(?:SparkControl|Tecan i-control)|Device:\s*(?:Spark|infinite))/i,
      ),
      re('a "Mode" line', /(?:^|[\r\n])[",]*Mode[",;\t]+\w/),
    ],
  },
];

/** What detection concluded, with the reason when it did not recognise the file. */
export interface Detection {
  format: PlateReaderFormat | null;
  /** When nothing matched: the format whose signature came closest, and what it lacked. */
  closest?: { format: PlateReaderFormat; name: string; found: string[]; missing: string[] };
}

function plainFormat(head: string): PlateReaderFormat | null {
  const delimiter = sniffDelimiter(head);
  for (const line of head.split(/\r\n|\n|\r/, HEAD_LINES)) {
    const cells = line.split(delimiter).map((c) => c.replace(/^\s*"|"\s*$/g, ''));
    if (isMatrixHeader(cells)) return 'grid';
    if (isLongHeaderRow(cells)) return 'long';
  }
  return null;
}

/**
 * Detects the format of a text export from its head, or explains why none matched: the
 * signature of each vendor format, then a plain grid (a row of column numbers `,1,2,…`) or a long
 * table (a header with a `well` column).
 */
export function explainTextFormat(text: string): Detection {
  const head = stripBom(text).slice(0, HEAD_CHARS);
  let best: Detection['closest'];
  let bestScore = 0;
  for (const s of TEXT_SIGNATURES) {
    const found = s.checks.filter((c) => c.test(head));
    if (found.length === s.checks.length) return { format: s.format };
    if (found.length / s.checks.length > bestScore) {
      bestScore = found.length / s.checks.length;
      best = {
        format: s.format,
        name: s.name,
        found: found.map((c) => c.what),
        missing: s.checks.filter((c) => !found.includes(c)).map((c) => c.what),
      };
    }
  }
  const plain = plainFormat(head);
  if (plain) return { format: plain };
  return best ? { format: null, closest: best } : { format: null };
}

/** The format of a text export, or null (see {@link explainTextFormat} for why). */
export function detectPlateReaderFormat(text: string): PlateReaderFormat | null {
  return explainTextFormat(text).format;
}

const WORKBOOK_SIGNATURES: {
  format: PlateReaderFormat;
  name: string;
  checks: { what: string; test: (sheets: Sheet[]) => boolean }[];
}[] = [
  {
    format: 'skanit',
    name: 'SkanIt Excel workbook',
    checks: [
      {
        what: 'a "Measurement results" title, SkanIt\'s information sheets or a step sheet such as "Absorbance 1_01"',
        test: (sheets) =>
          sheets.some(
            (s) =>
              /^(Session|Instrument) information$/i.test(s.name ?? '') ||
              /^(Absorbance|Fluorescence|Luminescence)\b.*_\d+$/i.test(s.name ?? '') ||
              /^Measurement results$/i.test((s.rows[0]?.[0] ?? '').trim()),
          ),
      },
    ],
  },
  {
    format: 'magellan',
    name: 'Magellan Excel workbook',
    checks: [
      {
        what: 'a "Well positions" column',
        test: (sheets) =>
          sheets.some((s) =>
            s.rows.slice(0, 5).some((r) => r.some((c) => /^Well positions$/i.test(c.trim()))),
          ),
      },
      {
        what: 'a "Date of measurement:" line',
        test: (sheets) =>
          sheets.some((s) => s.rows.some((r) => /^Date of measurement/i.test((r[0] ?? '').trim()))),
      },
    ],
  },
  {
    format: 'spark',
    name: 'Tecan Spark / i-control Excel workbook',
    checks: [
      {
        what: 'an "Application:" or "Device:" header',
        test: (sheets) =>
          sheets.some((s) =>
            s.rows
              .slice(0, 10)
              .some((r) => r.some((c) => /^(Application|Device):/i.test(c.trim()))),
          ),
      },
      {
        what: 'a "Mode" line',
        test: (sheets) =>
          sheets.some((s) => s.rows.some((r) => /^Mode$/i.test((r[0] ?? '').trim()))),
      },
    ],
  },
];

/** Detects the format of an Excel workbook from its sheets, or explains why none matched. */
export function explainWorkbookFormat(sheets: Sheet[]): Detection {
  let best: Detection['closest'];
  let bestScore = 0;
  for (const s of WORKBOOK_SIGNATURES) {
    const found = s.checks.filter((c) => c.test(sheets));
    if (found.length === s.checks.length) return { format: s.format };
    if (found.length / s.checks.length > bestScore) {
      bestScore = found.length / s.checks.length;
      best = {
        format: s.format,
        name: s.name,
        found: found.map((c) => c.what),
        missing: s.checks.filter((c) => !found.includes(c)).map((c) => c.what),
      };
    }
  }
  return best ? { format: null, closest: best } : { format: null };
}
