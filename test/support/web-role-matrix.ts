import type { Role } from '../../src/common/auth/roles';

/**
 * The web UI's routes × roles (issue 19), the pages' counterpart of ROLE_MATRIX: a browser
 * session of each role either opens the page (`ok`) or gets the 403 page; with no session a
 * page redirects to sign-in (`public` routes answer anyone). `test/web-session.e2e-spec.ts`
 * walks it and fails on any web route missing here. Records each page shows follow the API's
 * rules (visibility, separation of duties), checked by the page tests.
 */
export interface WebRouteAccess {
  gate: 'public' | readonly Role[];
  /** What the page does beyond the role. */
  rule?: string;
}

const LAB: readonly Role[] = ['scientist', 'manager', 'admin'];

export const WEB_ROLE_MATRIX: Record<string, WebRouteAccess> = {
  'GET /': { gate: 'public', rule: 'redirects to /ui' },
  'GET /ui': { gate: LAB, rule: 'review queues for managers only' },
  'GET /ui/sign-in': { gate: 'public' },
  'POST /ui/sign-in': { gate: 'public', rule: 'double-submitted CSRF token' },
  'POST /ui/sign-out': { gate: 'public', rule: 'the session’s CSRF token' },
  'GET /ui/runs/new': { gate: LAB, rule: 'approved protocol versions the reader may see' },
  'POST /ui/runs': {
    gate: LAB,
    rule: 'as POST /runs: an approved version, its settings and materials checked by the service',
  },
  'GET /ui/runs/:id': { gate: LAB, rule: 'approve and return shown only to who may decide' },
  'POST /ui/runs/:id/approve': {
    gate: ['manager', 'admin'],
    rule: 'e-signature by a manager who did not work on the run',
  },
  'POST /ui/runs/:id/step': {
    gate: LAB,
    rule: 'start, complete, submit for review, reopen or cancel with a reason: the run lifecycle’s rules',
  },
  'POST /ui/runs/:id/return': {
    gate: ['manager', 'admin'],
    rule: 'e-signature by a manager who did not work on the run',
  },
  'GET /ui/assays/:assay/:kind/:id': { gate: LAB, rule: 'an assay’s own page (a fit’s review)' },
  'POST /ui/assays/:assay/:kind/:id/:action': {
    gate: LAB,
    rule: 'the assay service’s rules (run lock, separation of duties)',
  },
  'GET /ui/uploads/:assay/:kind/:id': {
    gate: LAB,
    rule: 'an assay’s upload page (a qPCR run’s, an LC-MS/MS batch’s); the record as the API shows it',
  },
  'POST /ui/uploads/:assay/:kind/:id': {
    gate: LAB,
    rule: 'the import’s rules (run lock, name mapping), as POST …/qpcr-imports and …/imports',
  },
  'GET /ui/plates/upload': { gate: LAB },
  'POST /ui/plates/upload': { gate: LAB, rule: 'the import’s rules (run lock, layout checks)' },
  'GET /ui/protocols': { gate: LAB, rule: 'drafts only to their author' },
  'GET /ui/protocols/new': { gate: LAB, rule: 'a YAML editor starting from a valid skeleton' },
  'POST /ui/protocols': {
    gate: LAB,
    rule: 'as POST /protocols: the definition validated, the key unique; draft version 1',
  },
  'POST /ui/protocols/:id/versions': {
    gate: LAB,
    rule: 'as POST /protocols/:id/versions with no body: a copy of the latest approved version',
  },
  'GET /ui/protocol-versions/:id/edit': {
    gate: LAB,
    rule: 'the editor only for the draft’s author; drafts private to their author',
  },
  'POST /ui/protocol-versions/:id/definition': {
    gate: LAB,
    rule: 'as PUT /protocol-versions/:id/definition: author only, drafts only',
  },
  'POST /ui/protocol-versions/:id/submit': {
    gate: LAB,
    rule: 'as POST /protocol-versions/:id/submit: author only, drafts only',
  },
  'GET /ui/protocol-versions/:id': {
    gate: LAB,
    rule: 'a draft is private to its author; approve and reject shown to managers who may decide',
  },
  'POST /ui/protocol-versions/:id/approve': {
    gate: ['manager', 'admin'],
    rule: 'e-signature by a manager who did not write it',
  },
  'POST /ui/protocol-versions/:id/reject': {
    gate: ['manager', 'admin'],
    rule: 'comments by a manager who did not write it',
  },
  'GET /ui/materials': { gate: LAB, rule: 'a barcode opens its material' },
  'GET /ui/materials/new': {
    gate: LAB,
    rule: 'a cell line or derived population, a cryo-stock, a donor, a fecal sample, aliquots, a bacterial culture',
  },
  'POST /ui/materials': {
    gate: LAB,
    rule: 'as POST /materials/… of each kind (donors: personal data refused first), /:id/aliquots',
  },
  'GET /ui/materials/:id': { gate: LAB, rule: 'lineage, custody, runs and the assays’ evidence' },
  'GET /ui/audit': {
    gate: ['manager', 'admin'],
    rule: 'the API’s filters; only events of records the reader may see; chain and anchor',
  },
  'GET /ui/static/:name': {
    gate: 'public',
    rule: 'app.css, htmx and the upload progress script only',
  },
};
