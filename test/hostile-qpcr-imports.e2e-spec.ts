// Hostile input for the qPCR importers (issue 13), through the real HTTP path as a text body and
// as a multipart file: valid generic long CSVs (every dialect) and QuantStudio text exports
// round-trip, each Cq stored as the file writes it and every no-Cq word kept undetermined;
// random and mutated files never answer 5xx, and either store exactly what the parser reads or
// get a 4xx whose problems are located, with nothing written. The parsers' own fixtures are in
// test/fixtures/qpcr/ and src/imports/qpcr/.
import fc from 'fast-check';
import { parseQpcrExport } from '../src/imports/qpcr/parse-qpcr-export';
import {
  expectArbitraryBytesHarmless,
  expectHarmlessRefusal,
  expectHugeUploadsRefused,
  expectLocatedRefusal,
  mutate,
  mutation,
  type Body,
  type Res,
} from './support/hostile-input';
import { bootQpcrWorld, qpcrRun, type QpcrWorld } from './support/qpcr-world';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 12);
/** Problems about the file as a whole: no line, well or field to name. */
const WHOLE_FILE = new Set(['NO_REACTIONS']);
const GENES = ['GAPDH', 'ACTB', 'B2M', 'ABCC1', 'ABCG2', 'ABCC4', 'ABCC5'];
const SAMPLES = ['HIG-82', 'HIG-82 6-TG-R'];
const NO_CQ = ['Undetermined', 'N/A', 'NaN', 'No Cq', ''];
const ROWS = 'ABCDEFGHIJKLMNOP';

/** One reaction as a generator writes it: its Cq cell text, and its quantity cell for standards. */
interface Row {
  sample: string;
  gene: string;
  task: 'unknown' | 'standard' | 'ntc';
  cq: string;
  quantity: string;
}

interface Plate {
  rows: Row[];
  /** Order of the wells on the plate (a permutation of the first rows.length wells). */
  wellOrder: number[];
  delimiter: ',' | ';' | '\t';
  bom: boolean;
  crlf: boolean;
  quote: boolean;
  emptyLines: boolean;
  upperTask: boolean;
  /** Numbers written with a decimal comma (only in `;`- and tab-delimited files). */
  decimalComma: boolean;
}

/** A number's text in the file's decimal mark. */
const mark = (p: Plate, s: string) => (p.decimalComma ? s.replace('.', ',') : s);
/** The number a cell written by {@link mark} means. */
const valueOf = (s: string) => Number(s.replace(',', '.'));

/** A tag that makes each rendered file unique (the same content for another run is refused). */
let tag = 0;

interface Rendered {
  text: string;
  /** Cq and quantity cells as written, by well and target. */
  written: Map<string, { cq: string; quantity: string }>;
  /** The plate (run) name the file gives, '' when none. */
  plate: string;
}

