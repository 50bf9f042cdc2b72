/**
 * Every kind of record the audit trail describes. `audit.record` takes only these names, and
 * each must have a read policy (see audit-read-policies.ts) registered by the module that owns
 * the record, or the server refuses to start: a new record type declares who may read its
 * history before its first event can be written.
 */
export const AUDITED_ENTITIES = [
  'user',
  'api_key',
  'instrument',
  'material',
  'protocol',
  'protocol_version',
  'run',
  'run_amendment',
  'run_deviation',
  'run_passage',
  'plate',
  'plate_layout',
  'plate_reading',
  'plate-qc-result',
  'efflux-experiment',
  'coculture-culture',
  'coculture-kinetics',
  'lcms-batch',
  'lcms-calibration',
  'lcms-name-mapping',
  'qpcr-run',
] as const;

export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];
