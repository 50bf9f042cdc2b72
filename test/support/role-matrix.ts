import type { Role } from '../../src/common/auth/roles';

/**
 * The role matrix (issue 13): every route of the API × every kind of caller, in one table.
 * `test/role-matrix.e2e-spec.ts` walks all of it against the running app and fails on any
 * difference, and on any route the app serves that is missing here; the README's role table is
 * generated from it (`npm run docs:role-matrix`) and checked by the same test.
 *
 * - `gate`: the roles whose key passes the route's access check (`public`: no key needed). Every
 *   other role gets 403 FORBIDDEN_ROLE; no key, a revoked key or an expired key gets 401.
 *   `admin` passes every role check (ApiKeyGuard), so it is in every gate.
 * - `handler`: roles that pass the gate but are refused by the service itself (checked on real
 *   records by the same test), e.g. an admin without the manager role cannot approve.
 * - `rule`: what the service checks beyond the role (shown in the README).
 *
 * Adding a route: add one line here (`'METHOD /path/:param': { gate: [...] }`, the path without
 * /api/v1), then run `npm run docs:role-matrix` to update the README.
 */
export type Caller = Role | 'anonymous' | 'revoked' | 'expired';

export const CALLERS: readonly Caller[] = [
  'scientist',
  'manager',
  'instrument',
  'admin',
  'anonymous',
  'revoked',
  'expired',
];

export interface RouteAccess {
  gate: 'public' | readonly Role[];
  handler?: Partial<Record<Role, 403>>;
  rule?: string;
}

