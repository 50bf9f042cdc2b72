import fc from 'fast-check';

/**
 * Shared pieces of the hostile-input suites (issue 13): damaging edits of an import file's text,
 * and the check that a refusal is a 4xx problem+json whose every problem is located.
 */
export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Res = { status: number; body: Body; text: string };

/** One damaging edit of a file's text. */
export const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('\0', '\u00ff', '\ufffd', ';', ',', '"', '\r', '\n', '\t', ',,', 'x'),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('value' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '1e309',
      'NaN',
      '-0',
      '',
      'Infinity',
      '0,0883',
      '1e-400',
      '-1',
      '12345678',
      '0x1F',
      '１',
    ),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extra-column' as const), at: fc.nat() }),
);
export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies one edit; `value` replaces the last cell of a data line. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'value': {
      const i = 1 + (m.at % Math.max(1, lines.length - 2));
      lines[i] = lines[i].replace(/[^,;\t]*(\r?)$/, `${m.text}$1`);
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'extra-column': {
      const i = m.at % lines.length;
      lines[i] = lines[i].replace(/(\r?)$/, ',0.5$1');
      return lines.join('\n');
    }
  }
}

/**
 * A 4xx problem+json whose every problem is located (line, column, well, field, position or
 * path), or concerns the whole file (a code in `wholeFile`).
 */
export function expectLocatedRefusal(res: Res, what: string, wholeFile: ReadonlySet<string>): void {
  expect({
    what,
    status: res.status >= 400 && res.status < 500,
    type: typeof res.body?.type,
  }).toEqual({ what, status: true, type: 'string' });
  const errors = (res.body.errors ?? []) as Body[];
  const unlocated = errors.filter(
    (e) =>
      e.line === undefined &&
      e.column === undefined &&
      e.well === undefined &&
      e.field === undefined &&
      e.position === undefined &&
      e.path === undefined &&
      !wholeFile.has(e.code as string),
  );
  expect({ what, unlocated }).toEqual({ what, unlocated: [] });
}

/**
 * An upload that was not stored did no harm: never a 5xx, a located 4xx refusal (see
 * {@link expectLocatedRefusal}), and the store's counts as they were before it.
 */
export async function expectHarmlessRefusal(
  res: Res,
  what: string,
  wholeFile: ReadonlySet<string>,
  before: unknown,
  counts: () => Promise<unknown>,
): Promise<void> {
  expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
  expectLocatedRefusal(res, what, wholeFile);
  expect(await counts()).toEqual(before);
}

/**
 * The property every import route keeps for arbitrary bytes (up to 2000): never a 5xx; stored
 * whole (201), or refused with located problems and every count unchanged. `prepare` gives the
 * upload's target (a run, a batch), before the counts are taken.
 */
export async function expectArbitraryBytesHarmless<T>(o: {
  prepare: () => Promise<T>;
  upload: (target: T, bytes: Buffer) => Promise<Res>;
  counts: () => Promise<unknown>;
  wholeFile: ReadonlySet<string>;
  numRuns: number;
}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
      const target = await o.prepare();
      const before = await o.counts();
      const file = Buffer.from(bytes);
      const res = await o.upload(target, file);
      const what = `bytes ${file.toString('hex').slice(0, 60)}`;
      expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
      if (res.status === 201) return;
      await expectHarmlessRefusal(res, what, o.wholeFile, before, o.counts);
    }),
    { numRuns: o.numRuns },
  );
}

/**
 * Huge uploads: a text of very many rows is refused with located problems, and a body over the
 * 20 MiB limit (`bigLine` repeated to 21 MiB) gets 413 problem+json; neither stores anything.
 */
export async function expectHugeUploadsRefused(o: {
  upload: (text: string, file: Buffer | null) => Promise<Res>;
  manyRows: string;
  bigLine: string;
  counts: () => Promise<unknown>;
  wholeFile: ReadonlySet<string>;
}): Promise<void> {
  const before = await o.counts();
  const res = await o.upload(o.manyRows, null);
  await expectHarmlessRefusal(res, 'many rows', o.wholeFile, before, o.counts);
  const tooBig = await o.upload('', Buffer.alloc(21 * 1024 * 1024, o.bigLine));
  expect({ status: tooBig.status, type: typeof tooBig.body?.type }).toEqual({
    status: 413,
    type: 'string',
  });
  expect(await o.counts()).toEqual(before);
}
