import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { validationExceptionFactory } from '../../../common/errors/validation-exception.factory';
import { CertainInstance } from '../../../common/validation/certain-instance';
import { CertainlyValid } from '../../../common/validation/certainly-valid';
import { FastPathValidationPipe } from '../../../common/validation/fast-path-validation.pipe';
import { cacheValidationMetadata } from '../../../common/validation/validation-metadata-cache';
import { INJECTION_TYPES } from '../../../imports/lcms/sample-type';
import { CreateBatchDto, InjectionInputDto } from './lcms.dto';

// The global pipe's options (src/app.setup.ts).
const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: true },
  exceptionFactory: validationExceptionFactory,
};
const META: ArgumentMetadata = { type: 'body', metatype: CreateBatchDto, data: undefined };

type Outcome = { ok: unknown } | { error: unknown };

async function outcome(pipe: ValidationPipe, body: unknown): Promise<Outcome> {
  try {
    return { ok: await pipe.transform(body, META) };
  } catch (error) {
    return { error };
  }
}

// Characters a valid identifier may hold: plain, accented, astral (two UTF-16 units, one
// character for MaxLength), a variation selector (not counted by MaxLength), spaces.
const plainChar = fc.constantFrom(
  'a',
  'Z',
  '7',
  '-',
  '_',
  '.',
  ' ',
  'é',
  'µ',
  '\u{1F9EA}',
  '\uFE0F',
);
// Characters near NoControlCharacters' rule: those it refuses in identifiers, in text, or in
// both, and neighbours it allows (no-break space, zero-width space, a lone surrogate).
const edgeChar = fc.constantFrom(
  '\u0000',
  '\u0009',
  '\n',
  '\r',
  '\u000b',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ud800',
);

const joined = (unit: fc.Arbitrary<string>, min: number, max: number) =>
  fc.array(unit, { minLength: min, maxLength: max }).map((a) => a.join(''));

/** A valid string: short, or exactly at the bound. */
function validText(max: number, unit: fc.Arbitrary<string> = plainChar): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: joined(unit, 1, Math.min(max, 12)), weight: 6 },
    { arbitrary: joined(unit, max, max), weight: 1 },
  );
}

/** A string near the rules: empty, just past the bound, with one edge character. */
function nearText(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(''),
    joined(plainChar, max + 1, max + 1),
    fc.constant('x'.repeat(max + 1)),
    fc
      .tuple(joined(plainChar, 0, 6), edgeChar, joined(plainChar, 0, 6))
      .map(([x, c, y]) => x + c + y),
  );
}

const validNumber = (min: number, max: number) =>
  fc.oneof(
    fc.constantFrom(min, max, ...(min === 0 ? [-0] : [])),
    fc.double({ min, max, noNaN: true }),
  );

const nearNumber = fc.oneof(
  fc.constantFrom(-1, -1e-300, 1 - 1e-16, 1e6 + 1, 1e12 * (1 + 1e-15), 1e13),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, -0),
  fc.double(),
  fc.constantFrom('1', '0.5', '1e3', ''),
);

const nearUuid = fc.oneof(
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => ` ${u}`),
  fc.uuid().map((u) => u.slice(1)),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7g',
  ),
);

