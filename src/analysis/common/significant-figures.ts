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