export const ROLE_MATRIX: Record<string, RouteAccess> = {
  'GET /amendments/:id': { gate: ['scientist', 'manager', 'admin'] },
  'POST /amendments/:id/approve': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'e-signature by a manager who did not request it',
  },
  'POST /amendments/:id/reject': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'e-signature by a manager who did not request it',
  },
  'GET /api-keys': {
    gate: ['scientist', 'manager', 'instrument', 'admin'],
    rule: 'own keys; an admin sees all',
  },
  'POST /api-keys': {
    gate: ['scientist', 'manager', 'instrument', 'admin'],
    rule: 'own keys; an admin creates keys for others',
  },
  'GET /api-keys/:id': {
    gate: ['scientist', 'manager', 'instrument', 'admin'],
    rule: 'own keys; an admin sees all',
  },
  'POST /api-keys/:id/revoke': {
    gate: ['scientist', 'manager', 'instrument', 'admin'],
    rule: 'own keys (admin: any); never the last active admin key',
  },
  'POST /api-keys/:id/rotate': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'GET /audit': { gate: ['manager', 'admin'], rule: 'only events of records the reader may see' },
  'GET /audit/verify': { gate: ['manager', 'admin'] },
  'POST /audit/verify': { gate: ['manager', 'admin'] },
  'GET /auth/me': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'PUT /auth/password': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'GET /coculture-cultures': { gate: ['scientist', 'manager', 'admin'] },
  'POST /coculture-cultures': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'anaerobic-coculture run, not approved or cancelled',
  },
  'GET /coculture-cultures/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /coculture-cultures/:id/degradation.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /coculture-cultures/:id/metabolites.svg': { gate: ['scientist', 'manager', 'admin'] },
  'POST /coculture-cultures/:id/samplings': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'run not approved or cancelled',
  },
  'GET /coculture-samples': { gate: ['scientist', 'manager', 'admin'] },
  'POST /degradation-analyses': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'anaerobic-coculture run, not approved or cancelled',
  },
  'GET /degradation-results': { gate: ['scientist', 'manager', 'admin'] },
  'GET /degradation-results.csv': { gate: ['scientist', 'manager', 'admin'] },
  'GET /degradation/comparison': { gate: ['scientist', 'manager', 'admin'] },
  'GET /degradation/comparison.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /efflux-experiments': { gate: ['scientist', 'manager', 'admin'] },
  'POST /efflux-experiments': { gate: ['scientist', 'manager', 'admin'] },
  'GET /efflux-experiments/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /efflux-reversal': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fits': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fits/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fits/:id/plot.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fits/export.csv': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fold-resistance': { gate: ['scientist', 'manager', 'admin'] },
  'POST /fold-resistance': { gate: ['scientist', 'manager', 'admin'] },
  'GET /fold-resistance/plot.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /health': { gate: 'public' },
  'POST /instrument-feeds': {
    gate: ['instrument', 'admin'],
    rule: 'a key bound to an active instrument; readings are filed under that instrument only',
  },
  'GET /instruments': { gate: ['manager', 'admin'] },
  'POST /instruments': { gate: ['manager', 'admin'] },
  'GET /instruments/:id': { gate: ['manager', 'admin'] },
  'POST /instruments/:id/activate': { gate: ['manager', 'admin'] },
  'POST /instruments/:id/api-keys': { gate: ['manager', 'admin'] },
  'POST /instruments/:id/api-keys/:apiKeyId/unbind': { gate: ['manager', 'admin'] },
  'POST /instruments/:id/deactivate': { gate: ['manager', 'admin'] },
  'GET /lcms-batches': { gate: ['scientist', 'manager', 'admin'] },
  'POST /lcms-batches': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'lcms-quantification run, not approved or cancelled',
  },
  'GET /lcms-batches/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /lcms-batches/:id/calibrations': { gate: ['scientist', 'manager', 'admin'] },
  'GET /lcms-batches/:id/calibrations/:analyte': { gate: ['scientist', 'manager', 'admin'] },
  'POST /lcms-batches/:id/calibrations/:analyte/exclusions': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'only the most deviant failing calibrator; run not approved',
  },
  'GET /lcms-batches/:id/calibrations/:analyte/plot.svg': {
    gate: ['scientist', 'manager', 'admin'],
  },
  'POST /lcms-batches/:id/imports': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'run not approved or cancelled',
  },
  'GET /lcms-batches/:id/peak-areas': { gate: ['scientist', 'manager', 'admin'] },
  'GET /lcms-concentrations': { gate: ['scientist', 'manager', 'admin'] },
  'GET /lcms-concentrations.csv': { gate: ['scientist', 'manager', 'admin'] },
  'GET /lcms-name-mappings/:protocolVersionId': { gate: ['scientist', 'manager', 'admin'] },
  'PUT /lcms-name-mappings/:protocolVersionId': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'PATCH /materials/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/:id': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'POST /materials/:id/aliquots': { gate: ['scientist', 'manager', 'admin'] },
  'POST /materials/:id/custody-events': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/:id/custody-events': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'GET /materials/:id/fits': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/:id/fold-resistance': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/:id/evidence': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/:id/lineage': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'POST /materials/bacterial-cultures': { gate: ['scientist', 'manager', 'admin'] },
  'GET /materials/by-barcode/:barcode': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'POST /materials/cell-lines': { gate: ['scientist', 'manager', 'admin'] },
  'POST /materials/cryo-stocks': { gate: ['scientist', 'manager', 'admin'] },
  'POST /materials/donors': { gate: ['scientist', 'manager', 'admin'] },
  'POST /materials/fecal-samples': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plate-layouts': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plate-layouts': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plate-layouts/:id': { gate: ['scientist', 'manager', 'admin'] },
  'PUT /plate-layouts/:id': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plate-layouts/import': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plate-reader-formats': { gate: ['scientist', 'manager', 'instrument', 'admin'] },
  'GET /plates': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plates': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/:id/analyses/:analysisId/wells': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plates/:id/exclusions': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/:id/fits': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/:id/qc': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plates/:id/qc-override': {
    gate: ['manager', 'admin'],
    rule: 'a reason; an e-signature when a password is given',
  },
  'POST /plates/:id/readings': { gate: ['scientist', 'manager', 'admin'] },
  'POST /plates/:id/refit': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/:id/wells': { gate: ['scientist', 'manager', 'admin'] },
  'GET /plates/by-barcode/:barcode': { gate: ['scientist', 'manager', 'admin'] },
  'GET /protocol-versions/:id': { gate: ['scientist', 'manager', 'admin'] },
  'POST /protocol-versions/:id/approve': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'e-signature by a manager who did not author, edit or submit it',
  },
  'PUT /protocol-versions/:id/definition': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'the author, while a draft',
  },
  'POST /protocol-versions/:id/reject': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'a manager who did not author, edit or submit it',
  },
  'POST /protocol-versions/:id/retire': { gate: ['manager', 'admin'] },
  'GET /protocol-versions/:id/signatures': { gate: ['scientist', 'manager', 'admin'] },
  'POST /protocol-versions/:id/submit': { gate: ['scientist', 'manager', 'admin'] },
  'POST /protocol-versions/:id/withdraw': { gate: ['scientist', 'manager', 'admin'] },
  'GET /protocols': { gate: ['scientist', 'manager', 'admin'] },
  'POST /protocols': { gate: ['scientist', 'manager', 'admin'] },
  'GET /protocols/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /protocols/:id/versions': { gate: ['scientist', 'manager', 'admin'] },
  'POST /protocols/:id/versions': { gate: ['scientist', 'manager', 'admin'] },
  'GET /protocols/:id/versions/:a/diff/:b': { gate: ['scientist', 'manager', 'admin'] },
  'GET /qpcr-analyses/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /qpcr-analyses/:id/export.csv': { gate: ['scientist', 'manager', 'admin'] },
  'GET /qpcr-analyses/:id/plot.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /qpcr-analyses/:id/standard-curves.svg': { gate: ['scientist', 'manager', 'admin'] },
  'GET /qpcr-fold-changes': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id': { gate: ['scientist', 'manager', 'admin'] },
  'PATCH /runs/:id': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/amendments': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/amendments': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/approve': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'e-signature by a manager who neither operated nor worked on the run',
  },
  'POST /runs/:id/cancel': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/complete': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/deviations': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/deviations': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/next-dose': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/passages': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/passages': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/qpcr-analyses': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/qpcr-analyses': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'run not approved or cancelled',
  },
  'POST /runs/:id/qpcr-imports': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'run not approved or cancelled',
  },
  'GET /runs/:id/qpcr-miqe': { gate: ['scientist', 'manager', 'admin'] },
  'PUT /runs/:id/qpcr-miqe': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'qpcr-expression run, not approved or cancelled',
  },
  'GET /runs/:id/qpcr-names': { gate: ['scientist', 'manager', 'admin'] },
  'GET /runs/:id/qpcr-reactions': { gate: ['scientist', 'manager', 'admin'] },
  'PUT /runs/:id/qpcr-names': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'not approved or cancelled; materials of the run, genes of the panel',
  },
  'POST /runs/:id/reopen': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/return': {
    gate: ['manager', 'admin'],
    handler: { admin: 403 },
    rule: 'e-signature by a manager who neither operated nor worked on the run',
  },
  'POST /runs/:id/start': { gate: ['scientist', 'manager', 'admin'] },
  'POST /runs/:id/submit': {
    gate: ['scientist', 'manager', 'admin'],
    rule: 'qPCR runs: the MIQE fields their protocol requires are recorded',
  },
  'POST /users': { gate: ['admin'] },
  'GET /users': { gate: ['manager', 'admin'] },
  'PATCH /users/:id': { gate: ['admin'], rule: 'the last active admin keeps role admin' },
  'POST /users/:id/activate': { gate: ['admin'] },
  'POST /users/:id/deactivate': {
    gate: ['admin'],
    rule: 'never oneself, never the last active admin credential',
  },
};

