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
import {
  canonicalMetaboliteKineticsInput,
  canonicalParentKineticsInput,
  canonicalPointsJson,
  hashMeasuredPoints,
  hashMetaboliteKineticsInput,
  hashParentKineticsInput,
} from './kinetics-input-hash';

const SEED = 20261207;

const point = nearMiss({
  timeHours: number,
  replicate: fc.oneof(fc.integer({ min: 1, max: 3 }), number),
  concentration: fc.oneof(fc.constant(null), number),
  status: fc.oneof(fc.constantFrom('quantified', 'BLQ', 'ALQ', 'no-peak'), text),
});
const points = arrayOf(point, 12);
const abiotic = fc.oneof(
  fc.constant(null),
  nearMiss({
    rateConstantPerHour: number,
    rateConstantSePerHour: fc.oneof(fc.constant(null), number),
    df: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 20 }), number),
  }),
);
const parentInput = nearMiss({ points, abiotic });
const parentRef = fc.oneof(
  fc.constant(null),
  nearMiss({ name: text, pointsHash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), member) }),
);
const metaboliteInput = nearMiss({ name: text, points, parent: parentRef });

describe('kinetics input writers', () => {
  it('write the points as canonicalJson does, for arbitrary and near-miss points', () => {
    fc.assert(
      fc.property(points, (p) => {
        expect(canonicalPointsJson(p)).toBe(canonicalJson(p));
        expect(hashMeasuredPoints(p)).toBe(hashInput(p));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("write a parent's input { points, abiotic } as canonicalJson does", () => {
    fc.assert(
      fc.property(parentInput, (input) => {
        expect(canonicalParentKineticsInput(input)).toBe(canonicalJson(input));
        expect(hashParentKineticsInput(input)).toBe(hashInput(input));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("write a metabolite's input { name, points, parent } as canonicalJson does", () => {
    fc.assert(
      fc.property(metaboliteInput, (input) => {
        expect(canonicalMetaboliteKineticsInput(input)).toBe(canonicalJson(input));
        expect(hashMetaboliteKineticsInput(input)).toBe(hashInput(input));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('write anything at all as canonicalJson does', () => {
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
          expect(canonicalPointsJson(v)).toBe(canonicalJson(v));
          expect(canonicalParentKineticsInput(v)).toBe(canonicalJson(v));
          expect(canonicalMetaboliteKineticsInput(v)).toBe(canonicalJson(v));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('write the odd cases as canonicalJson does: getters, hidden and inherited members, holes', () => {
    class Point {
      timeHours = 1;
      replicate = 1;
      concentration = 2;
      status = 'quantified';
    }
    let reads = 0;
    const withGetter = {
      timeHours: 1,
      replicate: 1,
      get concentration() {
        reads++;
        return 2;
      },
      status: 'quantified',
    };
    const hidden = Object.defineProperty(
      { timeHours: 1, replicate: 1, concentration: 2 },
      'status',
      { value: 'quantified', enumerable: false },
    );
    const inherited = Object.assign(Object.create({ status: 'quantified' }) as object, {
      timeHours: 1,
      replicate: 1,
      concentration: 2,
    });
    const sparse: unknown[] = [{ timeHours: 0, replicate: 1, concentration: 1, status: 'q' }];
    sparse[2] = { timeHours: 2, replicate: 1, concentration: null, status: 'BLQ' };
    const odd: unknown[] = [
      [new Point(), withGetter, hidden, inherited],
      sparse,
      [{ timeHours: -0, replicate: 1, concentration: NaN, status: 'é"\ud800' }],
      [{ timeHours: 1, replicate: undefined, concentration: () => 1, status: 'q' }],
      [{ timeHours: 1, replicate: 1, concentration: 1n, status: new Date(0) }],
      new Float64Array([1, 2]),
    ];
    for (const p of odd) {
      expect(canonicalPointsJson(p)).toBe(canonicalJson(p));
      expect(canonicalParentKineticsInput({ points: p, abiotic: null })).toBe(
        canonicalJson({ points: p, abiotic: null }),
      );
    }
    reads = 0;
    canonicalPointsJson([withGetter]);
    expect(reads).toBe(1);
    const undefinedMembers: unknown[] = [
      { points: [], abiotic: undefined },
      { points: undefined, abiotic: { rateConstantPerHour: 0.1, rateConstantSePerHour: null } },
      { name: 'm', points: [], parent: { name: 'p', pointsHash: undefined } },
      { name: undefined, points: [], parent: undefined },
    ];
    for (const v of undefinedMembers) {
      expect(canonicalParentKineticsInput(v)).toBe(canonicalJson(v));
      expect(canonicalMetaboliteKineticsInput(v)).toBe(canonicalJson(v));
    }
  });

  it('keep the stored hashes: the text is the canonical JSON written out by hand', () => {
    const pts = [
      { timeHours: 0, replicate: 1, concentration: 50.5, status: 'quantified' },
      { timeHours: 24, replicate: 2, concentration: null, status: 'BLQ' },
    ];
    const ptsText =
      '[{"concentration":50.5,"replicate":1,"status":"quantified","timeHours":0},' +
      '{"concentration":null,"replicate":2,"status":"BLQ","timeHours":24}]';
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(hashMeasuredPoints(pts)).toBe(sha(ptsText));
    const abioticRate = { rateConstantPerHour: 0.01, rateConstantSePerHour: 0.002, df: 5 };
    expect(hashParentKineticsInput({ points: pts, abiotic: abioticRate })).toBe(
      sha(
        `{"abiotic":{"df":5,"rateConstantPerHour":0.01,"rateConstantSePerHour":0.002},"points":${ptsText}}`,
      ),
    );
    const parent = { name: 'azathioprine', pointsHash: sha(ptsText) };
    expect(hashMetaboliteKineticsInput({ name: '6-MP', points: pts, parent })).toBe(
      sha(
        `{"name":"6-MP","parent":{"name":"azathioprine","pointsHash":"${sha(ptsText)}"},"points":${ptsText}}`,
      ),
    );
  });
});
