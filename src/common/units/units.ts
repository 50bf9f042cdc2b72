/**
 * The units ThioLab knows, grouped by dimension, with exact conversion within a dimension.
 *
 * Every number in a protocol setting or a run parameter carries one of these symbols. Units of the
 * same dimension convert into each other (nM ↔ µM, min ↔ h, ng/mL ↔ µg/mL); units of different
 * dimensions never do: a molar concentration is not a mass concentration without a molar mass,
 * and a percentage is not a fold change.
 */

import { withoutBinaryResidue } from '../../analysis/common/significant-figures';

/** Physical dimension of a unit. Only units of the same dimension convert. */
export type Dimension =
  | 'amount-concentration'
  | 'mass-concentration'
  | 'time'
  | 'temperature'
  | 'length'
  | 'volume'
  | 'percent'
  | 'dimensionless'
  | 'gas-fraction'
  | 'count'
  | 'cell-density'
  | 'centrifugal-force'
  | 'rotational-speed'
  | 'qpcr-cycle'
  | 'passage';

/** One unit: its symbol, its dimension and its size relative to the dimension's base unit. */
export interface UnitInfo {
  /** Canonical symbol, as stored and displayed (`µM` with the micro sign, `°C`). */
  readonly symbol: string;
  readonly dimension: Dimension;
  /**
   * Size in the dimension's base unit as `integer × 10^exponent`. Kept apart so that decade
   * conversions (nM → µM) are a single exact multiplication or division by a power of ten:
   * 1.5 µM is 1500 nM, not 1500.0000000000002 nM.
   */
  readonly factor: readonly [integer: number, exponent: number];
  readonly description: string;
}

