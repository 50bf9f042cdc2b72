// The real plate-reader exports of ../shared/fixtures/real-exports/plates, each uploaded through
// the HTTP upload path (POST /plates/:id/readings, multipart, as a scientist or the folder watcher
// sends them) and judged as its README row expects: imported (every plate of the file as its own
// reading of the planned plate it names, every channel, statuses as the file holds them) or
// refused with the stated reason. Skips when ../shared is absent.
import { readFileSync } from 'node:fs';
import { approvedVersionId, createParentalLine } from './support/runs-fixtures';
import { describeWithFixtures, fixturePath } from './support/shared-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the planned plate's assay reads: an absorbance layout, or a run of a protocol. */
type Assay =
  | { measurementNm: number; referenceNm?: 650 | null }
  | { protocol: 'resazurin-viability' | 'atp-luminescence-viability'; parameters?: Body };

interface PlannedBlock {
  /** The barcode the planned plate gets (the block's barcode or name); none: the route names it. */
  barcode?: string;
  size: 96 | 384;
  assay: Assay;
}

interface Imported {
  plan: PlannedBlock[];
  format: string;
  encoding: string;
  plates: {
    block: string;
    channels: string[];
    analysed: string;
    values: number;
    statuses?: Record<string, number>;
  }[];
  skipped?: number;
  /** Extra checks on the stored values (wells endpoint) of the first plate. */
  wells?: { well: string; channel: string; raw: string; status: string }[];
  /** A gain the fluorescence channels keep. */
  gain?: string;
}

interface Refused {
  plan: PlannedBlock[];
  code: string;
  says: string[];
}

const abs = (measurementNm: number, referenceNm: 650 | null = null): Assay => ({
  measurementNm,
  referenceNm,
});

