import * as crypto from 'node:crypto';
import fc from 'fast-check';
import {
  canonicalJson,
  hashInput,
  jsonString,
  provenance,
  sha256Hex,
  withoutInputHashes,
} from './provenance';

/**
 * The canonical JSON as first written (Object.entries, sort, map, join): the definition stored
 * hashes were computed with. canonicalJson builds the same text in one pass.
 */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number')
    return Number.isFinite(value) ? JSON.stringify(value) : `"${String(value)}"`;
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (ArrayBuffer.isView(value))
    return referenceCanonicalJson(Array.from(value as unknown as ArrayLike<number>));
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return 'null';
}

describe('jsonString', () => {
  it('is JSON.stringify for any string', () => {
    const odd = [
      '',
      'A1',
      'treated',
      'é',
      '"',
      '\\',
      '\n',
      '\u007f',
      '\u2028',
      '\ud800',
      'a\udc00b',
    ];
    for (const s of odd) expect(jsonString(s)).toBe(JSON.stringify(s));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});

describe('canonicalJson', () => {
  it('writes the text of the reference canonicaliser for odd values', () => {
    class Point {
      x = 1;
      y = undefined;
      z = () => 1;
    }
    const sparse: unknown[] = [1];
    sparse[3] = { b: 2, a: 1 };
    const withGetter = {
      get b() {
        return 2;
      },
      a: 1,
    };
    const odd: unknown[] = [
      { b: 1, a: 2, c: { z: [3, { y: 1, x: 2 }], a: null } },
      { 10: 'ten', 9: 'nine', b: 1, B: 2, _: 3, é: 4, '': 5 },
      { a: undefined, b: () => 1, c: Symbol('s'), d: NaN, e: -Infinity, f: -0 },
      [undefined, null, () => 1, Symbol('s'), NaN, 1e21, 5e-324, -0],
      sparse,
      new Point(),
      withGetter,
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      Object.assign(Object.create({ inherited: 1 }) as object, { own: 1 }),
      new Float64Array([1.5, NaN]),
      new Uint8Array([1, 2]),
      new Date(0),
      10n,
      new Map([[1, 2]]),
      new Set([1]),
      new String('ab'),
      new Number(3),
      Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }),
      { 'a"b': 1, 'c\\d': 2, 'e\nf': 3, '\ud800': 4 },
      'text "quoted" \\ \u0001',
      () => 1,
      Symbol('s'),
      undefined,
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
  });

  it('writes the reference text for runs of objects of one shape, and for shapes that change', () => {
    const point = (t: number) => ({
      timeHours: t,
      replicate: 1,
      concentration: t / 3,
      status: 'q',
    });
    const runs: unknown[] = [
      [point(0), point(1), point(2)],
      // The same keys in another order, then the first order again.
      [point(0), { status: 'q', replicate: 2, timeHours: 1, concentration: 0 }, point(3)],
      // The same first keys with one more, one fewer, or one left undefined.
      [point(0), { ...point(1), a: 1 }, { timeHours: 1, replicate: 1, concentration: 2 }],
      [point(0), { ...point(1), concentration: undefined }, point(2)],
      // Nested objects of another shape between two of the same shape.
      [point(0), { z: { y: 1, x: 2 }, a: point(1) }, point(2)],
    ];
    for (const v of runs) expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
    const keys = ['b', 'a', 'd', 'c', 'é', 'B'];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.shuffledSubarray(keys),
            fc.array(fc.oneof(fc.integer(), fc.constant(undefined))),
          ),
          { maxLength: 12 },
        ),
        (shapes) => {
          const objects = shapes.map(([ks, vs]) =>
            Object.fromEntries(ks.map((k, i) => [k, vs[i % Math.max(1, vs.length)]])),
          );
          expect(canonicalJson(objects)).toBe(referenceCanonicalJson(objects));
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('writes the text of the reference canonicaliser for arbitrary values (fast-check)', () => {
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
          withObjectString: true,
          withUnicodeString: true,
        }),
        (v) => {
          expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('hashInput keeps the hashes stored before (values computed by the first canonicaliser)', () => {
    // sha256 of '{"concentrations":[1,2],"responses":[100,50]}'
    expect(hashInput({ responses: [100, 50], concentrations: [1, 2] })).toBe(
      '58108124818bf07a236e21b8800baf0f18ce32b0db604d11767bd7477965381a',
    );
    const well = {
      well: 'A1',
      role: 'blank',
      absorbance: 0.0912,
      referenceAbsorbance: 0.0421,
      line: null,
      concentration: 0,
      inhibitor: null,
    };
    expect(
      hashInput({ plate: { format: 96, wells: [well] }, note: 'é "x"', n: [-0, 1e21, NaN] }),
    ).toBe('85d7b25fab17908330c7f11e6763f8f698815272ee8772efc4015c54a1a9e1e9');
  });
});

describe('sha256Hex', () => {
  it('is the digest of createHash (and of crypto.hash where Node has it) for any string', () => {
    const oneShot = (crypto as Partial<typeof crypto>).hash;
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant('\ud800')),
        (s) => {
          const digest = crypto.createHash('sha256').update(s).digest('hex');
          expect(sha256Hex(s)).toBe(digest);
          if (oneShot) expect(oneShot('sha256', s, 'hex')).toBe(digest);
        },
      ),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('withoutInputHashes', () => {
  const input = { x: [1, 2, 3] };

  it('leaves the hashes of results built inside empty, and only inside', () => {
    const inside = withoutInputHashes(() => provenance('m', '1', {}, input));
    expect(inside).toEqual({ method: 'm', methodVersion: '1', options: {}, inputHash: '' });
    expect(provenance('m', '1', {}, input).inputHash).toBe(hashInput(input));
  });

  it('nests, and hashes again after a computation that threw', () => {
    const nested = withoutInputHashes(() => {
      const inner = withoutInputHashes(() => provenance('a', '1', {}, input));
      return [inner.inputHash, provenance('b', '1', {}, input).inputHash];
    });
    expect(nested).toEqual(['', '']);
    expect(() =>
      withoutInputHashes(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(provenance('m', '1', {}, input).inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("calls a provenance's own hash function only outside", () => {
    const hash = jest.fn((v: { x: number[] }) => `h${v.x.length}`);
    expect(withoutInputHashes(() => provenance('m', '1', {}, input, hash)).inputHash).toBe('');
    expect(hash).not.toHaveBeenCalled();
    expect(provenance('m', '1', {}, input, hash).inputHash).toBe('h3');
    expect(hash).toHaveBeenCalledWith(input);
  });
});