/** Whatever a client, a bug or an attacker may put in a field. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, undefined, true, '', [], {}, ['CAL1'], { name: 'CAL1' }, 'Calibrator'),
  fc.constantFrom(...INJECTION_TYPES).map((t) => [t]),
  fc.constant(0).map(() => new Set(['a'])),
  fc.constant(0).map(() => new Map([['a', 1]])),
  fc.constant(0).map(() => new Date(0)),
  fc.constant(0).map(() => Buffer.from('CAL1')),
  fc.constant(0).map(() => JSON.parse('{"__proto__": {"name": "x"}}') as unknown),
  fc.constant(0).map(() => JSON.parse('{"prototype": 1, "a": 2}') as unknown),
  fc.constant(0).map(() => JSON.parse('{"constructor": {"name": "x"}}') as unknown),
);

type Fields = Record<string, [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>]>;

const injectionFields: Fields = {
  name: [validText(200), nearText(200)],
  type: [fc.constantFrom(...INJECTION_TYPES), fc.constantFrom('Calibrator', 'QC', 'sample', '')],
  nominal: [validNumber(0, 1e12), nearNumber],
  nominals: [
    fc.dictionary(validText(8), validNumber(0, 10), { maxKeys: 3 }),
    fc.constantFrom(['a'], 'x', 1, { a: 'x' }),
  ],
  qcLevel: [validText(32), nearText(32)],
  sampleBarcode: [validText(64), nearText(64)],
  dilutionFactor: [validNumber(1, 1e6), nearNumber],
};

const batchFields: Fields = {
  runId: [fc.uuid(), nearUuid],
  name: [validText(200), nearText(200)],
  analytes: [
    fc.array(validText(64), { minLength: 1, maxLength: 20 }),
    fc.oneof(
      fc.constant([]),
      fc.array(validText(64), { minLength: 21, maxLength: 21 }),
      fc.tuple(fc.array(validText(64), { maxLength: 3 }), nearText(64)).map(([a, x]) => [...a, x]),
      fc.constantFrom([1], [['a']], 'azathioprine', [null]),
    ),
  ],
  internalStandard: [validText(64), nearText(64)],
  instrument: [validText(200), nearText(200)],
  operatorId: [fc.uuid(), nearUuid],
  injections: [fc.constant(null), fc.constantFrom([], [null], ['CAL1'], [[]], {})],
  notes: [
    fc.oneof(
      validText(4000, fc.oneof(plainChar, fc.constantFrom('\n', '\t', '\r', '\u2028'))),
      fc.constant(''),
    ),
    fc.oneof(nearText(4000), fc.constantFrom('a\u0000b', 'a\u001bb', 'a\u0085b')),
  ],
};
const valid = (fields: Fields) =>
  Object.fromEntries(Object.entries(fields).map(([k, [v]]) => [k, v]));

const injection = fc.record(valid(injectionFields), {
  requiredKeys: ['name', 'type'],
}) as fc.Arbitrary<Record<string, unknown>>;

const batchRecord: Record<string, fc.Arbitrary<unknown>> = {
  ...valid(batchFields),
  injections: fc.array(injection, { minLength: 1, maxLength: 8 }),
};
const body = fc
  .record(batchRecord, { requiredKeys: ['runId', 'name', 'instrument', 'injections'] })
  .map((b) => b as Record<string, unknown> & { injections: Record<string, unknown>[] });

const rootKeys = Object.keys(batchFields);
const injectionKeys = Object.keys(injectionFields);

/** One change to a valid body: a field set near its rules or to junk, removed, or added. */
const mutation = fc.oneof(
  ...rootKeys.map((key) =>
    fc.record({
      where: fc.constant('root' as const),
      key: fc.constant(key),
      value: fc.oneof(batchFields[key][1], junk),
    }),
  ),
  ...injectionKeys.map((key) =>
    fc.record({
      where: fc.constant('injection' as const),
      key: fc.constant(key),
      value: fc.oneof(injectionFields[key][1], junk),
    }),
  ),
  fc.record({
    where: fc.constantFrom('root' as const, 'injection' as const),
    key: fc.oneof(
      fc.constantFrom(
        'constructor',
        'prototype',
        '__proto__',
        'toString',
        'position',
        'id',
        'nominals',
      ),
      fc.string({ maxLength: 8 }),
    ),
    value: junk,
  }),
  fc.record({
    where: fc.constantFrom('delete root' as const, 'delete injection' as const),
    key: fc.constantFrom(...rootKeys, ...injectionKeys),
    value: fc.constant(undefined),
  }),
  fc.record({ where: fc.constant('item' as const), key: fc.constant(''), value: junk }),
);

