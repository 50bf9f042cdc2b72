// Skyline custom-report CSV (small molecules or peptides): one row per replicate × transition
// (or × precursor, in a precursor-level report).
import {
  EMPTY_FILE_MESSAGE,
  sniffDelimiter,
  stripBom,
  tokenize,
} from '../plate-readers/parse-support';
import {
  LcmsProblems,
  checkArea,
  finish,
  headerKey,
  numberOrProblem,
  readNumberCell,
} from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import { dataRows, findHeaderRow, textAt, unclosedQuoteRefusal } from './lcms-table';

/** A column and its header spellings, the first spelling present winning (case, spaces, dots ignored). */
interface Column {
  name: string;
  keys: readonly string[];
}

const COLUMNS = {
  replicate: { name: 'Replicate Name', keys: ['replicatename', 'replicate'] },
  fileName: { name: 'File Name', keys: ['filename'] },
  molecule: {
    name: 'Molecule Name',
    keys: [
      'moleculename',
      'molecule',
      'peptidemodifiedsequence',
      'modifiedsequence',
      'peptidesequence',
      'peptide',
    ],
  },
  // Transition-level Area first; else a precursor-level total (fragments before MS1). Never a
  // normalized area or a ratio.
  area: { name: 'Area', keys: ['area', 'totalareafragment', 'totalarea', 'totalareams1'] },
  sampleType: { name: 'Sample Type', keys: ['sampletype'] },
  label: { name: 'Isotope Label Type', keys: ['isotopelabeltype'] },
  standardType: { name: 'Standard Type', keys: ['standardtype'] },
  precursorAdduct: { name: 'Precursor Adduct', keys: ['precursoradduct', 'adduct'] },
  precursorCharge: { name: 'Precursor Charge', keys: ['precursorcharge'] },
  precursorMz: { name: 'Precursor Mz', keys: ['precursormz'] },
  fragment: { name: 'Fragment Ion Type', keys: ['fragmentiontype', 'fragmention'] },
  productMz: { name: 'Product Mz', keys: ['productmz'] },
  productCharge: { name: 'Product Charge', keys: ['productcharge'] },
  concentration: { name: 'Analyte Concentration', keys: ['analyteconcentration'] },
  multiplier: { name: 'Concentration Multiplier', keys: ['concentrationmultiplier'] },
  rt: { name: 'Retention Time', keys: ['retentiontime', 'peakrt', 'bestretentiontime'] },
} satisfies Record<string, Column>;

type ColumnName = keyof typeof COLUMNS;

/** Standard Type values that make a molecule the one others are divided by. */
const STANDARD_IS = /internal|normali[sz]ation|surrogate/i;

/** True when a header row of the text has Skyline's replicate (or file), molecule and area columns. */
export function looksLikeSkyline(table: { rows: string[][]; lines: number[] }): boolean {
  return (
    findHeaderRow(table, [
      [...COLUMNS.replicate.keys, ...COLUMNS.fileName.keys],
      COLUMNS.molecule.keys,
      COLUMNS.area.keys,
    ]) !== -1
  );
}

function columnsOf(header: readonly string[]): Record<ColumnName, number> {
  const keys = header.map(headerKey);
  const out = {} as Record<ColumnName, number>;
  for (const name of Object.keys(COLUMNS) as ColumnName[]) {
    out[name] = -1;
    for (const k of COLUMNS[name].keys) {
      const i = keys.indexOf(k);
      if (i !== -1) {
        out[name] = i;
        break;
      }
    }
  }
  return out;
}

interface Row {
  cells: string[];
  line: number;
  base: string;
  precursor: string | null;
  fragment: string | null;
  productCharge: string | null;
}

/**
 * Parses a Skyline custom report, including Skyline's "MSstats input" report (File Name, no
 * Replicate Name). Each row is one transition (or precursor) of one molecule in one replicate.
 * The injection is the Replicate Name, else the File Name. The compound is the molecule name
 * (Molecule Name, else Peptide Modified Sequence, …), then:
 * - the isotope label when it is not `light` (`alanine [heavyD5]`);
 * - the precursor (adduct, else charge as `2+`, else m/z) only when the file holds several
 *   precursors of that molecule and label;
 * - for a fragment other than the precursor, its product m/z, else the fragment as written
 *   (`y7`, `precursor [M+1]`), with the product charge (`(2+)`) only when that fragment comes at
 *   several charges;
 * so that each compound is one row per injection. A heavy label, or a Standard Type of
 * Normalization, Surrogate Standard or Internal Standard, marks an internal standard. Skyline
 * writes `#N/A` for no peak: it stays missing. The nominal is the Analyte Concentration, unless
 * a Concentration Multiplier other than 1 applies to the row (then the file gives no nominal).
 */
