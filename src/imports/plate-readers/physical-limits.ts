import type { ReadMode } from '../../analysis/plate/plate-reading';

/** The range of values a reader can report in a read mode, and the unit they are in. */
export interface PhysicalLimits {
  min: number;
  max: number;
  unit: string;
}

/**
 * Values outside these ranges cannot come from a plate reader: such a file is refused (a wrong
 * column, a shifted field or a lost decimal mark is the usual cause), never stored as a reading.
 *
 * - Absorbance: OD = −log10(I/I₀). Readers measure about 0–4 OD (a few to 6 with extended
 *   range); blank-referenced reads dip a little below 0. Outside −0.5 … 10 OD is refused.
 * - Fluorescence (RFU) and luminescence (RLU, counts): detector counts scaled by the gain, never
 *   beyond a 32-bit counter (≈ 4.3 × 10⁹); background-subtracted exports may go slightly
 *   negative. Outside −10⁶ … 10¹⁰ is refused.
 */
export const PHYSICAL_LIMITS: Readonly<Record<ReadMode, PhysicalLimits>> = {
  absorbance: { min: -0.5, max: 10, unit: 'OD' },
  fluorescence: { min: -1e6, max: 1e10, unit: 'RFU' },
  luminescence: { min: -1e6, max: 1e10, unit: 'RLU' },
};

/**
 * The read mode a file names (`Absorbance`, `Fluorescence Endpoint`, `FI`, `Lum`, `RFU`…), or
 * undefined when the text names none.
 */
export function readModeOf(text: string | undefined): ReadMode | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  if (/\babs|absorb|\bod\b|optical density/.test(t)) return 'absorbance';
  if (/fluor|\bfi\b|\bfp\b|\btrf\b|\brfu\b|htrf|lance|fret/.test(t)) return 'fluorescence';
  if (/lumin|\blum\b|\brlu\b|glow|flash lum|alpha/.test(t)) return 'luminescence';
  return undefined;
}
