// Files a lab makes by hand, through the API (issue 18): a plate map drawn as grids (one grid each
// for role, material and concentration) uploaded to POST /plate-layouts/import; a bare reader
// grid without metadata lines, which takes its wavelength from the plate's layout or run when it
// names exactly one; and the reference wavelength a run's protocol or a layout subtracts (or
// not), with the setting to change named where it was set.
import {
  api,
  cellLines,
  expectRel,
  plateAssayWorld,
  startedRun,
  type User,
} from './support/plate-assays';
import { fullLayoutWells } from './support/real-plate-exports';
import { syntheticReading } from './support/synthetic-mtt';
import type { TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

/** One grid under its title, `rows` × `columns`, as a spreadsheet saves it. */
function grid(
  title: string,
  cell: (r: number, c: number) => string,
  rows = 8,
  columns = 12,
  sep = ',',
): string[] {
  return [
    title,
    sep + Array.from({ length: columns }, (_, c) => c + 1).join(sep),
    ...Array.from(
      { length: rows },
      (_, r) =>
        String.fromCharCode(65 + r) +
        sep +
        Array.from({ length: columns }, (_, c) => cell(r, c)).join(sep),
    ),
    '',
  ];
}

// The synthetic MTT plate (test/support/synthetic-mtt.ts) drawn as grids: column 1 blank, 2–3
// vehicle, 4–12 the 2-fold series; parental rows A–C, resistant D–F, G positive, H empty.
const role = (r: number, c: number) =>
  r === 7 ? 'empty' : r === 6 ? 'positive' : c === 0 ? 'blank' : c <= 2 ? 'vehicle' : 'treated';
const material = (r: number, c: number) =>
  r === 7 || (c === 0 && r < 6)
    ? ''
    : r === 6
      ? c < 6
        ? 'parental'
        : 'resistant'
      : r < 3
        ? 'parental'
        : 'resistant';
const concentration = (r: number, c: number) =>
  role(r, c) === 'treated' ? String(CONCENTRATIONS_UM[c - 3]) : '';

/** The 570 nm values of the synthetic plate as a bare 8 × 12 grid: no title, no wavelength. */
function bareGrid(variant = 0): string {
  const a570 = new Map<string, string>();
  for (const line of syntheticReading(variant).trim().split('\n').slice(1)) {
    const cells = line.split(',');
    a570.set(cells[0], cells[4]);
  }
  return grid('', (r, c) => a570.get(`${String.fromCharCode(65 + r)}${c + 1}`)!)
    .slice(1)
    .join('\n');
}

describe('plain lab files: plate maps as grids, bare reader grids, the reference wavelength', () => {
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

  const importMap = (csv: string, extra: Record<string, unknown> = {}) =>
    api(t, sam).post('/plate-layouts/import', {
      name: `grids ${++n}`,
      csv,
      materials: { parental, resistant },
      ...extra,
    });

  describe('a plate map drawn as grids', () => {
    it('96 wells: role, material and concentration grids make the layout the long table would', async () => {
      const csv = [
        ...grid('Role', role),
        ...grid('Material', material),
        ...grid('Concentration (uM)', concentration),
      ].join('\n');
      const res = await importMap(csv).expect(201);
      expect(res.body.plateSize).toBe(96);
      const wells = res.body.wells as Body[];
      expect(wells).toHaveLength(96);
      expect(wells.find((w) => w.well === 'E4')).toMatchObject({
        role: 'treated',
        materialId: resistant,
        concentrationValue: 200,
        concentrationUnit: 'µM',
      });
      expect(wells.find((w) => w.well === 'G8')).toMatchObject({
        role: 'positive',
        materialId: resistant,
      });
      expect(wells.filter((w) => w.role === 'treated')).toHaveLength(54);
    });

    it('384 wells: 16 × 24 grids make a 384-well layout without stating the size', async () => {
      const r384 = (r: number, c: number) => role(r % 8, c % 12);
      const m384 = (r: number, c: number) => material(r % 8, c % 12);
      const c384 = (r: number, c: number) => concentration(r % 8, c % 12);
      const csv = [
        ...grid('Role', r384, 16, 24, ';'),
        ...grid('Material', m384, 16, 24, ';'),
        ...grid('Concentration (nM)', (r, c) => c384(r, c).replace('.', ','), 16, 24, ';'),
      ].join('\r\n');
      const res = await importMap(csv).expect(201);
      expect(res.body.plateSize).toBe(384);
      expect((res.body.wells as Body[]).find((w) => w.well === 'N24')).toMatchObject({
        role: 'treated',
        materialId: resistant,
        concentrationValue: 0.78125,
        concentrationUnit: 'nM',
      });
      // Stated 96-well, the 384-well grids are refused.
      const stated = await importMap(csv, { plateSize: 96 }).expect(422);
      expect(stated.body.errors).toEqual([
        expect.objectContaining({ code: 'GRID_SIZE_MISMATCH', field: 'plateSize' }),
      ]);
    });

    it('names the grid, row letter and column number of each bad cell, and writes nothing', async () => {
      const before = (await api(t, sam).get('/plate-layouts').expect(200)).body.total as number;
      const csv = [
        ...grid('Role', (r, c) => (r === 1 && c === 6 ? 'treatd' : role(r, c))),
        ...grid('Material', material),
        ...grid('Concentration (uM)', (r, c) =>
          r === 2 && c === 4 ? 'fifty' : concentration(r, c),
        ),
      ].join('\n');
      const res = await importMap(csv).expect(422);
      expect(res.body.code).toBe('IMPORT_REJECTED');
      expect((res.body.errors as Body[]).map((e) => [e.code, e.line, e.well, e.message])).toEqual([
        [
          'UNKNOWN_ROLE',
          4,
          'B7',
          'Line 4, Role grid, row B, column 7 (well B7): unknown role "treatd" (one of blank, vehicle, treated, positive, inhibitor-only, empty, excluded).',
        ],
        [
          'INVALID_CONCENTRATION',
          27,
          'C5',
          'Line 27, Concentration (uM) grid, row C, column 5 (well C5): concentration "fifty" is not a number ≥ 0.',
        ],
      ]);
      expect((await api(t, sam).get('/plate-layouts').expect(200)).body.total).toBe(before);
    });

    it('refuses grids of mismatched sizes and a missing grid', async () => {
      const mismatched = await importMap(
        [
          ...grid('Role', role),
          ...grid('Material', material, 8, 11),
          ...grid('Concentration (uM)', concentration),
        ].join('\n'),
      ).expect(422);
      expect(mismatched.body.errors).toEqual([
        expect.objectContaining({ code: 'GRID_SIZE', line: 13, field: 'Material' }),
      ]);
      expect(mismatched.body.errors[0].message).toContain(
        'the Material grid has 8 rows × 11 columns',
      );
      const mixed = await importMap(
        [
          ...grid('Role', role),
          ...grid('Material', (r, c) => material(r % 8, c % 12), 16, 24),
          ...grid('Concentration (uM)', concentration),
        ].join('\n'),
      ).expect(422);
      expect(mixed.body.errors[0]).toMatchObject({ code: 'GRID_SIZE_MISMATCH', line: 13 });
      const noConcentration = await importMap(
        [...grid('Role', role), ...grid('Material', material)].join('\n'),
      ).expect(422);
      expect(noConcentration.body.errors).toEqual([
        expect.objectContaining({ code: 'MISSING_COLUMN', field: 'concentration' }),
      ]);
      expect(noConcentration.body.errors[0].message).toContain('no Concentration grid');
      const noRole = await importMap(grid('Material', material).join('\n')).expect(422);
      expect(noRole.body.errors).toEqual([
        expect.objectContaining({ code: 'MISSING_COLUMN', field: 'role' }),
      ]);
      expect(noRole.body.errors[0].message).toContain('no Role grid');
    });
  });

  /** A plate on a layout from the long synthetic map with these wavelengths, and the upload. */
  async function readPlate(
    text: string,
    wavelengths: Record<string, unknown>,
    runId?: string,
    size: 96 | 384 = 96,
  ) {
    const barcode = `TL-PLAIN-${++n}`;
    const layout =
      size === 96
        ? await importMap(
            [
              ...grid('Role', role),
              ...grid('Material', material),
              ...grid('Concentration (uM)', concentration),
            ].join('\n'),
            wavelengths,
          ).expect(201)
        : await api(t, sam)
            .post('/plate-layouts', {
              name: `384 ${n}`,
              plateSize: 384,
              wells: fullLayoutWells(384),
              ...wavelengths,
            })
            .expect(201);
    const plate = await api(t, sam)
      .post('/plates', { barcode, layoutId: layout.body.id, runId })
      .expect(201);
    return api(t, sam).postText(`/plates/${plate.body.id}/readings`, text);
  }

  describe('a bare reader grid', () => {
    it('takes the one wavelength its layout names and is analysed at it', async () => {
      const res = await readPlate(bareGrid(1), {
        measurementWavelengthNm: 570,
        referenceWavelengthNm: null,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format: 'grid', wavelengthsNm: [570], valueCount: 96 });
      expect(res.body.plates[0].channels).toEqual([
        expect.objectContaining({ key: '570', mode: 'absorbance', wavelengthNm: 570 }),
      ]);
      expect(res.body.plates[0].analysedChannel).toBe('570');
      const fits = (await api(t, sam).get(`/plates/${res.body.plate.id}/fits`).expect(200)).body
        .items as Body[];
      expectRel(fits.find((f) => f.materialId === parental)!.ic50.relative, 4, 0.15, 'IC50');
      const reading = (await api(t, sam).get(`/plates/${res.body.plate.id}`).expect(200)).body;
      expect(JSON.stringify(reading)).not.toContain('"wavelengthNm":null');
    });

    it('takes the one wavelength a run names (no reference subtracted), 384 wells too', async () => {
      const runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant), {
        measurementWavelengthNm: 595,
        subtractReferenceWavelength: false,
      });
      const text = grid('', (r, c) => (0.5 + 0.001 * (r * 24 + c)).toFixed(3), 16, 24)
        .slice(1)
        .join('\n');
      // The layout names 570 and 650; the run's protocol decides: 595 nm, no reference.
      const res = await readPlate(
        text,
        { measurementWavelengthNm: 570, referenceWavelengthNm: 650 },
        runId,
        384,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ plateSize: 384, wavelengthsNm: [595], valueCount: 384 });
    });

    it('is refused when the layout names two wavelengths, saying what to change', async () => {
      const res = await readPlate(bareGrid(2), {
        measurementWavelengthNm: 570,
        referenceWavelengthNm: 650,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ code: 'MISSING_WAVELENGTH', wavelengthNm: 570 }),
      ]);
      expect(res.body.errors[0].message).toContain('The file names no wavelength');
      expect(res.body.errors[0].message).toContain(
        'plan the layout without a reference wavelength',
      );
    });
  });

  describe('the reference wavelength', () => {
    /** The synthetic long table read at 570 nm only (its 650 nm column dropped). */
    const only570 = (variant: number) =>
      syntheticReading(variant)
        .trim()
        .split('\n')
        .map((l) => l.split(',').slice(0, 5).join(','))
        .join('\n') + '\n';

    it('a run whose protocol subtracts 650 nm and a file read at 570 nm only: the run setting to change', async () => {
      const runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
      const res = await readPlate(
        only570(3),
        { measurementWavelengthNm: 570, referenceWavelengthNm: null },
        runId,
      );
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ code: 'MISSING_WAVELENGTH', wavelengthNm: 650 }),
      ]);
      expect(res.body.errors[0].message).toBe(
        'The protocol subtracts a reference read at 650 nm; the file holds 570 nm. Read the plate ' +
          'at 650 nm too, or, if no reference is wanted, set the run parameter ' +
          'subtractReferenceWavelength to false; if the reference was read at another wavelength, ' +
          'set the run parameter referenceWavelengthNm to it.',
      );
    });

    it('a layout that subtracts 650 nm names the layout setting; a layout or run can say none', async () => {
      const byLayout = await readPlate(only570(4), {
        measurementWavelengthNm: 570,
        referenceWavelengthNm: 650,
      });
      expect(byLayout.status).toBe(422);
      expect(byLayout.body.errors[0].message).toContain(
        "set the plate layout's referenceWavelengthNm to null",
      );
      const noneByLayout = await readPlate(only570(5), {
        measurementWavelengthNm: 570,
        referenceWavelengthNm: null,
      });
      expect(noneByLayout.status).toBe(201);
      expect(noneByLayout.body.analysis).toMatchObject({ status: 'analysed' });
      const runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant), {
        subtractReferenceWavelength: false,
      });
      const noneByRun = await readPlate(
        only570(6),
        { measurementWavelengthNm: 570, referenceWavelengthNm: 650 },
        runId,
      );
      expect(noneByRun.status).toBe(201);
      expect(noneByRun.body.analysis).toMatchObject({ status: 'analysed' });
    });
  });
});