/** What `caller` gets from the route: `ok` (the request reaches the service), 401 or 403. */
export function expectedAccess(access: RouteAccess, caller: Caller): 'ok' | 401 | 403 {
  if (access.gate === 'public') return 'ok';
  if (caller === 'anonymous' || caller === 'revoked' || caller === 'expired') return 401;
  if (!access.gate.includes(caller)) return 403;
  return access.handler?.[caller] ?? 'ok';
}

/** The README's role table, generated from {@link ROLE_MATRIX}. */
export function roleMatrixMarkdown(): string {
  const cell = (v: 'ok' | 401 | 403) => (v === 'ok' ? '✓' : String(v));
  const lines = [
    '| route | scientist | manager | instrument | admin | no key | revoked or expired key | rule beyond the role |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [route, access] of Object.entries(ROLE_MATRIX).sort(([a], [b]) =>
    routeOrder(a).localeCompare(routeOrder(b)),
  )) {
    const roles = (['scientist', 'manager', 'instrument', 'admin'] as const).map((r) =>
      cell(expectedAccess(access, r)),
    );
    lines.push(
      `| \`${route}\` | ${roles.join(' | ')} | ${cell(expectedAccess(access, 'anonymous'))} | ` +
        `${cell(expectedAccess(access, 'revoked'))} | ${access.rule ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** Sorted by path, then method. */
function routeOrder(route: string): string {
  const [method, path] = route.split(' ');
  return `${path} ${method}`;
}
