import Papa from 'papaparse';
import { AnalysisError } from '../common/analysis-error';
import type { MttPlate, MttWell } from './normalize-mtt';
import { assertWellRole } from './well-role';

/**
 * Parses the long MTT layout (one row per well; columns `well`, `role`, `line`,
 * `concentration_uM` or `concentration`, optional `inhibitor`, `a570`, optional `a650`/`a630`)
 * into an {@link MttPlate}. Text in, plate out: no I/O. Empty cells become null.
 * Throws AnalysisError on a missing column or a non-numeric absorbance/concentration.
 */
export function parseMttLongCsv(text: string, format?: 96 | 384): MttPlate {
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  const concCol = fields.includes('concentration_uM') ? 'concentration_uM' : 'concentration';
  const refCol = fields.includes('a650') ? 'a650' : fields.includes('a630') ? 'a630' : null;
  for (const col of ['well', 'role', 'a570']) {
    if (!fields.includes(col)) throw new AnalysisError('MISSING_COLUMN', `no ${col} column`, col);
  }
  const num = (v: string | undefined, field: string): number | null => {
    if (v === undefined || v.trim() === '') return null;
    const x = Number(v);
    if (!Number.isFinite(x)) throw new AnalysisError('NOT_FINITE', `${field}: ${v}`, field);
    return x;
  };
  const str = (v: string | undefined): string | null =>
    v === undefined || v.trim() === '' ? null : v.trim();
  const wells: MttWell[] = parsed.data.map((row, i) => {
    const role = row.role?.trim();
    assertWellRole(role, `row ${i + 2}`);
    return {
      well: row.well.trim(),
      role,
      line: str(row.line),
      concentration: num(row[concCol], `row ${i + 2} ${concCol}`),
      inhibitor: str(row.inhibitor),
      absorbance: num(row.a570, `row ${i + 2} a570`),
      referenceAbsorbance: refCol ? num(row[refCol], `row ${i + 2} ${refCol}`) : null,
    };
  });
  return format ? { format, wells } : { wells };
}
