// Hostile input for the LC-MS/MS importer (issue 13), through the real HTTP path as a text body
// and as a multipart file: valid long CSVs in every dialect round-trip exactly; random and
// mutated files never crash the server (no 5xx), never store anything partial, and either get a
// 4xx with located errors or are stored with every area exactly as the file wrote it. The
// parsers' own fixtures are in src/imports/lcms/.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { decodePeaks } from '../src/assays/lcms/lcms-peaks-codec';
import { parseLcmsExport } from '../src/imports/lcms/parse-lcms-export';
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
import { bootLcmsWorld, donorWithAliquot, lcmsRun, type LcmsWorld } from './support/lcms-world';
import { api } from './support/plate-assays';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 12);
/** Problems about the file as a whole or about the batch it does not match: no line to name. */
const WHOLE_FILE = new Set([
  'EMPTY_FILE',
  'BINARY_FILE',
  'UNKNOWN_FORMAT',
  'NO_DATA',
  'TOO_MANY_PROBLEMS',
  'ANALYTE_NOT_IN_FILE',
  'INTERNAL_STANDARD_NOT_IN_FILE',
  'INJECTION_NOT_IN_FILE',
]);
const ANALYTES = ['azathioprine', '6-MP'];
const CAL = [0.05, 0.1, 0.5, 1, 5, 10, 50];
const QC: [string, number][] = [
  ['QC-L', 0.15],
  ['QC-M', 8],
  ['QC-H', 40],
];

/** A long CSV of one batch: the areas as written, and how the file is dressed. */
interface Batch {
  /** Area per µM of each analyte, and the unknowns' concentrations. */
  slope: number;
  unknowns: number[];
  /** Written decimals of each area (1–4). */
  decimals: number;
  delimiter: ',' | ';' | '\t';
  decimalComma: boolean;
  bom: boolean;
  crlf: boolean;
  quote: boolean;
  emptyLines: boolean;
}

interface Rendered {
  text: string;
  /** The area text of each injection × analyte as written (decimal comma included). */
  areas: Map<string, string>;
  injections: Body[];
}

function render(b: Batch): Rendered {
  const eol = b.crlf ? '\r\n' : '\n';
  const q = (s: string) => (b.quote && s !== '' ? `"${s}"` : s);
  const num = (v: number, digits: number) => {
    const s = v.toFixed(digits);
    return b.decimalComma ? s.replace('.', ',') : s;
  };
  const lines = [
    ['sample', 'type', 'analyte', 'nominal', 'area', 'is_area'].map(q).join(b.delimiter),
  ];
  const areas = new Map<string, string>();
  const injections: Body[] = [];
  const row = (name: string, type: string, nominal: number | null, conc: number | null) => {
    for (const [i, a] of ANALYTES.entries()) {
      const area = conc === null ? '' : num(conc * b.slope * (1 + 0.3 * i), b.decimals);
      areas.set(`${name}|${a}`, area);
      const cells = [name, type, a, nominal === null ? '' : num(nominal, 2), area, '100000'];
      lines.push(cells.map(q).join(b.delimiter));
      if (b.emptyLines && lines.length % 17 === 3) lines.push('');
    }
  };
  CAL.forEach((lv, i) => {
    injections.push({ name: `CAL${i + 1}`, type: 'calibrator', nominal: lv });
    row(`CAL${i + 1}`, 'calibrator', lv, lv);
  });
  injections.push({ name: 'BLANK', type: 'blank' });
  row('BLANK', 'blank', null, null);
  for (const [level, nominal] of QC) {
    injections.push({ name: level, type: 'qc', qcLevel: level, nominal });
    row(level, 'qc', nominal, nominal);
  }
  b.unknowns.forEach((c, i) => {
    injections.push({ name: `U${i + 1}`, type: 'unknown' });
    row(`U${i + 1}`, 'unknown', null, c);
  });
  return { text: (b.bom ? '\ufeff' : '') + lines.join(eol) + eol, areas, injections };
}

