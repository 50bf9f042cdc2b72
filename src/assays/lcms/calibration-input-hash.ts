// The canonical JSON and input hash of an analyte's LC-MS/MS calibration input, written for its
// shape: byte-identical to canonicalJson / hashInput of common/provenance for any value, the
// generic canonicaliser taking over wherever a value is not of the expected shape
// (docs/performance.md, "Input hashes written by shape").
import {
  anyMemberJson,
  arrayOfJson,
  finiteNumbersJson,
  hasExactKeys,
  isPlainObject,
  membersJson,
  numberJson,
  shape,
  shapeJson,
  valueJson,
} from '../../analysis/common/canonical-json-writers';
import { canonicalJson, jsonString, sha256Hex } from '../../analysis/common/provenance';

const CALIBRATOR = shape('sample', 'nominalConcentration', 'response');

/** canonicalJson of a calibrator `{ sample, nominalConcentration, response }`. */
function calibratorJson(x: unknown): string {
  if (!isPlainObject(x) || !hasExactKeys(x, CALIBRATOR.names)) return canonicalJson(x);
  // Each member read once.
  const n = x.nominalConcentration;
  const r = x.response;
  const s = x.sample;
  if (typeof n === 'number' && typeof r === 'number' && typeof s === 'string')
    return (
      '{"nominalConcentration":' +
      numberJson(n) +
      ',"response":' +
      numberJson(r) +
      ',"sample":' +
      jsonString(s) +
      '}'
    );
  return membersJson(CALIBRATOR, [n, r, s]);
}

const QC = shape('sample', 'level', 'nominalConcentration', 'response');

/** canonicalJson of a QC `{ sample, level, nominalConcentration, response }`. */
function qcJson(x: unknown): string {
  if (!isPlainObject(x) || !hasExactKeys(x, QC.names)) return canonicalJson(x);
  const l = x.level;
  const n = x.nominalConcentration;
  const r = x.response;
  const s = x.sample;
  if (
    typeof l === 'string' &&
    typeof n === 'number' &&
    typeof r === 'number' &&
    typeof s === 'string'
  )
    return (
      '{"level":' +
      jsonString(l) +
      ',"nominalConcentration":' +
      numberJson(n) +
      ',"response":' +
      numberJson(r) +
      ',"sample":' +
      jsonString(s) +
      '}'
    );
  return membersJson(QC, [l, n, r, s]);
}

const UNKNOWN = shape('id', 'response', 'dilutionFactor');

/** canonicalJson of an unknown `{ id, response, dilutionFactor }`. */
function unknownJson(x: unknown): string {
  if (!isPlainObject(x) || !hasExactKeys(x, UNKNOWN.names)) return canonicalJson(x);
  const d = x.dilutionFactor;
  const i = x.id;
  const r = x.response;
  if (typeof d === 'number' && typeof i === 'string' && (r === null || typeof r === 'number'))
    return (
      '{"dilutionFactor":' +
      numberJson(d) +
      ',"id":' +
      jsonString(i) +
      ',"response":' +
      (r === null ? 'null' : numberJson(r)) +
      '}'
    );
  return membersJson(UNKNOWN, [d, i, r]);
}

const CARRYOVER = shape(
  'blank',
  'afterCalibrator',
  'blankAnalyteArea',
  'blankInternalStandardArea',
  'lloqAnalyteAreas',
  'internalStandardAreas',
);

function carryoverMember(name: string, v: unknown): string {
  return name === 'lloqAnalyteAreas' || name === 'internalStandardAreas'
    ? finiteNumbersJson(v)
    : valueJson(v);
}

const INPUT = shape(
  'analyte',
  'concentrationUnit',
  'calibrators',
  'qcs',
  'withoutPeak',
  'unknowns',
  'carryover',
);

function inputMember(name: string, v: unknown): string {
  switch (name) {
    case 'calibrators':
      return arrayOfJson(v, calibratorJson);
    case 'qcs':
      return arrayOfJson(v, qcJson);
    case 'unknowns':
      return arrayOfJson(v, unknownJson);
    case 'withoutPeak':
      return arrayOfJson(v, valueJson);
    case 'carryover':
      return shapeJson(v, CARRYOVER, carryoverMember);
    default:
      return anyMemberJson(name, v);
  }
}

/**
 * canonicalJson of an analyte's calibration input (lcms-batch-calibration 1.1.0): `{ analyte,
 * concentrationUnit, calibrators, qcs, withoutPeak, unknowns, carryover }`.
 */
export function canonicalCalibrationInput(input: unknown): string {
  return shapeJson(input, INPUT, inputMember);
}

/** `hashInput` of an analyte's calibration input. */
export function hashCalibrationInput(input: unknown): string {
  return sha256Hex(canonicalCalibrationInput(input));
}
