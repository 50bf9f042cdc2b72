// Skyline custom-report CSV (small molecules or peptides): one row per replicate × transition.
import {
  EMPTY_FILE_MESSAGE,
  sniffDelimiter,
  stripBom,
  tokenize,
} from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import {
  dataRows,
  findColumns,
  findHeaderRow,
  textAt,
  type ColumnSpec,
  unclosedQuoteRefusal,
} from './lcms-table';

const COLUMNS = {
  replicate: { name: 'Replicate Name', keys: ['replicatename', 'replicate'], required: true },
  molecule: {
    name: 'Molecule Name',
    keys: ['moleculename', 'molecule', 'peptidemodifiedsequence', 'peptidesequence', 'peptide'],
    required: true,
  },
  area: { name: 'Area', keys: ['area', 'totalarea'], required: true },
  fileName: { name: 'File Name', keys: ['filename'], required: false },
  sampleType: { name: 'Sample Type', keys: ['sampletype'], required: false },
  label: { name: 'Isotope Label Type', keys: ['isotopelabeltype'], required: false },
  standardType: { name: 'Standard Type', keys: ['standardtype'], required: false },
  fragment: {
    name: 'Fragment Ion Type',
    keys: ['fragmentiontype', 'fragmention'],
    required: false,
  },
  productMz: { name: 'Product Mz', keys: ['productmz'], required: false },
  concentration: {
    name: 'Analyte Concentration',
    keys: ['analyteconcentration'],
    required: false,
  },
  rt: {
    name: 'Retention Time',
    keys: ['retentiontime', 'peakrt', 'bestretentiontime'],
    required: false,
  },
} satisfies Record<string, ColumnSpec>;

/** True when a header row of the text has Skyline's replicate and molecule columns. */
export function looksLikeSkyline(table: { rows: string[][]; lines: number[] }): boolean {
  return (
    findHeaderRow(table, [COLUMNS.replicate.keys, COLUMNS.molecule.keys, COLUMNS.area.keys]) !== -1
  );
}

/**
 * Parses a Skyline custom report. Each row is one transition of one molecule (one isotope
 * label) in one replicate. The compound is the molecule name, with the label when it is not
 * `light` (`alanine [heavyD5]`) and the product m/z when the fragment is not the precursor
 * (`alanine 148.0762`): one row per injection and compound. A heavy label or a Standard Type of
 * "Internal Standard" marks an internal standard. Skyline writes `#N/A` for no peak.
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
  const h = findHeaderRow(table, [COLUMNS.replicate.keys, COLUMNS.molecule.keys]);
  const headerIndex = h === -1 ? 0 : h;
  const col = findColumns(table.rows[headerIndex], COLUMNS, table.lines[headerIndex], problems);
  if (problems.length > 0) return { ok: false, format: 'skyline', problems: problems.toArray() };
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of dataRows(table, headerIndex, delimiter, problems)) {
    const replicate = textAt(cells, col.replicate);
    const molecule = textAt(cells, col.molecule);
    if (!replicate || !molecule) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: Replicate Name and Molecule Name must both be given.`,
      });
      continue;
    }
    const label = textAt(cells, col.label);
    const fragment = textAt(cells, col.fragment);
    const productMz = textAt(cells, col.productMz);
    const standardType = textAt(cells, col.standardType);
    let compound = molecule;
    if (label && label.toLowerCase() !== 'light') compound += ` [${label}]`;
    if (fragment && fragment.toLowerCase() !== 'precursor' && productMz)
      compound += ` ${productMz}`;
    let internalStandard: boolean | null = null;
    if (standardType) internalStandard = /internal/i.test(standardType);
    else if (label) internalStandard = label.toLowerCase() !== 'light';
    const area = numberOrProblem(problems, cells[col.area], line, COLUMNS.area.name, decimalComma);
    checkArea(problems, area, line, COLUMNS.area.name);
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
    const rt =
      col.rt >= 0
        ? numberOrProblem(problems, cells[col.rt], line, COLUMNS.rt.name, decimalComma)
        : null;
    if (!area) continue;
    peaks.push({
      line,
      injection: replicate,
      dataFile: textAt(cells, col.fileName),
      sampleType: textAt(cells, col.sampleType),
      level: null,
      compound,
      internalStandard,
      nominal: nominal && nominal.value !== null ? nominal : null,
      area,
      isArea: null,
      retentionTime: rt,
    });
  }
  return finish('skyline', peaks, problems);
}
