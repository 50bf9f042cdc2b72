import fc from 'fast-check';

/**
 * Values for the property tests of the canonical JSON writers (docs/performance.md, "Input
 * hashes written by shape"): inputs of the expected shape, and near misses of every kind
 * canonicalJson tells apart.
 */

/** Numbers canonicalJson writes differently: −0, NaN, ±Infinity, exponents, the smallest. */
export const oddNumber = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324, 0.1 + 0.2);

/** Any double, NaN and ±Infinity included, and the odd ones more often. */
export const number = fc.oneof(fc.double(), fc.integer(), oddNumber);

/** Names, control characters, quotes, non-ASCII, lone surrogates. */
export const text = fc.oneof(
  fc.constantFrom('QC-M-1', 'CAL 8', 'ng/mL', '', 'é"\\\n\u2028\ud800', 'a\udc00b', '\u0001'),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

/** A value of any kind canonicalJson distinguishes. */
export const member: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  number,
  text,
  fc.boolean(),
  fc.bigInt(),
  fc.constant(new Date(0)),
  fc.constant(() => 1),
  fc.array(fc.double(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
  fc.constant(new Float64Array([1.5, NaN])),
);

class Instance {}

/**
 * Objects of the shape `model` describes, and its near misses: members missing, members of
 * another kind, an extra member (names that sort before, between and after the known ones, and
 * an own `__proto__`), the keys in another order, a class instance or a null prototype with the
 * same members, and values that are no object at all.
 */
export function nearMiss(model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const exact = fc.record(model);
  const loose = fc.record(
    Object.fromEntries(
      Object.entries(model).map(([k, a]) => [
        k,
        fc.oneof({ weight: 3, arbitrary: a }, { weight: 1, arbitrary: member }),
      ]),
    ),
    { requiredKeys: [] },
  );
  const n = Object.keys(model).length;
  return fc.oneof(
    { weight: 8, arbitrary: exact },
    { weight: 3, arbitrary: loose },
    {
      weight: 1,
      arbitrary: fc
        .tuple(exact, fc.constantFrom('a', 'm', 'zz', '__proto__', 'timeHours', 'id'), member)
        .map(([o, k, v]) => Object.fromEntries([...Object.entries(o), [k, v]])),
    },
    {
      weight: 1,
      arbitrary: exact.chain((o) =>
        fc
          .shuffledSubarray(Object.keys(o), { minLength: n, maxLength: n })
          .map((keys) => Object.fromEntries(keys.map((k) => [k, o[k]]))),
      ),
    },
    { weight: 1, arbitrary: exact.map((o) => Object.assign(new Instance(), o)) },
    { weight: 1, arbitrary: exact.map((o) => Object.assign(Object.create(null) as object, o)) },
    { weight: 1, arbitrary: member },
  );
}

/** Arrays of `element`, sparse ones, and values that are no array. */
export function arrayOf(element: fc.Arbitrary<unknown>, maxLength = 8): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(element, { maxLength }) },
    { weight: 1, arbitrary: fc.sparseArray(element, { maxLength }) },
    { weight: 1, arbitrary: member },
  );
}
