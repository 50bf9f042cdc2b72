// The canonical JSON and input hashes of the co-culture kinetics inputs, written for their
// shapes: byte-identical to canonicalJson / hashInput of common/provenance for any value, the
// generic canonicaliser taking over wherever a value is not of the expected shape
// (docs/performance.md, "Input hashes written by shape").
import {
  anyMemberJson,
  arrayOfJson,
  hasExactKeys,
  isPlainObject,
  membersJson,
  numberJson,
  shape,
  shapeJson,
  valueJson,
} from '../../analysis/common/canonical-json-writers';
import { canonicalJson, jsonString, sha256Hex } from '../../analysis/common/provenance';

const POINT = shape('timeHours', 'replicate', 'concentration', 'status');

/** canonicalJson of one MeasuredPoint `{ timeHours, replicate, concentration, status }`. */
function pointJson(p: unknown): string {
  if (!isPlainObject(p) || !hasExactKeys(p, POINT.names)) return canonicalJson(p);
  // Each member read once.
  const c = p.concentration;
  const r = p.replicate;
  const s = p.status;
  const t = p.timeHours;
  if (
    typeof r === 'number' &&
    typeof t === 'number' &&
    typeof s === 'string' &&
    (c === null || typeof c === 'number')
  )
    return (
      '{"concentration":' +
      (c === null ? 'null' : numberJson(c)) +
      ',"replicate":' +
      numberJson(r) +
      ',"status":' +
      jsonString(s) +
      ',"timeHours":' +
      numberJson(t) +
      '}'
    );
  // An undefined or function member is left out, any other written generically.
  return membersJson(POINT, [c, r, s, t]);
}

/** canonicalJson of an array of MeasuredPoint (anything else as canonicalJson writes it). */
export function canonicalPointsJson(points: unknown): string {
  return arrayOfJson(points, pointJson);
}

/** `hashInput(points)` of an array of MeasuredPoint: a parent's `pointsHash`. */
export function hashMeasuredPoints(points: unknown): string {
  return sha256Hex(canonicalPointsJson(points));
}

const PARENT_INPUT = shape('points', 'abiotic');
const ABIOTIC = shape('rateConstantPerHour', 'rateConstantSePerHour', 'df');

function parentInputMember(name: string, v: unknown): string {
  return name === 'points' ? canonicalPointsJson(v) : shapeJson(v, ABIOTIC, anyMemberJson);
}

/** canonicalJson of a parent's kinetics input `{ points, abiotic }`. */
export function canonicalParentKineticsInput(input: unknown): string {
  return shapeJson(input, PARENT_INPUT, parentInputMember);
}

/** `hashInput` of a parent's kinetics input `{ points, abiotic }`. */
export function hashParentKineticsInput(input: unknown): string {
  return sha256Hex(canonicalParentKineticsInput(input));
}

const METABOLITE_INPUT = shape('name', 'points', 'parent');
const PARENT_REF = shape('name', 'pointsHash');

function metaboliteInputMember(name: string, v: unknown): string {
  if (name === 'points') return canonicalPointsJson(v);
  if (name === 'parent') return shapeJson(v, PARENT_REF, anyMemberJson);
  return valueJson(v);
}

/** canonicalJson of a metabolite's kinetics input `{ name, points, parent }`. */
export function canonicalMetaboliteKineticsInput(input: unknown): string {
  return shapeJson(input, METABOLITE_INPUT, metaboliteInputMember);
}

/** `hashInput` of a metabolite's kinetics input `{ name, points, parent }`. */
export function hashMetaboliteKineticsInput(input: unknown): string {
  return sha256Hex(canonicalMetaboliteKineticsInput(input));
}
