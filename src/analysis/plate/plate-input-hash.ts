import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/provenance';

// The members of the wells the plate functions read, in canonicalJson's key order.
const MTT_WELL_KEYS = [
  'absorbance',
  'concentration',
  'inhibitor',
  'line',
  'referenceAbsorbance',
  'role',
  'well',
].sort();
const QC_WELL_KEYS = ['concentration', 'inhibitor', 'line', 'role', 'signal', 'well'].sort();

/** canonicalJson of a member value, with the primitive cases inline. */
function value(v: unknown): string {
  switch (typeof v) {
    case 'number':
      // A finite number's JSON text is its shortest round-trip string.
      return Number.isFinite(v) ? '' + v : `"${String(v)}"`;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v === null ? 'null' : canonicalJson(v);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * canonicalJson of one well: its own enumerable members (all known ones) in sorted order, or
 * the generic serialiser for anything else (another member, a class instance).
 */
function well(w: unknown, keys: readonly string[], index: ReadonlyMap<string, number>): string {
  if (!isPlainObject(w)) return canonicalJson(w);
  let present = 0;
  for (const k in w) {
    const i = index.get(k);
    if (i === undefined || !Object.prototype.hasOwnProperty.call(w, k)) return canonicalJson(w);
    present |= 1 << i;
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const v = w[keys[i]];
    if (v === undefined || typeof v === 'function') continue;
    if (out.length > 1) out += ',';
    out += `"${keys[i]}":${value(v)}`;
  }
  return out + '}';
}

function canonicalPlate(plate: unknown, keys: readonly string[]): string {
  if (!isPlainObject(plate)) return canonicalJson(plate);
  let hasWells = false;
  let hasFormat = false;
  for (const k in plate) {
    if (!Object.prototype.hasOwnProperty.call(plate, k)) return canonicalJson(plate);
    if (k === 'wells') hasWells = true;
    else if (k === 'format') hasFormat = true;
    else return canonicalJson(plate);
  }
  const wells = plate.wells;
  if (!hasWells || !Array.isArray(wells)) return canonicalJson(plate);
  const index = new Map(keys.map((k, i) => [k, i]));
  let text = '[';
  for (let i = 0; i < wells.length; i++) {
    if (i > 0) text += ',';
    // A hole: Array.prototype.map skips it, so the generic form writes nothing there.
    if (i in wells) text += well(wells[i], keys, index);
  }
  text += ']';
  const format = hasFormat ? plate.format : undefined;
  return format === undefined || typeof format === 'function'
    ? `{"wells":${text}}`
    : `{"format":${value(format)},"wells":${text}}`;
}

/**
 * sha256 of the canonical JSON of an MTT plate (`{ format, wells }` of MttWell),
 * byte-identical to `hashInput(plate)` of common/provenance for any input: wells with other
 * members, or that are not plain objects, go through the generic canonicaliser. Several times
 * faster than it on the plain wells of a read plate.
 */
export function hashMttPlateInput(plate: unknown): string {
  return createHash('sha256').update(canonicalPlate(plate, MTT_WELL_KEYS)).digest('hex');
}

/** {@link hashMttPlateInput} for a QC plate (`{ format, wells }` of QcWell). */
export function hashQcPlateInput(plate: unknown): string {
  return createHash('sha256').update(canonicalPlate(plate, QC_WELL_KEYS)).digest('hex');
}
