import { convertUnit, findUnit } from './units';

/**
 * Molar concentrations. Computation uses one canonical unit, mol/L (M); the value and unit the
 * scientist entered are kept beside it for display (SCIENCE.md: "converted to one canonical unit
 * for computation and shown in the unit entered").
 */

/** Canonical spelling of the molar units ThioLab accepts. */
export type MolarUnit = 'pM' | 'nM' | 'µM' | 'mM' | 'M';

/** The accepted molar units, smallest first. */
export const MOLAR_UNITS: readonly MolarUnit[] = ['pM', 'nM', 'µM', 'mM', 'M'];

/** The canonical unit for computation. */
export const CANONICAL_MOLAR_UNIT: MolarUnit = 'M';

/** A concentration as stored: the canonical molar value and what was entered. */
export interface Concentration {
  /** Value in mol/L, used for every comparison and computation. */
  readonly valueMolar: number;
  /** The value exactly as entered, for display. */
  readonly enteredValue: number;
  /** The unit as entered, in canonical spelling (uM → µM). */
  readonly enteredUnit: MolarUnit;
}

/**
 * Parses a molar unit symbol, accepting `uM`, `μM` (Greek mu), `nmol/L` and the like.
 * Returns `undefined` for anything that is not an amount concentration (ng/mL, %, typos).
 */
export function parseMolarUnit(unit: string): MolarUnit | undefined {
  const info = findUnit(unit);
  return info && info.dimension === 'amount-concentration' ? (info.symbol as MolarUnit) : undefined;
}

/** True when `unit` is a molar concentration unit (in any accepted spelling). */
export function isMolarUnit(unit: string): boolean {
  return parseMolarUnit(unit) !== undefined;
}

/**
 * Converts a concentration to mol/L. Throws RangeError for a unit that is not molar: callers
 * validate units at the boundary (validateParameters) before computing.
 */
export function toMolar(value: number, unit: string): number {
  return convertConcentration(value, unit, CANONICAL_MOLAR_UNIT);
}

/** Converts a value in mol/L to `unit`. Throws RangeError for a unit that is not molar. */
export function fromMolar(valueMolar: number, unit: string): number {
  return convertConcentration(valueMolar, CANONICAL_MOLAR_UNIT, unit);
}

/**
 * Converts a concentration between two molar units (e.g. 1.5 µM → 1500 nM, exactly).
 * Throws RangeError when either unit is not molar.
 */
export function convertConcentration(value: number, from: string, to: string): number {
  const fromUnit = parseMolarUnit(from);
  const toUnit = parseMolarUnit(to);
  if (!fromUnit) throw new RangeError(`'${from}' is not a molar concentration unit`);
  if (!toUnit) throw new RangeError(`'${to}' is not a molar concentration unit`);
  const result = convertUnit(value, fromUnit, toUnit);
  if (!result.ok) throw new RangeError(result.message); // unreachable: both units are molar
  return result.value;
}

/** Builds a stored concentration from an entered value and unit. Throws RangeError for a non-molar unit. */
export function concentration(value: number, unit: string): Concentration {
  const enteredUnit = parseMolarUnit(unit);
  if (!enteredUnit) throw new RangeError(`'${unit}' is not a molar concentration unit`);
  return { valueMolar: toMolar(value, enteredUnit), enteredValue: value, enteredUnit };
}

/** Formats a concentration the way it was entered, e.g. `1.5 µM`. */
export function formatConcentration(
  c: Pick<Concentration, 'enteredValue' | 'enteredUnit'>,
): string {
  return `${c.enteredValue} ${c.enteredUnit}`;
}

/**
 * Picks the molar unit that shows `valueMolar` with 1 ≤ value < 1000 (e.g. 2.5e-7 M → 250 nM),
 * for displaying computed concentrations that have no entered unit.
 */
export function bestMolarUnit(valueMolar: number): MolarUnit {
  const abs = Math.abs(valueMolar);
  if (abs === 0 || !Number.isFinite(abs)) return 'µM';
  for (let i = MOLAR_UNITS.length - 1; i >= 0; i--) {
    const unit = MOLAR_UNITS[i];
    if (fromMolar(abs, unit) >= 1) return unit;
  }
  return 'pM';
}
