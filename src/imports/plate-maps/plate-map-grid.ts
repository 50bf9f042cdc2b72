import { isMatrixHeader } from '../plate-readers/grid-block';
import {
  columnNumberRun,
  isBlankRow,
  lastNonBlank,
  normaliseKey,
  type ProblemList,
} from '../plate-readers/parse-support';
import { formatWellName, rowIndex, type PlateSize } from '../../analysis/plate/well-position';

// A plate map drawn as grids, as people draw them in a spreadsheet: one 8 × 12 (or 16 × 24) grid
// per property, each under a title line (`Role`, `Material`, `Concentration (uM)`, …). It is
// turned into the long table the plate-map parser reads, every cell keeping its own line.

/** One grid of the map: its title, where it is, and its size. */
export interface MapGrid {
  /** The title as written (`Concentration (uM)`). */
  title: string;
  /** The long-table column it becomes (`concentration_uM`). */
  header: string;
  /** Line of its column-number header. */
  line: number;
  rows: number;
  columns: number;
  /** The line of each of its rows (A = 0). */
  rowLines: number[];
}

/** A long table made from grids: a header, one row per well, and the line of every cell. */
export interface GridMapTable {
  header: string[];
  rows: string[][];
  /** The line of the role cell of each row (the row's line in messages). */
  lines: number[];
  /** For each row, the line of each column's cell (0 when the grid did not give one). */
  cellLines: number[][];
  /** The grid of each long-table column (index 0, the well, has none). */
  grids: (MapGrid | undefined)[];
  /** The plate size the grids draw (8 × 12: 96, 16 × 24: 384); null when they draw neither. */
  plateSize: PlateSize | null;
  /** False when a grid is not a whole plate or not the size of the others (each reported). */
  shapesOk: boolean;
}

const GRID_SHAPES: Record<PlateSize, { rows: number; columns: number }> = {
  96: { rows: 8, columns: 12 },
  384: { rows: 16, columns: 24 },
};

const shape = (rows: number, columns: number) =>
  `${rows} row${rows === 1 ? '' : 's'} × ${columns} column${columns === 1 ? '' : 's'}`;

/** Where a cell of a grid is, for a message: `line 16, Concentration (uM) grid, row C, column 5`. */
export function gridCellPlace(grid: MapGrid, row: number, column: number): string {
  const line = grid.rowLines[row];
  return `${line ? `Line ${line}, ` : ''}${grid.title} grid, row ${formatWellName(row, 0).replace(/\d+$/, '')}, column ${column + 1}`;
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
  const grids: (MapGrid | undefined)[] = [];
  let first: MapGrid | undefined;
  let shapesOk = true;
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
    const titleText = title?.text ?? 'untitled';
    title = undefined;
    const nColumns = columnNumberRun(cells, 1);
    let col = header === null ? -1 : columns.indexOf(header);
    if (header !== null && col < 0) {
      columns.push(header);
      col = columns.length - 1;
    }
    const grid: MapGrid = {
      title: titleText,
      header: header ?? '',
      line: headerLine,
      rows: 0,
      columns: nColumns,
      rowLines: [],
    };
    if (col >= 0 && grids[col] === undefined) grids[col] = grid;
    let j = i + 1;
    for (; j < rows.length; j++) {
      const row = rows[j];
      const label = (row[0] ?? '').trim();
      if (label.length === 0 || label.length > 2 || isBlankRow(row)) break;
      const r = rowIndex(label);
      if (r < 0) break;
      if (r !== grid.rows) {
        problems.add({
          code: 'GRID_ROW_OUT_OF_ORDER',
          line: lines[j],
          message: `Line ${lines[j]}: row ${label.toUpperCase()} of the ${grid.title} grid follows ${grid.rows === 0 ? 'its column numbers' : `row ${formatWellName(grid.rows - 1, 0).replace(/\d+$/, '')}`}; write the rows A, B, C … in order, one line each.`,
        });
        break;
      }
      grid.rows++;
      grid.rowLines.push(lines[j]);
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
    if (!checkGridShape(grid, first, problems)) shapesOk = false;
    first ??= grid;
  }
  const roleCol = columns.indexOf('role');
  const wells = [...byWell.entries()].sort((a, b) => a[1].order - b[1].order);
  const plateSize = first
    ? (([96, 384] as const).find(
        (size) =>
          GRID_SHAPES[size].rows === first!.rows && GRID_SHAPES[size].columns === first!.columns,
      ) ?? null)
    : null;
  const out: GridMapTable = {
    header: ['well', ...columns],
    rows: [],
    lines: [],
    cellLines: [],
    grids: [undefined, ...columns.map((_, c) => grids[c])],
    plateSize,
    shapesOk,
  };
  for (const [well, e] of wells) {
    const cellLines = [0, ...columns.map((_, c) => e.lines.get(c) ?? 0)];
    out.rows.push([well, ...columns.map((_, c) => e.cells.get(c) ?? '')]);
    out.cellLines.push(cellLines);
    out.lines.push(e.lines.get(roleCol) ?? Math.max(...cellLines));
  }
  return out;
}

/**
 * A grid is a whole plate, 8 × 12 (A–H, 1–12) or 16 × 24 (A–P, 1–24), the size of the map's
 * first grid: a grid of another size would leave wells unmapped or map wells twice.
 */
function checkGridShape(grid: MapGrid, first: MapGrid | undefined, problems: ProblemList): boolean {
  const whole = Object.values(GRID_SHAPES).some(
    (s) => s.rows === grid.rows && s.columns === grid.columns,
  );
  if (!whole) {
    problems.add({
      code: 'GRID_SIZE',
      line: grid.line,
      field: grid.title,
      message: `Line ${grid.line}: the ${grid.title} grid has ${shape(grid.rows, grid.columns)}; a plate map grid is a whole plate, 8 rows (A–H) × 12 columns for 96 wells or 16 rows (A–P) × 24 columns for 384. Draw every row and column, leaving empty wells blank.`,
    });
    return false;
  } else if (first && (first.rows !== grid.rows || first.columns !== grid.columns)) {
    problems.add({
      code: 'GRID_SIZE_MISMATCH',
      line: grid.line,
      field: grid.title,
      message: `Line ${grid.line}: the ${grid.title} grid has ${shape(grid.rows, grid.columns)} and the ${first.title} grid (line ${first.line}) ${shape(first.rows, first.columns)}; every grid of a plate map is the same plate, so draw them all at one size.`,
    });
    return false;
  }
  return true;
}
