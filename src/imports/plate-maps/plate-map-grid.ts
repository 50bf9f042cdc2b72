import { isMatrixHeader } from '../plate-readers/grid-block';
import {
  columnNumberRun,
  isBlankRow,
  lastNonBlank,
  normaliseKey,
  type ProblemList,
} from '../plate-readers/parse-support';
import { formatWellName, rowIndex } from '../../analysis/plate/well-position';

// A plate map drawn as grids, as people draw them in a spreadsheet: one 8 × 12 (or 16 × 24) grid
// per property, each under a title line (`Role`, `Material`, `Concentration (uM)`, …). It is
// turned into the long table the plate-map parser reads, every cell keeping its own line.

/** A long table made from grids: a header, one row per well, and the line of every cell. */
export interface GridMapTable {
  header: string[];
  rows: string[][];
  /** The line of the role cell of each row (the row's line in messages). */
  lines: number[];
  /** For each row, the line of each column's cell (0 when the grid did not give one). */
  cellLines: number[][];
}

/** Titles a grid may carry, mapped to the long-table header the parser reads. */
function headerFor(title: string): string | null {
  const key = normaliseKey(title);
  if (key === 'role' || key === 'roles' || key === 'wellrole') return 'role';
  if (['material', 'materials', 'line', 'cellline', 'sample', 'population'].includes(key)) {
    return 'material';
  }
  if (/^(replicate|replicategroup|group)s?$/.test(key)) return 'replicate_group';
  if (key === 'unit' || key === 'units') return 'unit';
  if (key === 'inhibitor') return 'inhibitor';
  if (/^inhibitorconc/.test(key)) return title.trim().replace(/\s+/g, '_');
  if (/^conc/.test(key))
    return title
      .trim()
      .replace(/\s*\(\s*/, '_')
      .replace(/\)\s*$/, '')
      .replace(/\s+/g, '_');
  return null;
}

/** True when the text looks like a plate map drawn as grids (a matrix and no `well` column). */
export function isGridMap(rows: string[][]): boolean {
  return (
    rows.some((r) => isMatrixHeader(r)) &&
    !rows.slice(0, 5).some((r) => r.some((c) => normaliseKey(c) === 'well'))
  );
}

/**
 * Turns the grids into a long table: one row per well with a value in any grid. Reports unknown
 * titles, grids without a title and ragged rows; the caller validates the values.
 */
export function gridMapToTable(
  rows: string[][],
  lines: number[],
  problems: ProblemList,
): GridMapTable {
  const columns: string[] = [];
  const byWell = new Map<
    string,
    { cells: Map<number, string>; lines: Map<number, number>; order: number }
  >();
  let title: { text: string; line: number } | undefined;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i];
    if (isBlankRow(cells)) continue;
    if (!isMatrixHeader(cells)) {
      if (lastNonBlank(cells) === 0) title = { text: cells[0].trim(), line: lines[i] };
      else {
        problems.add({
          code: 'UNRECOGNIZED_LINE',
          line: lines[i],
          message: `Line ${lines[i]}: a plate map drawn as grids has a title line (Role, Material, Concentration (uM), …) and then each grid; remove this line.`,
        });
      }
      continue;
    }
    const headerLine = lines[i];
    const header = title ? headerFor(title.text) : null;
    if (!title || header === null) {
      problems.add({
        code: 'MISSING_COLUMN',
        line: title?.line ?? headerLine,
        field: title?.text ?? 'title',
        message: title
          ? `Line ${title.line}: grid title "${title.text}" is not a plate-map property; use Role, Material, Concentration (uM), Unit, Replicate group, Inhibitor or Inhibitor concentration (uM).`
          : `Line ${headerLine}: this grid has no title line above it; write the property it holds (Role, Material, Concentration (uM), …).`,
      });
    }
    title = undefined;
    const nColumns = columnNumberRun(cells, 1);
    let col = header === null ? -1 : columns.indexOf(header);
    if (header !== null && col < 0) {
      columns.push(header);
      col = columns.length - 1;
    }
    let j = i + 1;
    for (; j < rows.length; j++) {
      const row = rows[j];
      const label = (row[0] ?? '').trim();
      if (label.length === 0 || label.length > 2 || isBlankRow(row)) break;
      const r = rowIndex(label);
      if (r < 0) break;
      if (lastNonBlank(row) > nColumns) {
        problems.add({
          code: 'RAGGED_ROW',
          line: lines[j],
          message: `Line ${lines[j]}: row ${label.toUpperCase()} has more cells than the grid has columns (${nColumns}).`,
        });
        continue;
      }
      if (col < 0) continue;
      for (let k = 0; k < nColumns; k++) {
        const value = (row[k + 1] ?? '').trim();
        if (value === '') continue;
        const well = formatWellName(r, k);
        let entry = byWell.get(well);
        if (!entry) {
          entry = { cells: new Map(), lines: new Map(), order: r * 1000 + k };
          byWell.set(well, entry);
        }
        entry.cells.set(col, row[k + 1]);
        entry.lines.set(col, lines[j]);
      }
    }
    i = j - 1;
  }
  const roleCol = columns.indexOf('role');
  const wells = [...byWell.entries()].sort((a, b) => a[1].order - b[1].order);
  const out: GridMapTable = { header: ['well', ...columns], rows: [], lines: [], cellLines: [] };
  for (const [well, e] of wells) {
    const cellLines = [0, ...columns.map((_, c) => e.lines.get(c) ?? 0)];
    out.rows.push([well, ...columns.map((_, c) => e.cells.get(c) ?? '')]);
    out.cellLines.push(cellLines);
    out.lines.push(e.lines.get(roleCol) ?? Math.max(...cellLines));
  }
  return out;
}
