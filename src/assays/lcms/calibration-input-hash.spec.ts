import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  arrayOf,
  member,
  nearMiss,
  number,
  text,
} from '../../../test/support/canonical-json-arbitraries';
import { canonicalJson, hashInput } from '../../analysis/common/provenance';
import { canonicalCalibrationInput, hashCalibrationInput } from './calibration-input-hash';

const SEED = 20261207;

const area = fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), number);
const calibrator = nearMiss({ sample: text, nominalConcentration: number, response: number });
const qc = nearMiss({ sample: text, level: text, nominalConcentration: number, response: number });
const unknown = nearMiss({
  id: fc.oneof(fc.uuid(), text),
  response: fc.oneof(fc.constant(null), number),
  dilutionFactor: fc.oneof(fc.constantFrom(1, 2, 10), number),
});
const carryover = fc.oneof(
  fc.constant(null),
  nearMiss({
    blank: text,
    afterCalibrator: text,
    blankAnalyteArea: fc.oneof(fc.constant(null), area),
    blankInternalStandardArea: fc.oneof(fc.constant(null), area),
    lloqAnalyteAreas: arrayOf(area),
    internalStandardAreas: arrayOf(fc.oneof({ weight: 9, arbitrary: area }, member), 40),
  }),
);
const input = nearMiss({
  analyte: text,
  concentrationUnit: fc.oneof(fc.constantFrom('ng/mL', 'µM'), text),
  calibrators: arrayOf(calibrator),
  qcs: arrayOf(qc),
  withoutPeak: arrayOf(fc.oneof({ weight: 4, arbitrary: text }, member)),
  unknowns: arrayOf(unknown, 12),
  carryover,
});

describe('canonicalCalibrationInput', () => {
  it('writes the calibration input as canonicalJson does, for arbitrary and near-miss inputs', () => {
    fc.assert(
      fc.property(input, (v) => {
        expect(canonicalCalibrationInput(v)).toBe(canonicalJson(v));
        expect(hashCalibrationInput(v)).toBe(hashInput(v));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('writes anything at all as canonicalJson does', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withBoxedValues: true,
          withMap: true,
          withSet: true,
        }),
        (v) => {
          expect(canonicalCalibrationInput(v)).toBe(canonicalJson(v));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('writes the odd cases as canonicalJson does: holes, typed arrays, non-finite areas, getters', () => {
    const holes: number[] = [1, 2];
    holes[3] = 4;
    const base = {
      analyte: 'aza',
      concentrationUnit: 'µM',
      calibrators: [{ sample: 'CAL1', nominalConcentration: 0.5, response: 0.01 }],
      qcs: [{ sample: 'QC-L', level: 'L', nominalConcentration: 1.5, response: 0.03 }],
      withoutPeak: ['CAL2'],
      unknowns: [{ id: 'u1', response: null, dilutionFactor: 1 }],
      carryover: null as unknown,
    };
    const carry = (lloq: unknown, is: unknown) => ({
      blank: 'BLANK',
      afterCalibrator: 'CAL8',
      blankAnalyteArea: 100,
      blankInternalStandardArea: null,
      lloqAnalyteAreas: lloq,
      internalStandardAreas: is,
    });
    class Calibrator {
      sample = 'CAL1';
      nominalConcentration = 0.5;
      response = 0.01;
    }
    const odd: unknown[] = [
      base,
      { ...base, carryover: carry([100, 200.5], [1e21, 5e-324, -0]) },
      { ...base, carryover: carry(holes, [NaN]) },
      { ...base, carryover: carry(new Float64Array([1, 2]), [Infinity, -Infinity]) },
      { ...base, carryover: carry([1, null, undefined, '2'], [1, 2n]) },
      { ...base, carryover: { ...carry([1], [2]), extra: 1 } },
      { ...base, calibrators: [new Calibrator(), undefined, null] },
      { ...base, qcs: [{ sample: 'QC', level: undefined, nominalConcentration: 1, response: 0 }] },
      { ...base, unknowns: [{ id: 'u', response: NaN, dilutionFactor: -0 }] },
      { ...base, withoutPeak: [1, null, 'é"\u2028', undefined] },
      { ...base, carryover: undefined, unknowns: undefined },
      { ...base, extra: () => 1 },
      Object.assign(Object.create(null) as object, base),
    ];
    for (const v of odd) expect(canonicalCalibrationInput(v)).toBe(canonicalJson(v));
    let reads = 0;
    const withGetter = {
      ...base,
      get analyte() {
        reads++;
        return 'aza';
      },
    };
    expect(canonicalCalibrationInput(withGetter)).toBe(canonicalJson(withGetter));
    reads = 0;
    canonicalCalibrationInput(withGetter);
    expect(reads).toBe(1);
  });

  it('keeps the stored hashes: the text is the canonical JSON written out by hand', () => {
    const v = {
      analyte: 'aza',
      concentrationUnit: 'µM',
      calibrators: [{ sample: 'CAL1', nominalConcentration: 0.5, response: 0.01 }],
      qcs: [{ sample: 'QC-L1', level: 'L', nominalConcentration: 1.5, response: 0 }],
      withoutPeak: ['CAL2'],
      unknowns: [{ id: 'u1', response: null, dilutionFactor: 2 }],
      carryover: {
        blank: 'BLANK',
        afterCalibrator: 'CAL8',
        blankAnalyteArea: 100,
        blankInternalStandardArea: 2000,
        lloqAnalyteAreas: [5000],
        internalStandardAreas: [100000, 98000.5],
      },
    };
    const json =
      '{"analyte":"aza","calibrators":[{"nominalConcentration":0.5,"response":0.01,"sample":"CAL1"}],' +
      '"carryover":{"afterCalibrator":"CAL8","blank":"BLANK","blankAnalyteArea":100,' +
      '"blankInternalStandardArea":2000,"internalStandardAreas":[100000,98000.5],' +
      '"lloqAnalyteAreas":[5000]},"concentrationUnit":"µM",' +
      '"qcs":[{"level":"L","nominalConcentration":1.5,"response":0,"sample":"QC-L1"}],' +
      '"unknowns":[{"dilutionFactor":2,"id":"u1","response":null}],"withoutPeak":["CAL2"]}';
    expect(hashCalibrationInput(v)).toBe(createHash('sha256').update(json).digest('hex'));
  });
});
