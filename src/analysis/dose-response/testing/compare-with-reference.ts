// Test support (used by the fixture specs; no jest globals so that it type-checks in the build):
// compares a dose-response fit with a reference block of ../shared/fixtures and lists every
// mismatch, so a failing test names all differing fields at once.
import type { DoseResponseFit } from '../fit-dose-response';

/** Relative-error check; returns a message, or null when within tolerance. */
export function relativeMismatch(
  field: string,
  actual: number | null | undefined,
  expected: number,
  tol: number,
): string | null {
  if (actual === null || actual === undefined || !Number.isFinite(actual)) {
    return `${field}: got ${String(actual)}, expected ${expected}`;
  }
  const err = Math.abs(actual - expected) / Math.abs(expected);
  return err <= tol
    ? null
    : `${field}: got ${actual}, expected ${expected} (rel. ${err.toExponential(2)} > ${tol})`;
}

/** Tolerances as named in the fixtures' expected.json. */
export interface FixtureTolerance {
  b_c_d_ic50_relative: number;
  se_and_ci_relative: number;
  rss_r2_relative: number;
  closed_form_relative: number;
}

/**
 * Mismatches between `fit` and an expected `LL4`/`LL3` block (scipy reference convention:
 * e, ln_e, se.{b,c,d,e,ln_e}, ic50_ci95_logscale_t, ic50_absolute_50pct …).
 */
export function compareLogLogisticFit(
  fit: DoseResponseFit,
  exp: Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  tol: FixtureTolerance,
): string[] {
  const out: (string | null)[] = [];
  const p = fit.parameters;
  if (fit.status !== 'fitted' || p === null) return [`status ${fit.status}, expected fitted`];
  if (fit.converged !== exp.converged) out.push(`converged ${fit.converged}`);
  if (fit.n !== exp.n) out.push(`n ${fit.n} ≠ ${exp.n}`);
  if (exp.n_params !== undefined && fit.nParams !== exp.n_params)
    out.push(`nParams ${fit.nParams}`);
  if (exp.df_residual !== undefined && fit.df !== exp.df_residual) out.push(`df ${fit.df}`);
  const P = tol.b_c_d_ic50_relative;
  const S = tol.se_and_ci_relative;
  out.push(relativeMismatch('b', p.b.estimate, exp.b, P));
  if (exp.c === 0) {
    if (!p.c.fixed || p.c.estimate !== 0) out.push('c should be fixed at 0');
  } else out.push(relativeMismatch('c', p.c.estimate, exp.c, P));
  out.push(relativeMismatch('d', p.d.estimate, exp.d, P));
  out.push(relativeMismatch('e', fit.ic50, exp.e, P));
  if (exp.ln_e !== undefined) out.push(relativeMismatch('ln e', fit.lnIc50, exp.ln_e, P));
  if (exp.rss !== undefined)
    out.push(relativeMismatch('rss', fit.rss, exp.rss, tol.rss_r2_relative));
  out.push(relativeMismatch('R²', fit.rSquared, exp.r_squared, tol.rss_r2_relative));
  if (exp.residual_se !== undefined) {
    out.push(relativeMismatch('residual SE', fit.residualSe, exp.residual_se, tol.rss_r2_relative));
  }
  if (exp.t_quantile_0975 !== undefined) {
    out.push(relativeMismatch('t', fit.tQuantile, exp.t_quantile_0975, tol.closed_form_relative));
  }
  if (exp.se !== undefined) {
    out.push(relativeMismatch('SE b', p.b.se, exp.se.b, S));
    if (exp.se.c === null) {
      if (p.c.se !== null) out.push('SE c should be null');
    } else out.push(relativeMismatch('SE c', p.c.se, exp.se.c, S));
    out.push(relativeMismatch('SE d', p.d.se, exp.se.d, S));
    out.push(relativeMismatch('SE e', p.e.se, exp.se.e, S));
    out.push(relativeMismatch('SE ln e', fit.seLnIc50, exp.se.ln_e, S));
  }
  if (exp.ic50_ci95_logscale_t !== undefined) {
    out.push(relativeMismatch('CI low', fit.ic50Ci95?.[0], exp.ic50_ci95_logscale_t[0], S));
    out.push(relativeMismatch('CI high', fit.ic50Ci95?.[1], exp.ic50_ci95_logscale_t[1], S));
  }
  if (exp.ic50_absolute_50pct === null) {
    if (fit.ic50Absolute !== null) out.push(`absolute IC50 ${fit.ic50Absolute}, expected null`);
  } else if (exp.ic50_absolute_50pct !== undefined) {
    out.push(relativeMismatch('absolute IC50', fit.ic50Absolute, exp.ic50_absolute_50pct, P));
  }
  return out.filter((m): m is string => m !== null);
}