const validBatch: fc.Arbitrary<Batch> = fc
  .record({
    slope: fc.integer({ min: 500, max: 50_000 }),
    unknowns: fc.array(fc.double({ min: 0.2, max: 45, noNaN: true }), {
      minLength: 1,
      maxLength: 6,
    }),
    decimals: fc.integer({ min: 1, max: 4 }),
    delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
    decimalComma: fc.boolean(),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    quote: fc.boolean(),
    emptyLines: fc.boolean(),
  })
  // A decimal comma in a comma-delimited file is refused by design, so it is not a valid dialect.
  .map((b) => ({ ...b, decimalComma: b.decimalComma && b.delimiter !== ',' }));

describe('hostile LC-MS/MS imports through the API', () => {
  let w: LcmsWorld;
  let runId: string;
  let n = 0;

  const count = async (table: string): Promise<number> =>
    Number((await w.t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  // The peak areas are a document on their import: how many are stored in all, and a digest of
  // every import's document and flag, so a refusal that wrote or changed any is seen too.
  const storedPeaks = async () => {
    const rows: { id: string; current: unknown; peaks: string }[] = await w.t.dataSource.query(
      `SELECT id, "current", peaks FROM lcms_imports ORDER BY id`,
    );
    return {
      peaks: rows.reduce((n, r) => n + decodePeaks(JSON.parse(r.peaks)).length, 0),
      peakDocuments: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
    };
  };
  // Concentrations are entries of their calibration's `unknowns` document: how many in all, and
  // a digest of every calibration's document and flag, so a refusal that superseded any is seen.
  const storedConcentrations = async () => {
    const rows: { id: string; current: unknown; unknowns: string }[] = await w.t.dataSource.query(
      `SELECT id, "current", unknowns FROM lcms_calibrations ORDER BY id`,
    );
    return {
      concentrations: rows.reduce((n, r) => n + (JSON.parse(r.unknowns) as unknown[]).length, 0),
      calibrationDocuments: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
    };
  };
  const counts = async () => ({
    imports: await count('lcms_imports'),
    ...(await storedPeaks()),
    calibrations: await count('lcms_calibrations'),
    ...(await storedConcentrations()),
    audit: await count('audit_events'),
  });

  const newBatch = async (injections: Body[]): Promise<string> =>
    (
      await api(w.t, w.sam)
        .post('/lcms-batches', {
          runId,
          name: `hostile ${++n}`,
          instrument: 'QTRAP',
          analytes: ANALYTES,
          injections,
        })
        .expect(201)
    ).body.id as string;

  const upload = (batchId: string, text: string, asFile: Buffer | null) => {
    const req = w.t
      .http()
      .post(`/api/v1/lcms-batches/${batchId}/imports`)
      .set('Authorization', `Bearer ${w.sam.key}`);
    return (asFile
      ? req.attach('file', asFile, 'batch.csv')
      : req.set('Content-Type', 'text/csv').send(text)) as unknown as Promise<Res>;
  };

  /** Stored areas of a batch, by injection and analyte: as written, and as a number. */
  const stored = async (batchId: string) => {
    const page = (
      await api(w.t, w.sam).get(`/lcms-batches/${batchId}/peak-areas?limit=500`).expect(200)
    ).body as Body;
    return new Map(
      (page.items as Body[]).map((p) => [
        `${p.injection}|${p.analyte}`,
        { raw: p.areaRaw as string, value: p.area as number | null },
      ]),
    );
  };

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const chain = await donorWithAliquot(w, 'RA-H01', 'responder');
    runId = await lcmsRun(w, chain.aliquotId, { analytes: ANALYTES });
  }, 180_000);
  afterAll(() => w?.t.close());

  it('valid long CSVs in every dialect (BOM, CRLF, ; and tab, decimal commas, quotes, empty lines) round-trip exactly', async () => {
    await fc.assert(
      fc.asyncProperty(validBatch, fc.boolean(), async (b, asFile) => {
        const r = render(b);
        const batchId = await newBatch(r.injections);
        const res = await upload(batchId, r.text, asFile ? Buffer.from(r.text, 'utf8') : null);
        expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
          status: 201,
          body: null,
        });
        const got = await stored(batchId);
        for (const [key, written] of r.areas) {
          const number = written === '' ? null : Number(written.replace(',', '.'));
          expect({ key, ...got.get(key) }).toEqual({ key, raw: written, value: number });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated files: 201 with every area as the file wrote it, or a located 4xx that stores nothing; never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        validBatch,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('text', 'utf8-file', 'latin1-file'),
        async (b, mutations, how) => {
          const r = render(b);
          const text = mutations.reduce(mutate, r.text);
          const batchId = await newBatch(r.injections);
          const before = await counts();
          const file =
            how === 'text' ? null : Buffer.from(text, how === 'utf8-file' ? 'utf8' : 'latin1');
          const res = await upload(batchId, text, file);
          const what = `${how}: ${JSON.stringify(text.slice(0, 120))}`;
          if (res.status === 201) {
            // Stored exactly what the parser reads from these bytes: each area's text and number.
            const parsed = parseLcmsExport(file ?? Buffer.from(text, 'utf8'));
            if (!parsed.ok) throw new Error(`stored a file its parser refuses (${what})`);
            const got = await stored(batchId);
            for (const p of parsed.export.peaks) {
              const key = `${p.injection}|${p.compound}`;
              const s = got.get(key);
              if (!s) continue; // the internal standard's own rows, or an unmapped duplicate
              expect({ key, raw: s.raw }).toEqual({ key, raw: p.area.raw });
              if (s.value !== null) expect(Number.isFinite(s.value)).toBe(true);
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
    const { injections } = render({
      slope: 1000,
      unknowns: [1],
      decimals: 2,
      delimiter: ',',
      decimalComma: false,
      bom: false,
      crlf: false,
      quote: false,
      emptyLines: false,
    });
    await expectArbitraryBytesHarmless({
      prepare: () => newBatch(injections),
      upload: (batchId, bytes) => upload(batchId, '', bytes),
      counts,
      wholeFile: WHOLE_FILE,
      numRuns: RUNS,
    });
  });

  it('1e309, NaN and negative areas are refused on their line; -0 is stored as written; a NUL byte refuses the file as binary', async () => {
    const r = render({
      slope: 1000,
      unknowns: [1, 2],
      decimals: 2,
      delimiter: ',',
      decimalComma: false,
      bom: false,
      crlf: false,
      quote: false,
      emptyLines: false,
    });
    const withArea = (area: string) => {
      const lines = r.text.split('\n');
      lines[3] = lines[3].replace(/,([^,]*),100000$/, `,${area},100000`);
      return lines.join('\n');
    };
    for (const bad of ['1e309', 'NaN', '-1', '12\u00003']) {
      const batchId = await newBatch(r.injections);
      const before = await counts();
      const res = await upload(batchId, withArea(bad), null);
      expectLocatedRefusal(res, bad, WHOLE_FILE);
      const errors = res.body.errors as Body[];
      const expected = bad.includes('\u0000')
        ? errors.some((e) => e.code === 'BINARY_FILE' && !/plate/i.test(e.message as string))
        : errors.some((e) => e.line === 4);
      expect({ bad, located: expected || errors }).toEqual({ bad, located: true });
      expect(await counts()).toEqual(before);
    }
    const batchId = await newBatch(r.injections);
    await upload(batchId, withArea('-0'), null);
    const [sample, , analyte] = r.text.split('\n')[3].split(',');
    expect((await stored(batchId)).get(`${sample}|${analyte}`)).toEqual({ raw: '-0', value: 0 });
  });

  it('huge row counts are refused quickly with located errors; a body over the size limit gets 413', async () => {
    const { injections } = render({
      slope: 1000,
      unknowns: [1],
      decimals: 2,
      delimiter: ',',
      decimalComma: false,
      bom: false,
      crlf: false,
      quote: false,
      emptyLines: false,
    });
    const rows = ['sample,type,analyte,nominal,area,is_area'];
    for (let i = 0; i < 60_000; i++) rows.push(`X${i},unknown,azathioprine,,1.5,100000`);
    const batchId = await newBatch(injections);
    await expectHugeUploadsRefused({
      upload: (text, file) => upload(batchId, text, file),
      manyRows: rows.join('\n'),
      bigLine: 'U1,unknown,azathioprine,,1.5,100000\n',
      counts,
      wholeFile: WHOLE_FILE,
    });
  });
});