const CASES: [string, Imported | Refused][] = [
  [
    'gen5__010307_114129_BNCH654563_stdcurve_singleplate01.txt',
    {
      plan: [{ size: 96, assay: abs(630) }],
      format: 'gen5',
      encoding: 'utf-8',
      plates: [{ block: 'Plate 1', channels: ['630'], analysed: '630', values: 96 }],
      skipped: 2,
    },
  ],
  [
    // The README counts 13 OVRFLW wells; the file holds 8 OVRFLW and 5 MISSED.
    'gen5__240411_172731_BNCH2345883_abs450_96well_non_numeric_values.txt',
    {
      plan: [{ size: 96, assay: abs(450) }],
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          block: 'Plate 1',
          channels: ['450'],
          analysed: '450',
          values: 96,
          statuses: { ok: 83, overflow: 8, missing: 5 },
        },
      ],
    },
  ],
  [
    'gen5__endpoint_pathlength_correct_singleplate.txt',
    {
      plan: [{ size: 96, assay: abs(260) }],
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          block: 'Plate 1',
          channels: ['977', '900', '260', '280', '230'],
          analysed: '260',
          values: 480,
        },
      ],
      skipped: 10,
    },
  ],
  [
    'gen5__endpoint_stdcurve_multiplate.txt',
    {
      plan: ['Plate 1', 'Plate 2', 'Plate 3'].map((barcode) => ({
        barcode,
        size: 96 as const,
        assay: abs(630),
      })),
      format: 'gen5',
      encoding: 'utf-16le',
      plates: ['Plate 1', 'Plate 2', 'Plate 3'].map((block) => ({
        block,
        channels: ['630'],
        analysed: '630',
        values: 96,
      })),
      skipped: 6,
    },
  ],
  [
    'gen5__kinetic_singleplate.txt',
    {
      plan: [{ size: 96, assay: abs(450) }],
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 6 time points at 450 nm', 'export the endpoint'],
    },
  ],
  [
    'gen5__endpoint_singleplate.txt',
    {
      plan: [
        {
          size: 96,
          assay: {
            protocol: 'resazurin-viability',
            parameters: { excitationWavelengthNm: 485, emissionWavelengthNm: 528 },
          },
        },
      ],
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          block: 'Plate 1',
          channels: ['ex360/em460', 'ex485/em528'],
          analysed: 'ex485/em528',
          values: 192,
        },
      ],
      skipped: 4,
      gain: '35',
    },
  ],
  [
    'gen5__multiple_read_modes.txt',
    {
      plan: [{ size: 96, assay: abs(600) }],
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          block: 'Plate 1',
          channels: ['600', 'ex579/em616', 'ex479/em520'],
          analysed: '600',
          values: 288,
        },
      ],
    },
  ],
  [
    'softmax__MD_SMP_absorbance_endpoint_example01.txt',
    {
      plan: ['Plate01', 'Plate02'].map((barcode) => ({
        barcode,
        size: 96 as const,
        assay: abs(450),
      })),
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((block) => ({
        block,
        channels: ['450'],
        analysed: '450',
        values: 96,
      })),
      skipped: 4,
    },
  ],
  [
    // The TimeFormat export of the same two plates: their second reading.
    'softmax__MD_SMP_absorbance_endpoint_example02.txt',
    {
      plan: [],
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((block) => ({
        block,
        channels: ['450'],
        analysed: '450',
        values: 96,
      })),
      skipped: 4,
    },
  ],
  [
    'softmax__softmaxpro_example_group_with_missing_calc_column.txt',
    {
      plan: [{ size: 96, assay: abs(450, 650) }],
      format: 'softmax',
      encoding: 'utf-8',
      plates: [{ block: 'Plate01', channels: ['450', '650'], analysed: '450', values: 192 }],
      skipped: 3,
    },
  ],
  [
    'softmax__softmaxpro_example_reduced.txt',
    {
      plan: [{ size: 96, assay: abs(450, 650) }],
      format: 'softmax',
      encoding: 'utf-8',
      plates: [{ block: 'Plate1', channels: ['450-650'], analysed: '450-650', values: 96 }],
      skipped: 5,
    },
  ],
  [
    'softmax__spectramax340_kinetic_partial_plate.txt',
    {
      plan: [{ size: 96, assay: abs(450) }],
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 3 time points at 405 nm', 'endpoint'],
    },
  ],
  [
    'softmax__multi-plate-block_non-unique_plate_ID.txt',
    {
      plan: [{ size: 96, assay: abs(450) }],
      code: 'DUPLICATE_PLATE',
      says: ['line 2 and line 14', '"Plate01"'],
    },
  ],
  [
    'bmg_mars__BMG_Labtech_format.csv',
    {
      plan: [{ size: 96, assay: abs(450) }],
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [{ block: 'Plate 1', channels: ['450'], analysed: '450', values: 96 }],
    },
  ],
  [
    'bmg_mars__PHERAstar_output_file.csv',
    {
      plan: [{ size: 96, assay: abs(450) }],
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [
        {
          block: '20260618 dsRNA _PLATE_01_18Jun26',
          channels: ['450'],
          analysed: '450',
          values: 96,
        },
      ],
    },
  ],
  [
    // Plate 1 is a BCA absorbance read at 562 nm; plate 2 an AlphaScreen (luminescence) read
    // and a crosstalk calculation (skipped). Both 384-well plates with virtual barcodes.
    'envision__PE_Envision_absorbance_example01.csv',
    {
      plan: [
        { barcode: '8/22/2023 10:50:28 AM', size: 384, assay: abs(562) },
        {
          barcode: '8/22/2023 10:57:39 AM',
          size: 384,
          assay: { protocol: 'atp-luminescence-viability' },
        },
      ],
      format: 'envision',
      encoding: 'utf-8',
      plates: [
        { block: '8/22/2023 10:50:28 AM', channels: ['562'], analysed: '562', values: 384 },
        { block: '8/22/2023 10:57:39 AM', channels: ['lum'], analysed: 'lum', values: 384 },
      ],
      skipped: 1,
    },
  ],
  [
    'kaleido__absorbance_endpoint_single_plate_example_01.csv',
    {
      plan: [{ size: 96, assay: abs(450) }],
      format: 'kaleido',
      encoding: 'utf-8',
      plates: [{ block: 'V-2020-10-26 16:16:17', channels: ['450'], analysed: '450', values: 96 }],
      skipped: 1,
    },
  ],
  [
    'multiskan__multiskan_spectrum_1500.txt',
    {
      plan: [{ size: 96, assay: abs(340) }],
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 31 iterations at 340 nm', 'endpoint'],
    },
  ],
  [
    // The workbook holds an endpoint read at 450 nm and calculated sheets (skipped).
    'thermo_skanit__skanit_data.xlsx',
    {
      plan: [{ size: 96, assay: abs(450) }],
      format: 'skanit',
      encoding: 'xlsx',
      plates: [{ block: 'Plate 1', channels: ['450'], analysed: '450', values: 96 }],
      skipped: 3,
    },
  ],
  [
    'tecan_magellan__SLA01P01_OD.xlsx',
    {
      plan: [{ barcode: '96WEL008', size: 96, assay: abs(595) }],
      format: 'magellan',
      encoding: 'xlsx',
      plates: [{ block: '96WEL008', channels: ['595'], analysed: '595', values: 96 }],
    },
  ],
];