const UNIT_LIST: readonly UnitInfo[] = [
  // Amount-of-substance concentration; base unit mol/L (M).
  { symbol: 'pM', dimension: 'amount-concentration', factor: [1, -12], description: 'picomolar' },
  { symbol: 'nM', dimension: 'amount-concentration', factor: [1, -9], description: 'nanomolar' },
  { symbol: 'µM', dimension: 'amount-concentration', factor: [1, -6], description: 'micromolar' },
  { symbol: 'mM', dimension: 'amount-concentration', factor: [1, -3], description: 'millimolar' },
  { symbol: 'M', dimension: 'amount-concentration', factor: [1, 0], description: 'molar (mol/L)' },
  // Mass concentration; base unit g/L. LC-MS calibrators are often made up in ng/mL.
  {
    symbol: 'pg/mL',
    dimension: 'mass-concentration',
    factor: [1, -9],
    description: 'picogram per millilitre',
  },
  {
    symbol: 'ng/mL',
    dimension: 'mass-concentration',
    factor: [1, -6],
    description: 'nanogram per millilitre',
  },
  {
    symbol: 'µg/mL',
    dimension: 'mass-concentration',
    factor: [1, -3],
    description: 'microgram per millilitre',
  },
  {
    symbol: 'mg/mL',
    dimension: 'mass-concentration',
    factor: [1, 0],
    description: 'milligram per millilitre',
  },
  {
    symbol: 'mg/L',
    dimension: 'mass-concentration',
    factor: [1, -3],
    description: 'milligram per litre',
  },
  { symbol: 'g/L', dimension: 'mass-concentration', factor: [1, 0], description: 'gram per litre' },
  // Time; base unit second.
  { symbol: 's', dimension: 'time', factor: [1, 0], description: 'second' },
  { symbol: 'min', dimension: 'time', factor: [60, 0], description: 'minute' },
  { symbol: 'h', dimension: 'time', factor: [3600, 0], description: 'hour' },
  { symbol: 'd', dimension: 'time', factor: [86400, 0], description: 'day' },
  // Temperature: one unit only, so no offset conversion is ever needed.
  { symbol: '°C', dimension: 'temperature', factor: [1, 0], description: 'degree Celsius' },
  // Length (wavelengths); base unit metre.
  { symbol: 'nm', dimension: 'length', factor: [1, -9], description: 'nanometre' },
  { symbol: 'µm', dimension: 'length', factor: [1, -6], description: 'micrometre' },
  // Volume; base unit litre.
  { symbol: 'nL', dimension: 'volume', factor: [1, -9], description: 'nanolitre' },
  { symbol: 'µL', dimension: 'volume', factor: [1, -6], description: 'microlitre' },
  { symbol: 'mL', dimension: 'volume', factor: [1, -3], description: 'millilitre' },
  { symbol: 'L', dimension: 'volume', factor: [1, 0], description: 'litre' },
  // Percent is its own dimension on purpose: "R² ≥ 0.9" and "viability ≥ 90 %" must not mix.
  { symbol: '%', dimension: 'percent', factor: [1, 0], description: 'percent' },
  { symbol: '1', dimension: 'dimensionless', factor: [1, 0], description: 'pure number' },
  { symbol: 'fold', dimension: 'dimensionless', factor: [1, 0], description: 'fold (ratio)' },
  {
    symbol: 'ppm',
    dimension: 'gas-fraction',
    factor: [1, 0],
    description: 'parts per million (v/v)',
  },
  { symbol: 'count', dimension: 'count', factor: [1, 0], description: 'count' },
  { symbol: 'cells', dimension: 'count', factor: [1, 0], description: 'cells' },
  {
    symbol: 'cells/mL',
    dimension: 'cell-density',
    factor: [1, 0],
    description: 'cells per millilitre',
  },
  {
    symbol: 'cells/cm²',
    dimension: 'cell-density',
    factor: [1, 0],
    description: 'cells per square centimetre',
  },
  {
    symbol: 'cells/well',
    dimension: 'cell-density',
    factor: [1, 0],
    description: 'cells per well',
  },
  {
    symbol: '× g',
    dimension: 'centrifugal-force',
    factor: [1, 0],
    description: 'relative centrifugal force',
  },
  {
    symbol: 'rpm',
    dimension: 'rotational-speed',
    factor: [1, 0],
    description: 'revolutions per minute',
  },
  { symbol: 'cycle', dimension: 'qpcr-cycle', factor: [1, 0], description: 'qPCR cycle' },
  { symbol: 'passage', dimension: 'passage', factor: [1, 0], description: 'cell-culture passage' },
];

// Cell densities per mL, per cm² and per well are different quantities even though they share a
// dimension label; they convert only to themselves.
const NON_CONVERTIBLE = new Set(['cells/mL', 'cells/cm²', 'cells/well']);

/** Spellings accepted on input and mapped to the canonical symbol. */
const ALIASES: Readonly<Record<string, string>> = {
  uM: 'µM',
  μM: 'µM', // Greek small letter mu (U+03BC), as typed on many keyboards
  'pmol/L': 'pM',
  'nmol/L': 'nM',
  'µmol/L': 'µM',
  'umol/L': 'µM',
  'μmol/L': 'µM',
  'mmol/L': 'mM',
  'mol/L': 'M',
  'ug/mL': 'µg/mL',
  'μg/mL': 'µg/mL',
  'ng/ml': 'ng/mL',
  'ug/ml': 'µg/mL',
  'µg/ml': 'µg/mL',
  uL: 'µL',
  μL: 'µL',
  ml: 'mL',
  sec: 's',
  hr: 'h',
  day: 'd',
  degC: '°C',
  xg: '× g',
  'x g': '× g',
  '×g': '× g',
  'cells/cm2': 'cells/cm²',
};

const BY_SYMBOL: ReadonlyMap<string, UnitInfo> = new Map(UNIT_LIST.map((u) => [u.symbol, u]));

/** Every known unit, in a stable order (for documentation and error messages). */
export const KNOWN_UNITS: readonly UnitInfo[] = UNIT_LIST;

/**
 * Resolves a unit symbol or accepted alias (`uM`, `μM`, `nmol/L`) to its canonical entry.
 * Surrounding whitespace is ignored; case is significant (mM is not MM).
 */