const cqText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 8, max: 45 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([i, f, d]) => (d === 0 ? String(i) : `${i}.${String(f).padStart(3, '0').slice(0, d)}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NO_CQ) },
);

const row: fc.Arbitrary<Row> = fc
  .record({
    sample: fc.constantFrom(...SAMPLES),
    gene: fc.constantFrom(...GENES),
    task: fc.constantFrom(
      'unknown' as const,
      'unknown' as const,
      'standard' as const,
      'ntc' as const,
    ),
    cq: cqText,
    quantity: fc.constantFrom('0.08', '0.4', '2', '10', '50', '1000'),
  })
  .map((r) => ({ ...r, quantity: r.task === 'standard' ? r.quantity : '' }));

const plate: fc.Arbitrary<Plate> = fc.array(row, { minLength: 1, maxLength: 60 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    wellOrder: fc.shuffledSubarray(
      Array.from({ length: 384 }, (_, i) => i),
      { minLength: rows.length, maxLength: rows.length },
    ),
    delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    quote: fc.boolean(),
    emptyLines: fc.boolean(),
    upperTask: fc.boolean(),
    decimalComma: fc.boolean(),
  }),
);

/**
 * The plate as a file can write it: a comma-delimited long CSV cannot hold decimal commas, and
 * a file tells its decimal mark by its Cq values (`24,5`), so one whose Cqs are all whole numbers
 * or no-Cq words writes its quantities with a point (`2,000` would be ambiguous).
 */
function writable(p: Plate, f: 'long-csv' | 'quantstudio-text'): Plate {
  const commaSplits = f === 'long-csv' && p.delimiter === ',';
  return {
    ...p,
    decimalComma: p.decimalComma && !commaSplits && p.rows.some((r) => r.cq.includes('.')),
  };
}

const wellName = (i: number) => `${ROWS[Math.floor(i / 24)]}${(i % 24) + 1}`;

/** The generic long CSV: well, sample, target, cq, task, quantity, dye. */
function renderLong(plate: Plate): Rendered {
  const p = writable(plate, 'long-csv');
  const eol = p.crlf ? '\r\n' : '\n';
  const q = (s: string) => (p.quote && s !== '' ? `"${s}"` : s);
  const lines = [
    ['well', 'sample', 'target', 'cq', 'task', 'quantity', 'dye'].map(q).join(p.delimiter),
  ];
  const written = new Map<string, { cq: string; quantity: string }>();
  const dye = `SYBR ${++tag}`;
  p.rows.forEach((r, k) => {
    const well = wellName(p.wellOrder[k]);
    const cq = mark(p, r.cq);
    const quantity = mark(p, r.quantity);
    written.set(`${well}|${r.gene}`, { cq, quantity });
    const task = p.upperTask ? r.task.toUpperCase() : r.task;
    lines.push([well, r.sample, r.gene, cq, task, quantity, dye].map(q).join(p.delimiter));
    if (p.emptyLines && k % 7 === 3) lines.push('');
  });
  return { text: (p.bom ? '\ufeff' : '') + lines.join(eol) + eol, written, plate: '' };
}

/** The QuantStudio text export: `* key = value` header, [Sample Setup], [Results] (tabs). */
function renderQuantStudio(plate: Plate): Rendered {
  const p = writable(plate, 'quantstudio-text');
  const eol = p.crlf ? '\r\n' : '\n';
  const written = new Map<string, { cq: string; quantity: string }>();
  const name = `hostile ${++tag}`;
  // A US-locale export groups thousands (1,000.000); a decimal-comma one writes 1000,000.
  const grouped = (s: string) =>
    s === ''
      ? ''
      : p.decimalComma
        ? Number(s).toFixed(3).replace('.', ',')
        : Number(s).toLocaleString('en-US', { minimumFractionDigits: 3 });
  const wells = p.rows
    .map((r, k) => ({ r, index: p.wellOrder[k] }))
    .sort((a, b) => a.index - b.index);
  const results = wells.map(({ r, index }) => {
    const well = wellName(index);
    const quantity = grouped(r.quantity);
    // QuantStudio writes a blank CT as "Undetermined"; the other no-Cq words are the long CSV's.
    const cq = r.cq === '' ? 'Undetermined' : mark(p, r.cq);
    written.set(`${well}|${r.gene}`, { cq, quantity });
    const task = r.task === 'ntc' ? 'NTC' : r.task.toUpperCase();
    return [
      String(index + 1),
      well,
      'false',
      r.sample,
      r.gene,
      task,
      'SYBR',
      'None',
      cq,
      '',
      '',
      quantity,
      '',
    ].join('\t');
  });
  const lines = [
    '* Block Type = 384-Well Block',
    '* Chemistry = SYBR_GREEN',
    `* Experiment Name = ${name}`,
    '* Instrument Type = QuantStudio(TM) 7 Flex System',
    '',
    '[Sample Setup]',
    [
      'Well',
      'Well Position',
      'Sample Name',
      'Target Name',
      'Task',
      'Reporter',
      'Quencher',
      'Quantity',
    ].join('\t'),
    ...wells.map(({ r, index }) =>
      [
        String(index + 1),
        wellName(index),
        r.sample,
        r.gene,
        r.task.toUpperCase(),
        'SYBR',
        'None',
        grouped(r.quantity),
      ].join('\t'),
    ),
    '',
    '[Results]',
    [
      'Well',
      'Well Position',
      'Omit',
      'Sample Name',
      'Target Name',
      'Task',
      'Reporter',
      'Quencher',
      'CT',
      'Ct Mean',
      'Ct SD',
      'Quantity',
      'Comments',
    ].join('\t'),
    ...results,
    ...(p.emptyLines ? ['', '[Melt Curve Raw Data]', 'Well\tWell Position\tReading'] : []),
  ];
  return { text: (p.bom ? '\ufeff' : '') + lines.join(eol) + eol, written, plate: name };
}

const FORMATS = { 'long-csv': renderLong, 'quantstudio-text': renderQuantStudio } as const;
type Format = keyof typeof FORMATS;
const format = fc.constantFrom<Format>('long-csv', 'quantstudio-text');

describe('hostile qPCR imports through the API', () => {
  let w: QpcrWorld;

  const count = async (table: string): Promise<number> =>
    Number((await w.t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    imports: await count('qpcr_imports'),
    reactions: await count('qpcr_reactions'),
    analyses: await count('qpcr_analyses'),
    foldChanges: await count('qpcr_fold_changes'),
    audit: await count('audit_events'),
  });

  const upload = (runId: string, text: string, asFile: Buffer | null) => {
    const req = w.t
      .http()
      .post(`/api/v1/runs/${runId}/qpcr-imports`)
      .set('Authorization', `Bearer ${w.sam.key}`);
    return (asFile
      ? req.attach('file', asFile, 'export.txt')
      : req.set('Content-Type', 'text/plain').send(text)) as unknown as Promise<Res>;
  };

  /** Stored reactions of the run's current import, by well and target as written. */
  const stored = async (runId: string) => {
    const page = (
      await w.t
        .http()
        .get(`/api/v1/runs/${runId}/qpcr-reactions?limit=2000`)
        .set('Authorization', `Bearer ${w.sam.key}`)
        .expect(200)
    ).body as Body;
    return new Map(
      (page.items as Body[]).map((r) => [
        `${r.plate}|${r.well}|${r.targetRaw}`,
        {
          cqRaw: r.cqRaw as string,
          cq: r.cq as number | null,
          cqStatus: r.cqStatus as string,
          quantityRaw: r.quantityRaw as string | null,
        },
      ]),
    );
  };

  beforeAll(async () => {
    w = await bootQpcrWorld();
  }, 180_000);
  afterAll(() => w?.t.close());

  it('valid long CSVs (BOM, CRLF, ; and tab, decimal commas, quotes, empty lines) and QuantStudio exports (decimal point or comma) round-trip: each Cq as written, no-Cq words undetermined', async () => {
    await fc.assert(
      fc.asyncProperty(plate, format, fc.boolean(), async (p, f, asFile) => {
        const r = FORMATS[f](p);
        const runId = await qpcrRun(w);
        const res = await upload(runId, r.text, asFile ? Buffer.from(r.text, 'utf8') : null);
        expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
          status: 201,
          body: null,
        });
        expect(res.body).toMatchObject({
          outcome: 'imported',
          format: f,
          reactions: p.rows.length,
        });
        const got = await stored(runId);
        expect(got.size).toBe(r.written.size);
        for (const [key, written] of r.written) {
          const s = got.get(`${r.plate}|${key}`);
          const undetermined = NO_CQ.includes(written.cq);
          expect({ key, ...s }).toEqual({
            key,
            cqRaw: written.cq,
            cq: undetermined ? null : valueOf(written.cq),
            cqStatus: undetermined ? 'undetermined' : 'determined',
            quantityRaw: written.quantity,
          });
        }
        expect(res.body.undetermined).toBe(
          [...r.written.values()].filter((x) => NO_CQ.includes(x.cq)).length,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated files: 201 storing exactly what the parser reads, or a located 4xx that stores nothing; never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        plate,
        format,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('text', 'utf8-file', 'latin1-file'),
        async (p, f, mutations, how) => {
          const text = mutations.reduce(mutate, FORMATS[f](p).text);
          const runId = await qpcrRun(w);
          const before = await counts();
          const file =
            how === 'text' ? null : Buffer.from(text, how === 'utf8-file' ? 'utf8' : 'latin1');
          const res = await upload(runId, text, file);
          const what = `${f} ${how}: ${JSON.stringify(text.slice(0, 160))}`;
          if (res.status === 201) {
            // Stored exactly what the parser reads from these bytes: every reaction, its Cq text.
            const parsed = await parseQpcrExport(file ?? Buffer.from(text, 'utf8'));
            if (!parsed.ok) throw new Error(`stored a file its parser refuses (${what})`);
            const got = await stored(runId);
            const reactions = parsed.value.runs.flatMap((run) =>
              run.reactions.map((x) => ({ ...x, plate: run.name ?? '' })),
            );
            expect({ what, n: got.size }).toEqual({ what, n: reactions.length });
            for (const x of reactions) {
              const key = `${x.plate}|${x.well}|${x.target}`;
              expect({ key, ...got.get(key) }).toEqual({
                key,
                cqRaw: x.cqRaw,
                cq: x.cq,
                cqStatus: x.cqStatus,
                quantityRaw: x.quantityRaw,
              });
            }
            return;
          }
          await expectHarmlessRefusal(res, what, WHOLE_FILE, before, counts);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('arbitrary bytes: never 5xx, never stored partly', async () => {
    const runId = await qpcrRun(w);
    await expectArbitraryBytesHarmless({
      prepare: async () => runId,
      upload: (run, bytes) => upload(run, '', bytes),
      counts,
      wholeFile: WHOLE_FILE,
      numRuns: RUNS,
    });
  });

  it('1e309, NaN-like text, 0 and negative Cq values are refused on their line; a NUL byte refuses the file', async () => {
    const base = renderLong({
      rows: [
        { sample: 'HIG-82', gene: 'GAPDH', task: 'unknown', cq: '18.2', quantity: '' },
        { sample: 'HIG-82', gene: 'ABCC1', task: 'unknown', cq: '24.5', quantity: '' },
      ],
      wellOrder: [0, 1],
      delimiter: ',',
      bom: false,
      crlf: false,
      quote: false,
      emptyLines: false,
      upperTask: false,
      decimalComma: false,
    }).text;
    for (const bad of ['1e309', 'Infinity', '0', '-1', '24,5', '0x1F', '１', '24.5\u00003']) {
      const runId = await qpcrRun(w);
      const before = await counts();
      const res = await upload(runId, base.replace('24.5', bad), null);
      expectLocatedRefusal(res, bad, WHOLE_FILE);
      const errors = res.body.errors as Body[];
      const located = bad.includes('\u0000') ? errors.length > 0 : errors.some((e) => e.line === 3);
      expect({ bad, located: located || errors }).toEqual({ bad, located: true });
      expect(await counts()).toEqual(before);
    }
  });

  it('huge row counts are refused with located errors; a file over the size limit gets 413', async () => {
    const rows = ['well,sample,target,cq'];
    for (let i = 0; i < 50_000; i++) rows.push(`Z${i},HIG-82,ABCC1,24.1`);
    const runId = await qpcrRun(w);
    await expectHugeUploadsRefused({
      upload: (text, file) => upload(runId, text, file),
      manyRows: rows.join('\n'),
      bigLine: 'A1,HIG-82,ABCC1,24.1\n',
      counts,
      wholeFile: WHOLE_FILE,
    });
  });
});
