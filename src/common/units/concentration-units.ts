import { withoutBinaryResidue } from '../../analysis/common/significant-figures';

/** Concentration units a plate map may use. ASCII `u` stands for micro (µ). */
export type ConcentrationUnit = 'M' | 'mM' | 'uM' | 'nM' | 'pM' | 'mg/mL' | 'ug/mL' | 'ng/mL';

/** Factor to micromolar for each molar unit; mass units have none. */
const TO_MICROMOLAR: Partial<Record<ConcentrationUnit, number>> = {
  M: 1e6,
  mM: 1e3,
  uM: 1,
  nM: 1e-3,
  pM: 1e-6,
};

// Exact spellings first: `M` and `mM` differ only by case.
const EXACT: Record<string, ConcentrationUnit> = {
  M: 'M',
  mM: 'mM',
  uM: 'uM',
  nM: 'nM',
  pM: 'pM',
};

// Case-insensitive spellings; a lone `m` is ambiguous and stays unknown.
const FOLDED: Record<string, ConcentrationUnit> = {
  mm: 'mM',
  um: 'uM',
  nm: 'nM',
  pm: 'pM',
  'mol/l': 'M',
  'mmol/l': 'mM',
  'umol/l': 'uM',
  'nmol/l': 'nM',
  'pmol/l': 'pM',
  micromolar: 'uM',
  nanomolar: 'nM',
  millimolar: 'mM',
  'mg/ml': 'mg/mL',
  'ug/ml': 'ug/mL',
  'ng/ml': 'ng/mL',
};

/**
 * Parses a concentration unit as written in a header suffix or unit cell: `uM`, `µM`, `μM`,
 * `mM`, `nM`, `mg/mL`, `ug_per_mL`, `umol/L`. Returns null when unknown or ambiguous.
 */
export function parseConcentrationUnit(text: string): ConcentrationUnit | null {
  const s = text
    .trim()
    .replace(/[µμ]/g, 'u')
    .replace(/_per_|[_\s]*\/[_\s]*|_/gi, '/')
    .replace(/\s+/g, '');
  if (s in EXACT) return EXACT[s];
  return FOLDED[s.toLowerCase()] ?? null;
}

/**
 * Value in micromolar for a molar unit, undefined for mass units. A value in µM is returned as
 * written; a rescaled one is rounded to 15 significant digits, which removes the binary noise of
 * the decimal scaling (0.07 mM → 70 µM, not 70.00000000000001).
 */
export function toMicromolar(value: number, unit: ConcentrationUnit): number | undefined {
  const f = TO_MICROMOLAR[unit];
  if (f === undefined) return undefined;
  if (f === 1) return value;
  return withoutBinaryResidue(value * f);
}
