// Resazurin (fluorescence) and ATP (luminescence) viability plates end to end through the API
// (issue 18): the read the analysis uses is named by the run's protocol or, when the protocol
// names none, by the plate's layout (read mode, excitation/emission, gain). The Gen5 file holds
// an absorbance read, two fluorescence filter pairs and a luminescence read, each a different
// signal, so an IC50 of 4 µM (parental) and 40 µM (resistant) shows the channel named was the
// one analysed; a channel the file does not hold is refused naming what it holds and the
// setting to change.
import {
  api,
  cellLines,
  expectRel,
  type ImportResult,
  plateAssayWorld,
  startedRun,
  type User,
} from './support/plate-assays';
import { syntheticPlateMap } from './support/synthetic-mtt';
import { syntheticGen5ReadModes, type ReadModesFileOptions } from './support/synthetic-read-modes';
import type { TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface ImportBody extends ImportResult {
  analysedChannel?: string;
  plates: { analysedChannel: string | null; channels: { key: string }[] }[];
}

describe('read channels: a layout or a run names the fluorescence or luminescence read', () => {
  let t: TestApp;
  let sam: User;
  let parental: string;
  let resistant: string;
  let n = 0;

  beforeAll(async () => {
    ({ t, sam, parental, resistant } = await plateAssayWorld());
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A layout from the synthetic plate map with these read settings, a plate on it, the upload. */
  async function upload(
    read: Record<string, unknown>,
    opts: { runId?: string; file?: ReadModesFileOptions } = {},
  ) {
    const barcode = `TL-RM-${++n}`;
    const layout = await api(t, sam)
      .post('/plate-layouts/import', {
        name: `read modes ${n}`,
        csv: syntheticPlateMap(),
        materials: { parental, resistant },
        ...read,
      })
      .expect(201);
    const plate = await api(t, sam)
      .post('/plates', { barcode, layoutId: layout.body.id, runId: opts.runId })
      .expect(201);
    const res = await api(t, sam).postText(
      `/plates/${plate.body.id}/readings`,
      syntheticGen5ReadModes(barcode, opts.file),
    );
    return { plateId: plate.body.id as string, layout: layout.body as Body, res };
  }

  /** The fitted IC50s of the plate are the synthetic curve's: the named channel was analysed. */
  async function expectIc50s(plateId: string, result: ImportBody, channel: string) {
    expect(result.outcome).toBe('imported');
    expect(result.plates[0].analysedChannel).toBe(channel);
    expect(result.analysis).toMatchObject({ status: 'analysed' });
    const qc = (await api(t, sam).get(`/plates/${plateId}/qc`).expect(200)).body.items as Body[];
    expect(qc[0].normalisation).toMatchObject({
      measurementChannel: channel,
      referenceWavelengthSubtracted: false,
    });
    const fits = (await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body
      .items as Body[];
    const ic50 = (material: string) => fits.find((f) => f.materialId === material)!.ic50;
    expect(fits.map((f) => f.fitStatus)).toEqual(['fitted', 'fitted']);
    expectRel(ic50(parental).relative, 4, 0.1, 'parental IC50');
    expectRel(ic50(resistant).relative, 40, 0.1, 'resistant IC50');
  }

  it('resazurin run: the protocol’s fluorescence pair ex560/em590 gives the IC50', async () => {
    const runId = await startedRun(t, sam, 'resazurin-viability', cellLines(parental, resistant));
    const { plateId, res } = await upload({}, { runId });
    expect(res.status).toBe(201);
    // Every read of the file is stored, the analysed one among them.
    expect(res.body.plates[0].channels.map((c: Body) => c.key)).toEqual([
      '600',
      'ex560/em590',
      'ex485/em528',
      'lum',
    ]);
    await expectIc50s(plateId, res.body, 'ex560/em590');
  });

  it('ATP run: the protocol’s luminescence read gives the IC50', async () => {
    const runId = await startedRun(
      t,
      sam,
      'atp-luminescence-viability',
      cellLines(parental, resistant),
    );
    const { plateId, res } = await upload({}, { runId, file: { variant: 1 } });
    expect(res.status).toBe(201);
    await expectIc50s(plateId, res.body, 'lum');
  });

  it('a layout names luminescence: analysed so in an MTT run, whose protocol names no read mode', async () => {
    const runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    const { plateId, layout, res } = await upload(
      { readMode: 'luminescence' },
      { runId, file: { variant: 2 } },
    );
    expect(layout).toMatchObject({ readMode: 'luminescence', referenceWavelengthNm: null });
    expect(res.status).toBe(201);
    await expectIc50s(plateId, res.body, 'lum');
  });

  it('a layout names a fluorescence channel and its gain among two gains of one pair', async () => {
    const read = {
      readMode: 'fluorescence',
      excitationWavelengthNm: 560,
      emissionWavelengthNm: 590,
    };
    const file = { twoGains: true, variant: 3 };
    // Without a gain the layout does not say which of the two reads: refused, naming both.
    const ambiguous = await upload(read, { file });
    expect(ambiguous.res.status).toBe(422);
    expect(ambiguous.res.body.errors).toEqual([
      expect.objectContaining({ code: 'AMBIGUOUS_CHANNEL', field: 'excitationWavelengthNm' }),
    ]);
    const message = ambiguous.res.body.errors[0].message as string;
    expect(message).toContain('fluorescence ex560/em590 (gain 50)');
    expect(message).toContain('fluorescence ex560/em590|fluor100 (gain 100)');
    expect(message).toContain("the plate layout's readMode, excitationWavelengthNm");
    expect(message).toContain('readGain');

    const { plateId, layout, res } = await upload({ ...read, readGain: '50' }, { file });
    expect(layout).toMatchObject({ ...read, readGain: '50' });
    expect(res.status).toBe(201);
    await expectIc50s(plateId, res.body, 'ex560/em590');

    const high = await upload({ ...read, readGain: '100' }, { file: { ...file, variant: 4 } });
    expect(high.res.status).toBe(201);
    expect(high.res.body.plates[0].analysedChannel).toBe('ex560/em590|fluor100');
  });

  it('a channel the file does not hold is refused with the channels it holds and the setting', async () => {
    const { res } = await upload(
      { readMode: 'fluorescence', excitationWavelengthNm: 530, emissionWavelengthNm: 590 },
      { file: { variant: 5 } },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'MISSING_CHANNEL', field: 'excitationWavelengthNm' }),
    ]);
    expect(res.body.errors[0].message).toBe(
      'The assay reads fluorescence ex530/em590; the file holds 600 nm, fluorescence ex560/em590 ' +
        '(gain 50), fluorescence ex485/em528 (gain 50), luminescence. Export the fluorescence ' +
        "read, or set the plate layout's readMode, excitationWavelengthNm, emissionWavelengthNm " +
        "(and readGain when the file holds several gains) to one of the file's reads.",
    );
    expect(
      Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM plate_readings'))[0].n),
    ).toBe(5);
  });

  it('a layout accepts any reader wavelength from 230 nm and refuses settings its mode does not use', async () => {
    const wells = [{ well: 'A1', role: 'blank' }];
    const made = await api(t, sam)
      .post('/plate-layouts', {
        name: 'nucleic acids',
        plateSize: 96,
        measurementWavelengthNm: 260,
        referenceWavelengthNm: 320,
        wells,
      })
      .expect(201);
    expect(made.body).toMatchObject({
      measurementWavelengthNm: 260,
      referenceWavelengthNm: 320,
      readMode: 'absorbance',
      excitationWavelengthNm: null,
      emissionWavelengthNm: null,
      readGain: null,
    });
    await api(t, sam)
      .post('/plate-layouts', {
        name: 'far UV',
        plateSize: 96,
        measurementWavelengthNm: 229,
        wells,
      })
      .expect(400);
    const bad = await api(t, sam)
      .post('/plate-layouts', {
        name: 'ATP',
        plateSize: 96,
        readMode: 'luminescence',
        referenceWavelengthNm: 650,
        excitationWavelengthNm: 560,
        wells,
      })
      .expect(400);
    expect((bad.body.errors as Body[]).map((e) => e.field)).toEqual([
      'referenceWavelengthNm',
      'excitationWavelengthNm',
    ]);
    // A layout in use keeps its read settings: an edit is a copy with the new ones.
    const edited = await api(t, sam)
      .put(`/plate-layouts/${made.body.id}`, {
        name: 'resazurin',
        plateSize: 96,
        readMode: 'fluorescence',
        excitationWavelengthNm: 560,
        emissionWavelengthNm: 590,
        readGain: '50',
        wells,
      })
      .expect(200);
    expect(edited.body).toMatchObject({
      readMode: 'fluorescence',
      excitationWavelengthNm: 560,
      emissionWavelengthNm: 590,
      readGain: '50',
      referenceWavelengthNm: null,
    });
  });
});
