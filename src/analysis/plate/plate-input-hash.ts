import { createHash } from 'node:crypto';
import { isPlainObject, valueJson } from '../common/canonical-json-writers';
import { canonicalJson } from '../common/provenance';

/**
 * The members of the wells a plate function reads, in canonicalJson's key order, with the text
 * that introduces each member: `"key":` first in an object, `,"key":` after another member.
 */
interface WellKeys {
  names: readonly string[];
  first: readonly string[];
  next: readonly string[];
}

function wellKeys(names: string[]): WellKeys {
  names.sort();
  return {
    names,
    first: names.map((k) => `${JSON.stringify(k)}:`),
    next: names.map((k) => `,${JSON.stringify(k)}:`),
  };
}

const MTT_WELL_KEYS = wellKeys([
  'absorbance',
  'concentration',
  'inhibitor',
  'line',
  'referenceAbsorbance',
  'role',
  'well',
]);
const QC_WELL_KEYS = wellKeys(['concentration', 'inhibitor', 'line', 'role', 'signal', 'well']);

/**
 * Writes the canonical JSON of the wells of one plate. It keeps, per member, the last value and
 * its text: the line, role, inhibitor and concentration of a well often repeat the previous
 * well's, and their text is then not built again.
 */
class WellWriter {
  /** The members of the well being written, by key index. */
  private readonly values: unknown[];
  private readonly lastValue: unknown[];
  private readonly lastText: string[];

  constructor(private readonly keys: WellKeys) {
    const n = keys.names.length;
    this.values = new Array<unknown>(n).fill(undefined);
    this.lastValue = new Array<unknown>(n).fill(undefined);
    this.lastText = new Array<string>(n).fill('');
  }

  /**
   * canonicalJson of one well: its own enumerable members (all known ones) in sorted order, or
   * the generic serialiser for anything else (another member, a class instance).
   */
  well(w: unknown): string {
    if (!isPlainObject(w)) return canonicalJson(w);
    const { names, first, next } = this.keys;
    const values = this.values;
    // Bit i: the known member names[i] is an own enumerable member of the well. Members are
    // read once, in the well's own order, as Object.entries reads them.
    let present = 0;
    for (const k in w) {
      const i = names.indexOf(k);
      if (i < 0 || !Object.prototype.hasOwnProperty.call(w, k)) {
        values.fill(undefined);
        return canonicalJson(w);
      }
      present |= 1 << i;
      values[i] = w[k];
    }
    let out = '{';
    let empty = true;
    for (let i = 0; i < names.length; i++) {
      if ((present & (1 << i)) === 0) continue;
      const v = values[i];
      values[i] = undefined;
      if (v === undefined || typeof v === 'function') continue;
      out += (empty ? first[i] : next[i]) + this.member(i, v);
      empty = false;
    }
    return out + '}';
  }

  private member(i: number, v: unknown): string {
    // Primitives only: their text depends on their value alone (0 and −0 both write "0").
    if (v === this.lastValue[i] && typeof v !== 'object') return this.lastText[i];
    const text = valueJson(v);
    this.lastValue[i] = v;
    this.lastText[i] = text;
    return text;
  }
}

/** canonicalJson of a plate `{ format, wells }`, one pass over the wells. */
function canonicalPlate(plate: unknown, keys: WellKeys): string {
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
  const format = hasFormat ? plate.format : undefined;
  let text =
    format === undefined || typeof format === 'function'
      ? '{"wells":['
      : `{"format":${valueJson(format)},"wells":[`;
  const writer = new WellWriter(keys);
  for (let i = 0; i < wells.length; i++) {
    if (i > 0) text += ',';
    // A hole: Array.prototype.map skips it, so the generic form writes nothing there.
    if (i in wells) text += writer.well(wells[i]);
  }
  return text + ']}';
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