/** A valid body, or one with a single change (the injection changed is one of them). */
const nearMiss = fc.tuple(body, fc.option(mutation, { freq: 3 }), fc.nat()).map(([b, m, n]) => {
  if (!m) return b;
  const i = n % b.injections.length;
  const set = (target: Record<string, unknown>) =>
    // defineProperty: a key such as __proto__ becomes an own key, as JSON.parse makes it.
    Object.defineProperty(target, m.key, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  if (m.where === 'root') set(b);
  else if (m.where === 'injection') set(b.injections[i]);
  else if (m.where === 'delete root') delete b[m.key];
  else if (m.where === 'delete injection') delete b.injections[i][m.key];
  else (b.injections as unknown[])[i] = m.value;
  return b;
});

function sameOutcome(fast: Outcome, slow: Outcome): void {
  if ('ok' in slow) {
    expect(fast).toHaveProperty('ok');
    const ok = (fast as { ok: CreateBatchDto }).ok;
    // Same classes, same properties, nothing extra.
    expect(ok).toStrictEqual(slow.ok);
    expect(Object.getPrototypeOf(ok)).toBe(CreateBatchDto.prototype);
    (slow.ok as CreateBatchDto).injections.forEach((item, i) =>
      expect(ok.injections[i]?.constructor).toBe(item?.constructor),
    );
  } else {
    expect(fast).toHaveProperty('error');
    const error = (fast as { error: unknown }).error;
    expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(slow.error));
    expect(error).toStrictEqual(slow.error);
    expect(JSON.stringify(error)).toBe(JSON.stringify(slow.error));
  }
}

