import type { ProblemItem } from '../common/errors/domain.error';
import { parseMolarUnit, toMolar } from '../common/units/concentration';
import { parseConcentrationUnit } from '../common/units/concentration-units';
import { WELL_ROLES, type WellRole } from '../analysis/plate/well-role';
import {
  formatWellName,
  isWellInPlate,
  parseWellName,
  type PlateSize,
} from '../analysis/plate/well-position';

/** One well of a layout as a client or a plate map describes it, before validation. */
export interface LayoutWellSpec {
  well: string;
  role: string;
  materialId?: string | null;
  concentrationValue?: number | null;
  concentrationUnit?: string | null;
  replicateGroup?: string | null;
  inhibitorName?: string | null;
  inhibitorConcentrationValue?: number | null;
  inhibitorConcentrationUnit?: string | null;
  /** Line of the plate map the well came from, to locate problems. */
  line?: number;
}

/** A layout well from a plate map: its material by name (resolved on import), its map line. */
export interface NamedLayoutWellSpec extends Omit<LayoutWellSpec, 'materialId'> {
  material?: string;
  line: number;
}

/** A validated layout well, ready to store (without id and layout id). */
export interface NormalizedLayoutWell {
  well: string;
  row: number;
  column: number;
  role: WellRole;
  materialId: string | null;
  concentrationValue: number | null;
  concentrationUnit: string | null;
  concentrationMolar: number | null;
  replicateGroup: string | null;
  inhibitorName: string | null;
  inhibitorConcentrationValue: number | null;
  inhibitorConcentrationUnit: string | null;
  inhibitorConcentrationMolar: number | null;
}

const ROLE_SET = new Set<string>(WELL_ROLES);

interface NormalizedConcentration {
  value: number;
  unit: string;
  molar: number | null;
}

/**
 * A concentration as stored: the value as entered, the unit in canonical spelling (`uM` → `µM`,
 * `ug/mL` → `µg/mL`), and the canonical molar value, null for mass units.
 */
export function normalizeConcentration(
  value: number,
  unitText: string,
): NormalizedConcentration | null {
  const unit = parseConcentrationUnit(unitText);
  if (!unit || !Number.isFinite(value)) return null;
  const molarUnit = parseMolarUnit(unit);
  if (molarUnit) return { value, unit: molarUnit, molar: toMolar(value, molarUnit) };
  return { value, unit: unit.replace(/^u/, 'µ'), molar: null };
}

/**
 * Validates the wells of a layout: names on the plate, no duplicates, known roles, a
 * concentration > 0 with a known unit on treated wells, a material on treated wells, an
 * inhibitor name on inhibitor-only wells. Returns the normalized wells sorted row-major, or
 * every problem, each located by `wells[i]` (or the plate-map line) and well.
 */
export function normalizeLayoutWells(
  specs: readonly LayoutWellSpec[],
  plateSize: PlateSize,
  fieldPrefix = 'wells',
): { ok: true; wells: NormalizedLayoutWell[] } | { ok: false; problems: ProblemItem[] } {
  const problems: ProblemItem[] = [];
  const seen = new Map<string, number>();
  const wells: NormalizedLayoutWell[] = [];
  specs.forEach((s, i) => {
    const at = (f: string): Pick<ProblemItem, 'field' | 'line'> => ({
      field: `${fieldPrefix}[${i}].${f}`,
      ...(s.line !== undefined ? { line: s.line } : {}),
    });
    const pos = parseWellName(s.well ?? '');
    if (!pos) {
      problems.push({
        ...at('well'),
        well: s.well,
        code: 'INVALID_WELL',
        message: `'${s.well}' is not a well name`,
      });
      return;
    }
    const well = formatWellName(pos.row, pos.column);
    let ok = true;
    const problem = (f: string, code: string, message: string): void => {
      problems.push({ ...at(f), well, code, message: `${well}: ${message}` });
      ok = false;
    };
    if (!isWellInPlate(pos, plateSize)) {
      problem('well', 'WELL_OUTSIDE_PLATE', `not on a ${plateSize}-well plate`);
      return;
    }
    const first = seen.get(well);
    if (first !== undefined) {
      problem('well', 'DUPLICATE_WELL', `listed twice (also ${fieldPrefix}[${first}])`);
      return;
    }
    seen.set(well, i);
    if (!ROLE_SET.has(s.role)) {
      problem('role', 'UNKNOWN_ROLE', `role must be one of ${WELL_ROLES.join(', ')}`);
      return;
    }
    const role = s.role as WellRole;
    let conc: NormalizedConcentration | null = null;
    if (s.concentrationValue !== undefined && s.concentrationValue !== null) {
      if (!s.concentrationUnit) {
        problem('concentrationUnit', 'INVALID_UNIT', 'a concentration needs its unit');
      } else if (s.concentrationValue < 0) {
        problem('concentrationValue', 'INVALID_CONCENTRATION', 'a concentration cannot be < 0');
      } else {
        conc = normalizeConcentration(s.concentrationValue, s.concentrationUnit);
        if (!conc) {
          problem(
            'concentrationUnit',
            'INVALID_UNIT',
            `'${s.concentrationUnit}' is not a concentration unit`,
          );
        }
      }
    }
    if (role === 'treated' && (!conc || conc.value <= 0) && ok) {
      problem(
        'concentrationValue',
        'MISSING_CONCENTRATION',
        'a treated well needs a concentration > 0 (use role vehicle for 0)',
      );
    }
    if (role === 'treated' && !s.materialId) {
      problem('materialId', 'MISSING_MATERIAL', 'a treated well needs its material');
    }
    let inhibitorConc: NormalizedConcentration | null = null;
    const inhibitorName = s.inhibitorName?.trim() || null;
    if (s.inhibitorConcentrationValue !== undefined && s.inhibitorConcentrationValue !== null) {
      if (!inhibitorName) {
        problem('inhibitorName', 'MISSING_INHIBITOR', 'an inhibitor concentration needs its name');
      }
      inhibitorConc = s.inhibitorConcentrationUnit
        ? normalizeConcentration(s.inhibitorConcentrationValue, s.inhibitorConcentrationUnit)
        : null;
      if (!inhibitorConc || inhibitorConc.value < 0) {
        problem(
          'inhibitorConcentrationUnit',
          'INVALID_UNIT',
          'an inhibitor concentration needs a value ≥ 0 and a concentration unit',
        );
      }
    }
    const inhibitorConcentrationGiven =
      s.inhibitorConcentrationValue !== undefined && s.inhibitorConcentrationValue !== null;
    if (role === 'inhibitor-only' && !inhibitorName && !inhibitorConcentrationGiven) {
      problem('inhibitorName', 'MISSING_INHIBITOR', 'an inhibitor-only well names its inhibitor');
    }
    if (!ok) return;
    wells.push({
      well,
      row: pos.row,
      column: pos.column,
      role,
      materialId: s.materialId ?? null,
      concentrationValue: conc?.value ?? null,
      concentrationUnit: conc?.unit ?? null,
      concentrationMolar: conc?.molar ?? null,
      replicateGroup: s.replicateGroup?.trim() || null,
      inhibitorName,
      inhibitorConcentrationValue: inhibitorConc?.value ?? null,
      inhibitorConcentrationUnit: inhibitorConc?.unit ?? null,
      inhibitorConcentrationMolar: inhibitorConc?.molar ?? null,
    });
  });
  if (problems.length) return { ok: false, problems };
  wells.sort((a, b) => a.row - b.row || a.column - b.column);
  return { ok: true, wells };
}