describeWithFixtures('real plate-reader exports through the HTTP upload path', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  const layouts = new Map<string, string>();
  const runs = new Map<string, string>();
  /** Plates planned by barcode, reused by a later file of the same plates. */
  const byBarcode = new Map<string, string>();
  /** Each imported file's answer, by file. */
  const results = new Map<string, Body>();
  let lineId: string | undefined;
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
  });
  afterAll(() => t.close());

  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  /** A full layout: column 1 blank, the rest vehicle (no material needed). */
  const layoutFor = async (size: 96 | 384, measurementNm: number, referenceNm: number | null) => {
    const key = `${size}:${measurementNm}:${referenceNm}`;
    if (!layouts.has(key)) {
      const wells: Body[] = [];
      for (let r = 0; r < (size === 96 ? 8 : 16); r++) {
        for (let c = 0; c < (size === 96 ? 12 : 24); c++) {
          const well = `${String.fromCharCode(65 + r)}${c + 1}`;
          wells.push({ well, role: c === 0 ? 'blank' : 'vehicle' });
        }
      }
      const res = await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(as(sci))
        .send({
          name: `real ${key}`,
          plateSize: size,
          measurementWavelengthNm: measurementNm,
          referenceWavelengthNm: referenceNm,
          wells,
        })
        .expect(201);
      layouts.set(key, res.body.id);
    }
    return layouts.get(key) as string;
  };

  const runFor = async (protocol: string, parameters: Body = {}): Promise<string> => {
    const key = `${protocol}:${JSON.stringify(parameters)}`;
    if (!runs.has(key)) {
      const versionId = await approvedVersionId(t, protocol, sci.key);
      lineId ??= await createParentalLine(t, sci.key, 'HIG-82 real exports');
      const run = await t
        .http()
        .post('/api/v1/runs')
        .set(as(sci))
        .send({
          protocolVersionId: versionId,
          title: `${protocol} real export`,
          parameters,
          materials: [{ materialId: lineId, role: 'cell-lines' }],
        });
      if (run.status !== 201) throw new Error(JSON.stringify(run.body));
      await t.http().post(`/api/v1/runs/${run.body.id}/start`).set(as(sci)).send({}).expect(200);
      runs.set(key, run.body.id);
    }
    return runs.get(key) as string;
  };

  const plan = async (b: PlannedBlock): Promise<string> => {
    const assay = b.assay;
    const body: Body = {};
    if ('protocol' in assay) {
      body.layoutId = await layoutFor(b.size, 570, null);
      body.runId = await runFor(assay.protocol, assay.parameters);
    } else {
      body.layoutId = await layoutFor(b.size, assay.measurementNm, assay.referenceNm ?? null);
    }
    if (b.barcode) body.barcode = b.barcode;
    const res = await t.http().post('/api/v1/plates').set(as(sci)).send(body).expect(201);
    if (b.barcode) byBarcode.set(b.barcode, res.body.id);
    return res.body.id as string;
  };

  it.each(CASES)('%s', async (file, expected) => {
    const bytes = readFileSync(fixturePath('real-exports', 'plates', file));
    const planned = await Promise.all(expected.plan.map(plan));
    // The route names the first planned plate (or, for a file of plates planned earlier, the
    // first of those): the other blocks find theirs by barcode or name.
    const routeId =
      planned[0] ?? byBarcode.get(('plates' in expected ? expected.plates[0].block : '') as string);
    const before = await count('plate_readings');
    const res = await t
      .http()
      .post(`/api/v1/plates/${routeId}/readings`)
      .set(as(sci))
      .attach('file', bytes, file);

    if ('code' in expected) {
      expect(res.status).toBe(422);
      const errors = res.body.errors as Body[];
      const hit = errors.find((e) => e.code === expected.code);
      if (!hit) throw new Error(`${file}: ${JSON.stringify(errors.slice(0, 3))}`);
      for (const part of expected.says) expect(hit.message).toContain(part);
      expect(await count('plate_readings')).toBe(before);
      return;
    }
    if (res.status !== 201)
      throw new Error(`${file}: ${res.status} ${JSON.stringify(res.body).slice(0, 2000)}`);
    results.set(file, res.body);
    expect(res.body).toMatchObject({
      outcome: 'imported',
      format: expected.format,
      encoding: expected.encoding,
    });
    expect(res.body.skipped).toHaveLength(expected.skipped ?? 0);
    const plates = res.body.plates as Body[];
    expect(plates.map((p) => p.block.name)).toEqual(expected.plates.map((p) => p.block));
    expect(await count('plate_readings')).toBe(before + expected.plates.length);
    for (const [k, want] of expected.plates.entries()) {
      const got = plates[k];
      expect((got.channels as Body[]).map((c) => c.key)).toEqual(want.channels);
      expect(got.analysedChannel).toBe(want.analysed);
      expect(got.valueCount).toBe(want.values);
      expect(got.statuses).toEqual(want.statuses ?? { ok: want.values });
      expect(got.plate.status).toBe('read');
      if (expected.gain) {
        for (const c of got.channels as Body[]) {
          if (c.mode === 'fluorescence') expect(c.gain).toBe(expected.gain);
        }
      }
      // Every value stored as the file writes it, with its channel and status.
      const wells = (
        await t.http().get(`/api/v1/plates/${got.plate.id}/wells`).set(as(sci)).expect(200)
      ).body;
      expect(wells.readingId).toBe(got.reading.id);
      const values = (wells.wells as Body[]).flatMap((w) => w.values as Body[]);
      expect(values).toHaveLength(want.values);
      expect(new Set(values.map((v) => v.channel))).toEqual(new Set(want.channels));
      for (const v of values) {
        if (v.status === 'ok') expect(v.value).toBe(Number(String(v.raw).trim()));
        else expect(v.value === null || v.status === 'flagged').toBe(true);
      }
    }
    // Plates the file names but the route does not: each got its own reading.
    if (expected.plan.length > 1) {
      for (const [k, id] of planned.entries()) expect(plates[k].plate.id).toBe(id);
    }
  });

  it('a reader mark is stored as written and left out of the analysis with its reason', async () => {
    const res = results.get('gen5__240411_172731_BNCH2345883_abs450_96well_non_numeric_values.txt');
    if (!res) throw new Error('the file was not imported above');
    const wells = (
      await t.http().get(`/api/v1/plates/${res.plate.id}/wells`).set(as(sci)).expect(200)
    ).body;
    const marked = (wells.wells as Body[])
      .flatMap((w) => w.values as Body[])
      .filter((v) => v.status !== 'ok');
    expect(marked).toHaveLength(13);
    expect(marked.map((v) => [v.raw.trim(), v.status, v.value])).toEqual(
      expect.arrayContaining([
        ['OVRFLW', 'overflow', null],
        ['MISSED', 'missing', null],
      ]),
    );
    const warning = (res.warnings as Body[]).find((w) => w.code === 'reader-marked-wells');
    expect(warning?.message).toMatch(
      /wells? left out of the analysis: .*overflow: the reader wrote "OVRFLW"/,
    );
  });

  it('reduced data are analysed as already reference-subtracted', async () => {
    const res = results.get('softmax__softmaxpro_example_reduced.txt');
    if (!res) throw new Error('the file was not imported above');
    const channel = (res.plates[0].channels as Body[])[0];
    expect(channel).toMatchObject({ key: '450-650', wavelengthNm: 450, referenceNm: 650 });
    expect((res.warnings as Body[]).map((w) => w.code)).not.toContain(
      'reference-wavelength-not-read',
    );
  });

  it('a multi-plate file whose block matches no planned plate is refused whole, naming the block', async () => {
    const file = 'gen5__endpoint_stdcurve_multiplate.txt';
    const bytes = readFileSync(fixturePath('real-exports', 'plates', file));
    // A fresh database state: Plate 1..3 exist from the case above; ask for a plate of another file.
    const id = await plan({ size: 96, assay: abs(630) });
    const before = await count('plate_readings');
    const res = await t
      .http()
      .post(`/api/v1/plates/${id}/readings`)
      .set(as(sci))
      .attach('file', bytes, `renamed-${file}`)
      .expect(422);
    // Plates 1–3 are planned: the block names match, the route's plate is none of them.
    expect((res.body.errors as Body[])[0]).toMatchObject({ code: 'PLATE_NOT_IN_FILE' });
    expect(res.body.errors[0].message).toContain('"Plate 1" (line');
    expect(await count('plate_readings')).toBe(before);
  });
});