describe('CreateBatchDto through the fast path', () => {
  const slow = new ValidationPipe(OPTIONS);
  const fast = new FastPathValidationPipe({ ...OPTIONS, fastPath: [CreateBatchDto] });
  let vouched = 0;
  let refused = 0;
  let spy: jest.SpyInstance;

  beforeAll(() => {
    cacheValidationMetadata();
    const check = CertainlyValid.prototype.check;
    spy = jest.spyOn(CertainlyValid.prototype, 'check').mockImplementation(function (
      this: CertainlyValid,
      ...args
    ) {
      const answer = check.apply(this, args);
      if (answer) vouched++;
      else refused++;
      return answer;
    });
  });
  afterAll(() => spy.mockRestore());

  it('never accepts what class-validator refuses, and builds the same DTO when it accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.clone(nearMiss, 2), async ([a, b]) => {
        sameOutcome(await outcome(fast, a), await outcome(slow, b));
      }),
      { numRuns: 1500 },
    );
    // Both sides were exercised: bodies the fast path vouched for, and bodies it left alone.
    expect(vouched).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  }, 120_000);

  it('vouches for JSON bodies only when class-validator finds nothing', async () => {
    const certainlyValid = new CertainlyValid();
    const { validate } = await import('class-validator');
    const { plainToInstance } = await import('class-transformer');
    await fc.assert(
      fc.asyncProperty(nearMiss, async (b) => {
        const plain: unknown = JSON.parse(JSON.stringify(b));
        if (plain === null || typeof plain !== 'object') return;
        let dto: CreateBatchDto;
        try {
          dto = plainToInstance(CreateBatchDto, plain);
        } catch {
          // class-transformer fails on a member named `constructor` holding an object; the pipe
          // strips such keys before it transforms (the first property covers the pipe).
          return;
        }
        const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false };
        if (certainlyValid.check(dto, options)) expect(await validate(dto, options)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('takes the 96-injection list of a batch, and refuses it with one field wrong as before', async () => {
    const injections: Record<string, unknown>[] = [];
    for (let i = 1; i <= 9; i++)
      injections.push({ name: `CAL${i}`, type: 'calibrator', nominal: i });
    injections.push({ name: 'BLANK', type: 'blank' });
    for (const level of ['QC-L', 'QC-M', 'QC-H'])
      for (let r = 1; r <= 3; r++)
        injections.push({ name: `${level}-${r}`, type: 'qc', qcLevel: level, nominal: 20 });
    for (let i = 0; i < 77; i++)
      injections.push({ name: `S${i}`, type: 'unknown', sampleBarcode: `D07-T${i}-R1` });
    const batch = {
      runId: '0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b',
      name: 'bench',
      instrument: 'bench',
      analytes: ['azathioprine', '6-MP'],
      injections,
    };
    const copy = () => JSON.parse(JSON.stringify(batch)) as typeof batch;
    const before = vouched;
    const ok = await outcome(fast, copy());
    sameOutcome(ok, await outcome(slow, copy()));
    expect(vouched).toBe(before + 1);
    expect((ok as { ok: CreateBatchDto }).ok.injections[95]).toBeInstanceOf(InjectionInputDto);
    const cases: [string, (b: typeof batch) => void, 'ok' | 'error'][] = [
      ['a direction override', (b) => (b.injections[50].name = 'S\u202e50'), 'error'],
      ['an unknown key', (b) => (b.injections[95].extra = 1), 'error'],
      ['a negative nominal', (b) => (b.injections[3].nominal = -1), 'error'],
      ['an upper-case run id', (b) => (b.runId = b.runId.toUpperCase()), 'ok'],
      ['a run id too long', (b) => (b.runId = `${b.runId}0`), 'error'],
      // IsObject only: not a shape the fast path takes on, accepted by class-validator.
      ['nominals', (b) => (b.injections[3].nominals = { azathioprine: 0.5 }), 'ok'],
      ['2,000 injections', (b) => (b.injections = Array(2000).fill(b.injections[0])), 'ok'],
      ['2,001 injections', (b) => (b.injections = Array(2001).fill(b.injections[0])), 'error'],
    ];
    for (const [what, change, expected] of cases) {
      const [x, y] = [copy(), copy()];
      change(x);
      change(y);
      const changed = await outcome(fast, JSON.parse(JSON.stringify(x)));
      sameOutcome(changed, await outcome(slow, JSON.parse(JSON.stringify(y))));
      expect([what, Object.keys(changed)[0]]).toEqual([what, expected]);
    }
  });
});

/** Same class at every level, same own keys in the same order, same values. */
function sameInstance(fast: unknown, slow: unknown, path = '$'): void {
  if (slow === null || typeof slow !== 'object') {
    expect([path, fast]).toStrictEqual([path, slow]);
    return;
  }
  expect([path, Object.getPrototypeOf(fast)]).toEqual([path, Object.getPrototypeOf(slow)]);
  expect([path, Object.keys(fast as object)]).toEqual([path, Object.keys(slow)]);
  for (const key of Object.keys(slow))
    sameInstance(
      (fast as Record<string, unknown>)[key],
      (slow as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
}

describe('CreateBatchDto built without class-transformer', () => {
  // The pipe's fast path answers class-transformer's instance: checked here against
  // class-transformer itself (a Nest pipe shares one transformer package with every other).
  it('builds the very instance plainToInstance builds, or gives up', async () => {
    const { plainToInstance } = await import('class-transformer');
    const certain = new CertainInstance();
    let built = 0;
    let gaveUp = 0;
    await fc.assert(
      fc.property(nearMiss, fc.boolean(), (b, viaJson) => {
        // As the body parser gives it, or as it is (Sets, Dates, Buffers, undefined members).
        const plain: unknown = viaJson ? JSON.parse(JSON.stringify(b)) : b;
        const fast = certain.build(CreateBatchDto, plain);
        if (fast === undefined) {
          gaveUp++;
          return;
        }
        built++;
        sameInstance(fast, plainToInstance(CreateBatchDto, plain));
      }),
      { numRuns: 1500 },
    );
    expect(built).toBeGreaterThan(500);
    expect(gaveUp).toBeGreaterThan(50);
  });

  it('is what the pipe uses for the injection list', async () => {
    const build = jest.spyOn(CertainInstance.prototype, 'build');
    try {
      const pipe = new FastPathValidationPipe({ ...OPTIONS, fastPath: [CreateBatchDto] });
      const body = {
        runId: '0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b',
        name: 'b',
        instrument: 'i',
        injections: [{ name: 'CAL1', type: 'calibrator', nominal: 1, nominals: { a: 2 } }],
      };
      const dto = (await pipe.transform(body, META)) as CreateBatchDto;
      expect(build).toHaveBeenCalledTimes(1);
      expect(build.mock.results[0].value).toBe(dto);
      expect(dto).toBeInstanceOf(CreateBatchDto);
      expect(dto.injections[0]).toBeInstanceOf(InjectionInputDto);
      expect(dto.injections[0].nominals).toEqual({ a: 2 });
      expect(dto.injections[0].nominals).not.toBe(body.injections[0].nominals);
    } finally {
      build.mockRestore();
    }
  });
});
