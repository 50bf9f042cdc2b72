/** The number of significant figures every display string of a result uses (SCIENCE.md §2). */
export const DISPLAY_SIGNIFICANT_FIGURES = 4;

/**
 * A number as display strings write it: `digits` significant figures (default 4), without
 * trailing zeros or a trailing point ("2.248", "1.89", "200", "12350", "1.23e-7").
 * Non-finite values are written as JavaScript writes them ("NaN", "Infinity").
 *
 * The one rule for display strings of results (IC50s, ratios, CIs, % restoration): every
 * module's display text calls this rather than `toPrecision` by hand.
 */
export function formatSignificant(v: number, digits = DISPLAY_SIGNIFICANT_FIGURES): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/**
 * Significant digits a computed value keeps where it leaves the application: more than any lab
 * quantity carries, fewer than the 17 at which binary arithmetic leaves its residue.
 */
export const COMPUTED_VALUE_SIGNIFICANT_DIGITS = 15;

/**
 * A computed value without the binary residue of its arithmetic: rounded to 15 significant
 * digits, so the mean of 28.55, 28.56 and 28.57 is 28.56 (not 28.560000000000002) and 0.07 µM in
 * nM is 70 (not 70.00000000000001). An estimate such as 2.2476888049321686 moves in its 16th
 * digit only. Zero, null and non-finite values are returned as they are.
 *
 * Where the house applies it: to computed values at the response boundary (DTO mappers, exports)
 * and to unit conversions. Never to a number read from a file, which is kept as written; stored
 * results keep full precision, so their provenance (method, options, input hash) reproduces them.
 */
export function withoutBinaryResidue(x: number): number;
export function withoutBinaryResidue(x: number | null): number | null;
export function withoutBinaryResidue(x: number | null): number | null {
  if (x === null || x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(COMPUTED_VALUE_SIGNIFICANT_DIGITS));
}