export function parseSkyline(text: string): LcmsParseResult {
  const src = stripBom(text);
  const problems = new LcmsProblems();
  if (src.trim() === '')
    return {
      ok: false,
      format: 'skyline',
      problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }],
    };
  const delimiter = sniffDelimiter(src);
  const decimalComma = delimiter !== ',';
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('skyline', table);
  if (unclosed) return unclosed;
  const h = findHeaderRow(table, [
    [...COLUMNS.replicate.keys, ...COLUMNS.fileName.keys],
    COLUMNS.molecule.keys,
  ]);
  const headerIndex = h === -1 ? 0 : h;
  const header = table.rows[headerIndex];
  const headerLine = table.lines[headerIndex];
  const col = columnsOf(header);
  const found = header.filter((x) => x.trim() !== '').join(', ');
  const missing = (column: string, what: string) =>
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      column,
      message: `Line ${headerLine}: no ${what} column in the header (found: ${found}); add it to the Skyline report.`,
    });
  if (col.replicate === -1 && col.fileName === -1)
    missing(COLUMNS.replicate.name, '"Replicate Name" (or "File Name")');
  if (col.molecule === -1)
    missing(COLUMNS.molecule.name, '"Molecule Name" (or "Peptide Modified Sequence")');
  if (col.area === -1) missing(COLUMNS.area.name, '"Area" (or "Total Area")');
  if (problems.length > 0) return { ok: false, format: 'skyline', problems: problems.toArray() };

  const rows: Row[] = [];
  for (const { cells, line } of dataRows(table, headerIndex, delimiter, problems)) {
    const molecule = textAt(cells, col.molecule);
    if (!(textAt(cells, col.replicate) ?? textAt(cells, col.fileName)) || !molecule) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: the row needs a Replicate Name (or File Name) and a Molecule Name; export the report again with both filled.`,
      });
      continue;
    }
    const label = textAt(cells, col.label);
    const fragment = textAt(cells, col.fragment);
    const charge = textAt(cells, col.precursorCharge);
    const productMz = textAt(cells, col.productMz);
    const productCharge = textAt(cells, col.productCharge);
    const isFragment = fragment !== null && fragment.toLowerCase() !== 'precursor';
    rows.push({
      cells,
      line,
      base: label && label.toLowerCase() !== 'light' ? `${molecule} [${label}]` : molecule,
      precursor:
        textAt(cells, col.precursorAdduct) ??
        (charge !== null ? `${charge}+` : textAt(cells, col.precursorMz)),
      fragment: isFragment ? (productMz ?? fragment) : null,
      productCharge: isFragment && productMz === null && productCharge ? productCharge : null,
    });
  }
  // Which parts tell compounds apart in this file.
  const precursors = new Map<string, Set<string | null>>();
  const charges = new Map<string, Set<string | null>>();
  for (const r of rows) {
    if (!precursors.has(r.base)) precursors.set(r.base, new Set());
    precursors.get(r.base)!.add(r.precursor);
  }
  const withPrecursor = (r: Row) =>
    (precursors.get(r.base)?.size ?? 0) > 1 && r.precursor !== null
      ? `${r.base} ${r.precursor}`
      : r.base;
  for (const r of rows) {
    const k = `${withPrecursor(r)}\u0000${r.fragment ?? ''}`;
    if (!charges.has(k)) charges.set(k, new Set());
    charges.get(k)!.add(r.productCharge);
  }

  const peaks: LcmsPeak[] = [];
  for (const r of rows) {
    const { cells, line } = r;
    let compound = withPrecursor(r);
    if (r.fragment !== null) compound += ` ${r.fragment}`;
    const chargeKey = `${withPrecursor(r)}\u0000${r.fragment ?? ''}`;
    if (r.productCharge !== null && (charges.get(chargeKey)?.size ?? 0) > 1)
      compound += ` (${r.productCharge}+)`;
    const label = textAt(cells, col.label);
    const standardType = textAt(cells, col.standardType);
    let internalStandard: boolean | null = null;
    if (standardType && STANDARD_IS.test(standardType)) internalStandard = true;
    else if (label) internalStandard = label.toLowerCase() !== 'light';
    else if (standardType) internalStandard = false;
    const areaName = header[col.area].trim() || COLUMNS.area.name;
    const area = numberOrProblem(problems, cells[col.area], line, areaName, decimalComma);
    checkArea(problems, area, line, areaName);
    const nominal =
      col.concentration >= 0
        ? numberOrProblem(
            problems,
            cells[col.concentration],
            line,
            COLUMNS.concentration.name,
            decimalComma,
          )
        : null;
    // A multiplier scales the replicate's concentration for this molecule: blank, #N/A or 1 leave it.
    const m =
      col.multiplier >= 0 ? readNumberCell(cells[col.multiplier], line, '', decimalComma) : null;
    const scaled = m !== null && !(m.ok && (m.cell.value === null || m.cell.value === 1));
    const rt =
      col.rt >= 0
        ? numberOrProblem(problems, cells[col.rt], line, COLUMNS.rt.name, decimalComma)
        : null;
    if (!area) continue;
    peaks.push({
      line,
      injection: (textAt(cells, col.replicate) ?? textAt(cells, col.fileName))!,
      dataFile: textAt(cells, col.fileName),
      sampleType: textAt(cells, col.sampleType),
      level: null,
      compound,
      internalStandard,
      nominal: nominal && nominal.value !== null && !scaled ? nominal : null,
      area,
      isArea: null,
      retentionTime: rt,
    });
  }
  const result = finish('skyline', peaks, problems);
  if (result.ok) return result;
  // Two rows for one compound: say which report columns tell them apart.
  return {
    ...result,
    problems: result.problems.map((p) =>
      p.code === 'DUPLICATE_PEAK'
        ? {
            ...p,
            message: `${p.message} In Skyline, add the columns that tell the rows apart (Isotope Label Type, Precursor Charge or Precursor Adduct, Fragment Ion, Product Mz) to the report, or export a precursor-level report (Total Area).`,
          }
        : p,
    ),
  };
}
