import {
  ProblemList,
  isBlankRow,
  normaliseKey,
  parseNumberCell,
  sniffDelimiter,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from '../plate-readers/parse-support';
import {
  formatWellName,
  isWellInPlate,
  parseWellName,
  plateRange,
  wellIndex,
  type PlateSize,
  type WellPosition,
} from '../../analysis/plate/well-position';
import {
  parseConcentrationUnit,
  toMicromolar,
  type ConcentrationUnit,
} from '../../common/units/concentration-units';
import { gridCellPlace, gridMapToTable, isGridMap, type GridMapTable } from './plate-map-grid';
import { WELL_ROLES, type WellRole } from '../../analysis/plate/well-role';
import type {
  Concentration,
  PlateMapParseOptions,
  PlateMapParseResult,
  PlateMapWell,
} from './plate-map';

const WELL = new Set(['well', 'wellid', 'wellname', 'wellposition', 'position']);
const ROLE = new Set(['role', 'wellrole', 'welltype', 'type']);
const MATERIAL = new Set(['material', 'line', 'cellline', 'sample', 'population']);
const REPLICATE = new Set(['replicategroup', 'replicate', 'group', 'repgroup']);
const UNIT = new Set(['unit', 'units', 'concentrationunit', 'concunit']);
const CONCENTRATION_RE = /^conc(?:entration)?(?:[\s_(-]+(.*?)\)?)?$/i;
const INHIBITOR_CONCENTRATION_RE = /^inhibitor[\s_-]*conc(?:entration)?(?:[\s_(-]+(.*?)\)?)?$/i;
const INHIBITOR_TEXT_RE = /^(.*?)\s+([+-]?(?:\d+\.?\d*|\.\d+))\s*([^\s\d]\S*)$/;
const ROLE_SET = new Set<string>(WELL_ROLES);

interface Columns {
  well: number;
  role: number;
  material: number;
  concentration: number;
  /** Unit named by the concentration header (`concentration_uM`); null when it is unknown. */
  headerUnit?: ConcentrationUnit | null;
  unit: number;
  replicate: number;
  inhibitor: number;
  inhibitorConcentration: number;
  inhibitorHeaderUnit?: ConcentrationUnit | null;
  extra: number[];
}

function findColumns(header: readonly string[]): Columns {
  const c: Columns = {
    well: -1,
    role: -1,
    material: -1,
    concentration: -1,
    unit: -1,
    replicate: -1,
    inhibitor: -1,
    inhibitorConcentration: -1,
    extra: [],
  };
  header.forEach((cell, i) => {
    const raw = cell.trim();
    const key = normaliseKey(raw);
    let m: RegExpExecArray | null;
    if (c.well < 0 && WELL.has(key)) c.well = i;
    else if (c.role < 0 && ROLE.has(key)) c.role = i;
    else if (c.material < 0 && MATERIAL.has(key)) c.material = i;
    else if (c.replicate < 0 && REPLICATE.has(key)) c.replicate = i;
    else if (c.unit < 0 && UNIT.has(key)) c.unit = i;
    else if (c.inhibitor < 0 && key === 'inhibitor') c.inhibitor = i;
    else if (c.inhibitorConcentration < 0 && (m = INHIBITOR_CONCENTRATION_RE.exec(raw))) {
      c.inhibitorConcentration = i;
      if (m[1]) c.inhibitorHeaderUnit = parseConcentrationUnit(m[1]);
    } else if (c.concentration < 0 && (m = CONCENTRATION_RE.exec(raw))) {
      c.concentration = i;
      if (m[1]) c.headerUnit = parseConcentrationUnit(m[1]);
    } else if (raw !== '') c.extra.push(i);
  });
  return c;
}

function normaliseRole(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

interface Pending {
  position: WellPosition;
  text: string;
  line: number;
  cells: string[];
  /** For a map drawn as grids: the line of each column's cell. */
  cellLines?: number[];
}

/**
 * Parses a CSV plate map (`well,role,line,concentration_uM,replicate_group,…`) into a plate
 * layout. Roles: blank, vehicle, treated, positive, inhibitor-only, empty, excluded. The
 * concentration unit comes from the header (`concentration_uM`, `concentration (nM)`) or from a
 * `unit` column beside a plain `concentration`. An `inhibitor` column may read `MK571 25 uM`.
 * Headers are case-insensitive; other columns are kept in `extra`. A map drawn as grids (one
 * 8 × 12 or 16 × 24 grid per property under a title: `Role`, `Material`, `Concentration (uM)`,
 * `Unit`, `Replicate group`, `Inhibitor`) is read as the long table it describes.
 *
 * Every problem is collected, by line and well: unknown role, bad or duplicate well, well
 * outside the plate, treated well without a concentration > 0 (or without a material when the
 * map has a material column), concentration that is not a number ≥ 0, unknown unit.
 */
/** Column lengths of layout wells (src/plates/layout-well.entity.ts). */
const MAX_REPLICATE_GROUP = 64;
const MAX_INHIBITOR_NAME = 100;

export function parsePlateMap(
  text: string,
  options: PlateMapParseOptions = {},
): PlateMapParseResult {
  const src = stripBom(text);
  if (src.trim() === '') {
    return { ok: false, problems: [{ code: 'EMPTY_FILE', message: 'The plate map is empty.' }] };
  }
  const delimiter = sniffDelimiter(src);
  const decimalComma = delimiter !== ',';
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  let { rows, lines } = table;
  const problems = new ProblemList();
  // A map drawn as grids (Role, Material, Concentration (uM) …) becomes the long table.
  let cellLines: number[][] | undefined;
  let grids: GridMapTable | undefined;
  if (isGridMap(rows)) {
    const g = gridMapToTable(rows, lines, problems);
    // A grid that is not the plate leaves wells unmapped: its size is the one problem to fix.
    if (!g.shapesOk) return { ok: false, problems: problems.toArray() };
    grids = g;
    const firstGrid = lines[rows.findIndex((r) => r.some((c) => c.trim() !== ''))] ?? 1;
    rows = [g.header, ...g.rows];
    lines = [firstGrid, ...g.lines];
    cellLines = [[], ...g.cellLines];
  }
  // No cell of a plate map spans lines: one that does was opened by a stray quote and closed by
  // another lines later, swallowing the lines between (as wells nobody would see missing).
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].some((cell) => cell.includes('\n'))) {
      problems.add({
        code: 'UNCLOSED_QUOTE',
        line: lines[i],
        message: `Line ${lines[i]}: a quote (") opens a field that does not close on the same line, so the lines up to the next quote would be read as part of it; close the quote on its line or remove it.`,
      });
      return { ok: false, problems: problems.toArray() };
    }
  }
  let h = 0;
  while (h < rows.length && isBlankRow(rows[h])) h++;
  if (h === rows.length) {
    // Only possible when a stray quote swallowed the text into nothing.
    return { ok: false, problems: [{ code: 'NO_DATA', message: 'The plate map holds no rows.' }] };
  }
  const header = rows[h];
  const headerLine = lines[h];
  const cols = findColumns(header);
  if (grids && cols.role < 0) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      field: 'role',
      message: `Line ${headerLine}: the plate map drawn as grids has no Role grid; add one: a line Role, then the grid of roles (${WELL_ROLES.join(', ')}) with the row letters and column numbers.`,
    });
    return { ok: false, problems: problems.toArray() };
  }
  for (const [index, field] of [
    [cols.well, 'well'],
    [cols.role, 'role'],
  ] as const) {
    if (index < 0) {
      problems.add({
        code: 'MISSING_COLUMN',
        line: headerLine,
        field,
        message: `Line ${headerLine}: the plate map has no "${field}" column.`,
      });
    }
  }
  for (const [unit, index] of [
    [cols.headerUnit, cols.concentration],
    [cols.inhibitorHeaderUnit, cols.inhibitorConcentration],
  ] as const) {
    if (unit !== null) continue;
    problems.add({
      code: 'INVALID_UNIT',
      line: headerLine,
      field: header[index].trim(),
      message: `Line ${headerLine}: "${header[index].trim()}" names an unknown concentration unit (use e.g. concentration_uM, concentration_nM, concentration_ug_per_mL).`,
    });
  }
  if (cols.well < 0 || cols.role < 0) return { ok: false, problems: problems.toArray() };

  const field = (i: number): string => header[i].trim();
  const pending: Pending[] = [];
  let inferred: PlateSize = 96;
  for (let i = h + 1; i < rows.length; i++) {
    const cells = rows[i];
    if (isBlankRow(cells)) continue;
    const line = lines[i];
    const text = (cells[cols.well] ?? '').trim();
    const position = parseWellName(text);
    if (position === null || position.row < 0) {
      problems.add({
        code: 'INVALID_WELL',
        line,
        well: text,
        field: field(cols.well),
        message:
          text === ''
            ? `Line ${line}: the well is missing.`
            : `Line ${line}: "${text}" is not a well name; write the well as a row letter and a column number (A1 … P24).`,
      });
      continue;
    }
    if (isWellInPlate(position, 384) && !isWellInPlate(position, 96)) inferred = 384;
    pending.push({ position, text, line, cells, cellLines: cellLines?.[i] });
  }
  // Grids draw their plate: 16 × 24 grids are a 384-well map, whatever a typo could do.
  const drawn = grids?.plateSize ?? null;
  if (drawn !== null && options.plateSize !== undefined && drawn !== options.plateSize) {
    problems.add({
      code: 'GRID_SIZE_MISMATCH',
      line: headerLine,
      field: 'plateSize',
      message: `Line ${headerLine}: the grids draw a ${drawn}-well plate and the layout states plateSize ${options.plateSize}; state plateSize ${drawn}, or draw ${plateRange(options.plateSize)} grids.`,
    });
    return { ok: false, problems: problems.toArray() };
  }
  const plateSize =
    options.plateSize ?? drawn ?? (options.inferPlateSize === false ? 96 : inferred);
  // A map of grids that has treated wells but no concentration grid: said once, not per well.
  const noConcentrationGrid =
    grids !== undefined &&
    cols.concentration < 0 &&
    pending.some((p) => normaliseRole(p.cells[cols.role] ?? '') === 'treated');
  if (noConcentrationGrid) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      field: 'concentration',
      message: `Line ${headerLine}: the plate map has treated wells and no Concentration grid; add one: a line Concentration (uM) (or nM, mM, ug/mL), then the grid of concentrations.`,
    });
  }
  const sizeHint =
    options.plateSize === undefined && options.inferPlateSize === false
      ? ' If this is a 384-well map, state plateSize: 384; otherwise correct the well name.'
      : '';

  /** Parses a concentration cell with its unit; reports and returns undefined when bad. */
  const readConcentration = (
    raw: string,
    unitText: string | undefined,
    headerUnit: ConcentrationUnit | null | undefined,
    line: number,
    well: string,
    column: string,
    place: string,
  ): Concentration | undefined | 'blank' => {
    if (raw.trim() === '') return 'blank';
    const value = parseNumberCell(raw, decimalComma);
    if (Number.isNaN(value) || value < 0) {
      problems.add({
        code: 'INVALID_CONCENTRATION',
        line,
        well,
        field: column,
        message: `${place}: concentration "${raw.trim()}" is not a number ≥ 0.`,
      });
      return undefined;
    }
    let unit: ConcentrationUnit | null | undefined = headerUnit;
    if (unitText !== undefined && unitText.trim() !== '') {
      unit = parseConcentrationUnit(unitText);
      if (unit === null) {
        problems.add({
          code: 'INVALID_UNIT',
          line,
          well,
          field: cols.unit >= 0 ? field(cols.unit) : column,
          message: `${place}: "${unitText.trim()}" is not a known concentration unit.`,
        });
        return undefined;
      }
    }
    if (unit === null) return undefined; // an unknown header unit, reported on the header
    if (unit === undefined) {
      if (value === 0) return 'blank';
      problems.add({
        code: 'INVALID_UNIT',
        line,
        well,
        field: column,
        message: `${place}: concentration ${raw.trim()} has no unit (name it in the header, e.g. concentration_uM, or in a unit column).`,
      });
      return undefined;
    }
    return { value, unit, raw };
  };

  const firstLine = new Map<number, number>();
  const wells: PlateMapWell[] = [];
  for (const p of pending) {
    const { position, line, cells } = p;
    const lineAt = (col: number): number =>
      grids?.grids[col]?.rowLines[position.row] ?? (p.cellLines?.[col] || line);
    // Where a cell is, for a message: its line and well, or in a map of grids its grid, row
    // letter and column number.
    const placeOf = (col: number): string => {
      const grid = grids?.grids[col];
      const name = formatWellName(position.row, position.column);
      return grid
        ? `${gridCellPlace(grid, position.row, position.column)} (well ${name})`
        : `Line ${lineAt(col)}, well ${name}`;
    };
    if (!isWellInPlate(position, plateSize)) {
      const name = formatWellName(position.row, position.column);
      problems.add({
        code: 'WELL_OUTSIDE_PLATE',
        line,
        well: name,
        message: `Line ${line}: well ${name} is outside a ${plateSize}-well plate (${plateRange(plateSize)}).${sizeHint}`,
      });
      continue;
    }
    const well = formatWellName(position.row, position.column);
    const index = wellIndex(position, plateSize);
    const seen = firstLine.get(index);
    if (seen !== undefined) {
      problems.add({
        code: 'DUPLICATE_WELL',
        line,
        well,
        message: `Line ${line}: well ${well} is already mapped on line ${seen}.`,
      });
      continue;
    }
    firstLine.set(index, line);

    const roleText = (cells[cols.role] ?? '').trim();
    const role = normaliseRole(roleText);
    if (!ROLE_SET.has(role)) {
      problems.add({
        code: 'UNKNOWN_ROLE',
        line,
        well,
        field: field(cols.role),
        message:
          roleText === ''
            ? `${placeOf(cols.role)}: the role is missing (one of ${WELL_ROLES.join(', ')}).`
            : `${placeOf(cols.role)}: unknown role "${roleText}" (one of ${WELL_ROLES.join(', ')}).`,
      });
    }
    const entry: PlateMapWell = {
      well,
      row: position.row,
      column: position.column,
      role: role as WellRole,
      extra: {},
      line,
    };
    const material = cols.material >= 0 ? (cells[cols.material] ?? '').trim() : '';
    if (material !== '') entry.material = material;
    else if (cols.material >= 0 && role === 'treated') {
      problems.add({
        code: 'MISSING_MATERIAL',
        line: lineAt(cols.material),
        well,
        field: field(cols.material),
        message: `${placeOf(cols.material)}: a treated well needs its ${field(cols.material)}.`,
      });
    }
    if (cols.concentration >= 0) {
      const c = readConcentration(
        cells[cols.concentration] ?? '',
        cols.unit >= 0 ? cells[cols.unit] : undefined,
        cols.headerUnit,
        lineAt(cols.concentration),
        well,
        field(cols.concentration),
        placeOf(cols.concentration),
      );
      if (c !== undefined && c !== 'blank') {
        entry.concentration = c;
        const um = toMicromolar(c.value, c.unit);
        if (um !== undefined) entry.concentrationMicromolar = um;
      }
      if (role === 'treated' && c === 'blank') {
        problems.add({
          code: 'MISSING_CONCENTRATION',
          line: lineAt(cols.concentration),
          well,
          field: field(cols.concentration),
          message: `${placeOf(cols.concentration)}: a treated well needs a concentration > 0.`,
        });
      }
      if (role === 'treated' && c !== undefined && c !== 'blank' && c.value === 0) {
        problems.add({
          code: 'MISSING_CONCENTRATION',
          line: lineAt(cols.concentration),
          well,
          field: field(cols.concentration),
          message: `${placeOf(cols.concentration)}: a treated well needs a concentration > 0, not 0 (use role vehicle).`,
        });
      }
    } else if (role === 'treated' && !noConcentrationGrid) {
      problems.add({
        code: 'MISSING_CONCENTRATION',
        line,
        well,
        field: 'concentration',
        message: `Line ${line}, well ${well}: a treated well needs a concentration, and the map has no concentration column.`,
      });
    }
    if (cols.replicate >= 0) {
      const g = (cells[cols.replicate] ?? '').trim();
      if (g.length > MAX_REPLICATE_GROUP) {
        problems.add({
          code: 'VALUE_TOO_LONG',
          line: lineAt(cols.replicate),
          well,
          field: field(cols.replicate),
          message: `${placeOf(cols.replicate)}: the replicate group is ${g.length} characters long; at most ${MAX_REPLICATE_GROUP}.`,
        });
      } else if (g !== '') entry.replicateGroup = g;
    }
    const inhibitorText = cols.inhibitor >= 0 ? (cells[cols.inhibitor] ?? '').trim() : '';
    if (inhibitorText.length > MAX_INHIBITOR_NAME) {
      problems.add({
        code: 'VALUE_TOO_LONG',
        line: lineAt(cols.inhibitor),
        well,
        field: field(cols.inhibitor),
        message: `${placeOf(cols.inhibitor)}: the inhibitor is ${inhibitorText.length} characters long; at most ${MAX_INHIBITOR_NAME}.`,
      });
    }
    if (inhibitorText !== '') {
      entry.inhibitor = { name: inhibitorText, raw: inhibitorText };
      const m = INHIBITOR_TEXT_RE.exec(inhibitorText);
      const unit = m ? parseConcentrationUnit(m[3]) : null;
      if (m && unit !== null) {
        const value = Number(m[2]);
        entry.inhibitor.name = m[1].trim();
        entry.inhibitor.concentration = { value, unit, raw: `${m[2]} ${m[3]}` };
        const um = toMicromolar(value, unit);
        if (um !== undefined) entry.inhibitor.concentrationMicromolar = um;
      }
    }
    if (cols.inhibitorConcentration >= 0) {
      const c = readConcentration(
        cells[cols.inhibitorConcentration] ?? '',
        undefined,
        cols.inhibitorHeaderUnit,
        lineAt(cols.inhibitorConcentration),
        well,
        field(cols.inhibitorConcentration),
        placeOf(cols.inhibitorConcentration),
      );
      if (c !== undefined && c !== 'blank') {
        entry.inhibitor ??= { name: '', raw: '' };
        entry.inhibitor.concentration = c;
        const um = toMicromolar(c.value, c.unit);
        if (um !== undefined) entry.inhibitor.concentrationMicromolar = um;
      }
    }
    for (const k of cols.extra) {
      const v = (cells[k] ?? '').trim();
      if (v !== '') entry.extra[field(k)] = v;
    }
    wells.push(entry);
  }

  if (pending.length === 0 && problems.length === 0) {
    problems.add({ code: 'NO_DATA', message: 'The plate map lists no wells.' });
  }
  if (problems.length > 0) return { ok: false, problems: problems.toArray() };
  wells.sort((a, b) => a.row - b.row || a.column - b.column);
  return { ok: true, layout: { plateSize, wells } };
}