export function findUnit(symbol: string): UnitInfo | undefined {
  const trimmed = symbol.trim();
  return BY_SYMBOL.get(trimmed) ?? BY_SYMBOL.get(ALIASES[trimmed] ?? '');
}

/** The canonical spelling of a unit symbol, or `undefined` when the unit is unknown. */
export function canonicalUnitSymbol(symbol: string): string | undefined {
  return findUnit(symbol)?.symbol;
}

/** True when both units are known and a value in one converts to the other. */
export function unitsCompatible(a: string, b: string): boolean {
  const ua = findUnit(a);
  const ub = findUnit(b);
  if (!ua || !ub || ua.dimension !== ub.dimension) return false;
  if (
    ua.symbol !== ub.symbol &&
    (NON_CONVERTIBLE.has(ua.symbol) || NON_CONVERTIBLE.has(ub.symbol))
  ) {
    return false;
  }
  return true;
}

/** Outcome of a unit conversion; a refusal names why. */
export type ConversionResult =
  | { ok: true; value: number; unit: string }
  | { ok: false; code: 'UNKNOWN_UNIT'; unit: string; message: string }
  | { ok: false; code: 'INCOMPATIBLE_UNITS'; from: string; to: string; message: string };

/**
 * Converts `value` from one unit to another of the same dimension.
 *
 * value_to = value_from × (size_from / size_to). When the ratio is an integer times a power of
 * ten it is applied as one multiplication or one division, so decade conversions are exactly
 * rounded.
 */
export function convertUnit(value: number, from: string, to: string): ConversionResult {
  const uf = findUnit(from);
  if (!uf) {
    return { ok: false, code: 'UNKNOWN_UNIT', unit: from, message: `unknown unit '${from}'` };
  }
  const ut = findUnit(to);
  if (!ut) return { ok: false, code: 'UNKNOWN_UNIT', unit: to, message: `unknown unit '${to}'` };
  if (!unitsCompatible(uf.symbol, ut.symbol)) {
    return {
      ok: false,
      code: 'INCOMPATIBLE_UNITS',
      from: uf.symbol,
      to: ut.symbol,
      message: `cannot convert ${uf.symbol} (${uf.dimension}) to ${ut.symbol} (${ut.dimension})`,
    };
  }
  return { ok: true, value: scale(value, uf.factor, ut.factor), unit: ut.symbol };
}

/**
 * Rounds to 15 significant digits: removes the binary noise of a decimal rescaling
 * (0.07 µM × 1000 = 70.00000000000001 nM) so that a converted value sitting exactly on a bound
 * is not reported as outside it. No lab quantity carries 15 significant digits. For computed
 * conversions only: a number read from a file is kept as written. The house's one rounding of
 * computed values, `withoutBinaryResidue`, under the name its callers here know.
 */
export function withoutConversionNoise(x: number): number {
  return withoutBinaryResidue(x);
}

const clean = withoutConversionNoise;

function scale(
  value: number,
  [intFrom, expFrom]: readonly [number, number],
  [intTo, expTo]: readonly [number, number],
): number {
  if (intFrom === intTo && expFrom === expTo) return value;
  return clean(rawScale(value, intFrom, expFrom, intTo, expTo));
}

function rawScale(
  value: number,
  intFrom: number,
  expFrom: number,
  intTo: number,
  expTo: number,
): number {
  const exp = expFrom - expTo;
  if (intFrom % intTo === 0) {
    const k = intFrom / intTo;
    return exp >= 0
      ? value * (k * 10 ** exp)
      : k === 1
        ? value / 10 ** -exp
        : (value * k) / 10 ** -exp;
  }
  if (intTo % intFrom === 0) {
    const k = intTo / intFrom;
    return exp <= 0 ? value / (k * 10 ** -exp) : (value * 10 ** exp) / k;
  }
  return (value * intFrom * 10 ** exp) / intTo;
}
