// The real plate-reader exports of ../shared/fixtures/real-exports/plates, each uploaded through
// the HTTP upload path (POST /plates/:id/readings, multipart, as a scientist or the folder watcher
// sends them) and judged as its README row expects: imported (every plate of the file as its own
// reading of the planned plate it names, every channel, statuses as the file holds them) or
// refused with the stated reason. Skips when ../shared is absent.
import { readFileSync } from 'node:fs';
import {
  expectStoredReading,
  isRefusal,
  REAL_PLATE_EXPORTS,
  RealExportPlanner,
} from './support/real-plate-exports';
import { describeWithFixtures, fixturePath } from './support/shared-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeWithFixtures('real plate-reader exports through the HTTP upload path', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let planner: RealExportPlanner;
  /** Each imported file's answer, by file. */
  const results = new Map<string, Body>();
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    planner = new RealExportPlanner(t, sci.key);
  });
  afterAll(() => t.close());

  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it.each(REAL_PLATE_EXPORTS)('%s', async (file, expected) => {
    const bytes = readFileSync(fixturePath('real-exports', 'plates', file));
    // The route names the plate planned for the first block; the other blocks of a multi-plate
    // file find theirs by the block's name (a later file of the same plates reads into them).
    const planned = isRefusal(expected)
      ? [await planner.plate(96, expected.assay)]
      : await Promise.all(
          expected.plates.map((p) =>
            planner.plate(p.plateSize, p.assay, expected.plates.length > 1 ? p.name : undefined),
          ),
        );
    const before = await count('plate_readings');
    const res = await t
      .http()
      .post(`/api/v1/plates/${planned[0]}/readings`)
      .set(as(sci))
      .attach('file', bytes, file);

    if (isRefusal(expected)) {
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
    expect(plates.map((p) => p.block.name)).toEqual(expected.plates.map((p) => p.name));
    expect(await count('plate_readings')).toBe(before + expected.plates.length);
    for (const [k, want] of expected.plates.entries()) {
      const got = plates[k];
      // Each block is the reading of the plate planned for it.
      expect(got.plate.id).toBe(planned[k]);
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
      await expectStoredReading(t, sci.key, got.plate.id, got.reading.id, want);
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
    const id = await planner.plate(96, { measurementNm: 630, referenceNm: null });
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
