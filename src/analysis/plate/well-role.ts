import { AnalysisError } from '../common/analysis-error';

/**
 * Role of a well in a plate layout (SCIENCE.md §2): `blank` medium without cells; `vehicle`
 * cells + vehicle (100 % viability); `treated` cells + drug at a concentration; `positive` killed
 * cells (0 %); `inhibitor-only` cells + efflux inhibitor without drug; `empty` and `excluded`
 * wells are ignored by every computation.
 */
export type WellRole =
  'blank' | 'vehicle' | 'treated' | 'positive' | 'inhibitor-only' | 'empty' | 'excluded';

export const WELL_ROLES: readonly WellRole[] = [
  'blank',
  'vehicle',
  'treated',
  'positive',
  'inhibitor-only',
  'empty',
  'excluded',
];

/** Throws AnalysisError unless `role` is a known {@link WellRole}. */
export function assertWellRole(role: unknown, field: string): asserts role is WellRole {
  if (typeof role !== 'string' || !(WELL_ROLES as readonly string[]).includes(role)) {
    throw new AnalysisError('BAD_WELL_ROLE', `unknown well role ${String(role)}`, field);
  }
}

/** Roles that take no part in any computation. */
export function isIgnoredRole(role: WellRole): boolean {
  return role === 'empty' || role === 'excluded';
}
