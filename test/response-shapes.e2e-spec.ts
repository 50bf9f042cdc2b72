// Issue 14, "one vocabulary across the API": on the seed:demo data, every response of the main
// GET routes gives an IC50 in one shape (Ic50Dto) wherever it carries one, and carries no float
// noise such as 2.4999999999999998e-05 (a unit conversion's binary residue).
import { seedDemo } from '../seed/demo-seed';
import { bearer } from './support/runs-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** The keys of Ic50Dto, the one shape of an IC50. */
const IC50_KEYS = [
  'absolute',
  'bound',
  'ci95',
  'ciReliable',
  'display',
  'halfMaximal',
  'lnRelative',
  'relative',
  'seLnRelative',
  'unit',
].sort();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every value of `body` with its JSON path. */
function* walk(v: Json, path: string): Generator<[string, Json]> {
  yield [path, v];
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* walk(v[i], `${path}[${i}]`);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) yield* walk(x, `${path}.${k}`);
  }
}

const significantDigits = (x: number): number =>
  x.toExponential().split('e')[0].replace('-', '').replace('.', '').length;

/**
 * Float noise: a number that is not what it would be written as, i.e. rounding it to 15
 * significant digits gives a short decimal (at most 12 digits) that differs from it, as
 * 0.000024999999999999998 (2.5e-5) or 70.00000000000001 (70). A computed estimate such as
 * 2.2476888049321686 keeps its 17 digits at 15 and is not noise.
 */
export function isFloatNoise(x: number): boolean {
  if (!Number.isFinite(x) || Number.isInteger(x)) return false;
  const r = Number(x.toPrecision(15));
  return r !== x && significantDigits(r) <= 12;
}

describe('isFloatNoise', () => {
  it('finds the noise of the issue and spares estimates and file numbers', () => {
    expect(isFloatNoise(0.000024999999999999998)).toBe(true);
    expect(isFloatNoise(70.00000000000001)).toBe(true);
    expect(isFloatNoise(0.30000000000000004)).toBe(true);
    expect(isFloatNoise(2.5e-5)).toBe(false);
    expect(isFloatNoise(2.2476888049321686)).toBe(false);
    expect(isFloatNoise(0.1234)).toBe(false);
    expect(isFloatNoise(25)).toBe(false);
  });
});

describe('response shapes on the seed:demo data (issue 14)', () => {
  let t: TestApp;
  /** Route → body, every GET this test walks. */
  const bodies = new Map<string, Json>();

  const get = async (path: string): Promise<Json> => {
    const res = await t.http().get(`/api/v1${path}`).set(bearer(t.adminKey));
    if (res.status !== 200) {
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    bodies.set(path, res.body as Json);
    return res.body as Json;
  };
  /** For routes that answer only some records (qPCR analyses of a qPCR run): 200 or nothing. */
  const getIfAny = async (path: string): Promise<Json> => {
    const res = await t.http().get(`/api/v1${path}`).set(bearer(t.adminKey));
    if (res.status !== 200) return { items: [] };
    bodies.set(path, res.body as Json);
    return res.body as Json;
  };
  const items = (b: Json) => (b as { items: { id: string }[] }).items;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app);

    const materials = items(await get('/materials?limit=200')) as unknown as {
      id: string;
      barcode: string;
    }[];
    const byBarcode = (b: string) => materials.find((m) => m.barcode === b)!.id;
    const parental = byBarcode('DEMO-CL-001');
    const resistant = byBarcode('DEMO-CL-004');
    for (const id of [parental, resistant]) {
      await get(`/materials/${id}`);
      await get(`/materials/${id}/fits`);
      await get(`/materials/${id}/fold-resistance`);
      await get(`/materials/${id}/evidence`);
    }

    for (const run of items(await get('/runs?limit=200'))) {
      await get(`/runs/${run.id}`);
      const analyses = items(await getIfAny(`/runs/${run.id}/qpcr-analyses`));
      for (const a of analyses as unknown as { analysisId: string }[]) {
        await get(`/qpcr-analyses/${a.analysisId}`);
      }
    }
    for (const plate of items(await get('/plates?limit=50'))) {
      await get(`/plates/${plate.id}`);
      await get(`/plates/${plate.id}/fits?all=true`);
      await get(`/plates/${plate.id}/qc`);
    }
    for (const fit of items(await get('/fits?limit=100'))) await get(`/fits/${fit.id}`);
    await get(`/fold-resistance?resistantMaterialId=${resistant}&parentalMaterialId=${parental}`);
    const experiments = items(await get('/efflux-experiments')) as unknown as {
      id: string;
      inhibitorName: string;
      inhibitorConcentrationMolar: number;
    }[];
    for (const e of experiments) {
      await get(`/efflux-experiments/${e.id}`);
      await get(
        `/efflux-reversal?resistantMaterialId=${resistant}&parentalMaterialId=${parental}` +
          `&inhibitor=${encodeURIComponent(e.inhibitorName)}` +
          `&inhibitorConcentrationMicromolar=${Number((e.inhibitorConcentrationMolar * 1e6).toPrecision(15))}`,
      );
    }
    for (const b of items(await get('/lcms-batches'))) {
      await get(`/lcms-batches/${b.id}`);
      await get(`/lcms-batches/${b.id}/calibrations`);
    }
    await get('/lcms-concentrations?limit=200');
    for (const c of items(await get('/coculture-cultures')))
      await get(`/coculture-cultures/${c.id}`);
    await get('/degradation-results?limit=200');
    await get('/degradation/comparison');
    await get('/qpcr-fold-changes?limit=200');
    await get('/protocols');
    // Imports put their analysis summary (with each fit's IC50) in the audit trail.
    await get('/audit?limit=500');
  }, 600_000);
  afterAll(() => t.close());

  it('walks every main GET route of the demo data', () => {
    expect(bodies.size).toBeGreaterThan(40);
  });

  it('gives every IC50 in one shape (Ic50Dto), on fits, plate fits, fold-resistance, efflux and import analyses', () => {
    const found = new Map<string, number>();
    const wrong: string[] = [];
    for (const [route, body] of bodies) {
      for (const [path, v] of walk(body, '$')) {
        const key = path.slice(path.lastIndexOf('.') + 1);
        // The flat spellings of earlier shapes: ic50Display, ic50Ci95, ic50Bound, seLnIc50.
        if (/^ic50[A-Z]|^seLnIc50$/.test(key)) wrong.push(`${route} ${path}: flat IC50 field`);
        if (key !== 'ic50') continue;
        found.set(route, (found.get(route) ?? 0) + 1);
        const keys = v !== null && typeof v === 'object' ? Object.keys(v).sort() : [];
        if (JSON.stringify(keys) !== JSON.stringify(IC50_KEYS)) {
          wrong.push(`${route} ${path}: ${JSON.stringify(v)}`);
          continue;
        }
        const ic50 = v as { display: unknown; unit: unknown; relative: unknown; ci95: unknown };
        if (typeof ic50.display !== 'string' || typeof ic50.unit !== 'string') {
          wrong.push(`${route} ${path}: display and unit must be strings`);
        }
        if (ic50.relative !== null && typeof ic50.relative !== 'number') {
          wrong.push(`${route} ${path}: relative must be a number or null`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const routesWith = (prefix: RegExp) => [...found.keys()].filter((r) => prefix.test(r));
    // Each kind of route that carries an IC50 was seen with one.
    expect(routesWith(/^\/fits\/[^?]+$/).length).toBeGreaterThan(0);
    expect(routesWith(/^\/fits\?/)).toHaveLength(1);
    expect(routesWith(/^\/plates\/[^/]+\/fits/).length).toBeGreaterThan(0);
    expect(routesWith(/^\/materials\/[^/]+\/fits$/).length).toBeGreaterThan(0);
    expect(routesWith(/^\/fold-resistance\?/)).toHaveLength(1);
    expect(routesWith(/^\/efflux-experiments\/[^/]+$/).length).toBeGreaterThan(0);
    expect(routesWith(/^\/efflux-reversal\?/).length).toBeGreaterThan(0);
    expect(routesWith(/^\/audit\?/)).toHaveLength(1);
  });

  it('puts the same IC50 in a fit, its summary in fold-resistance and an efflux result', () => {
    const fr = bodies.get(
      [...bodies.keys()].find((r) => r.startsWith('/fold-resistance?'))!,
    ) as unknown as { resistant: { fit: { id: string; ic50: unknown } } };
    const fit = bodies.get(`/fits/${fr.resistant.fit.id}`) as unknown as { ic50: unknown };
    expect(fr.resistant.fit.ic50).toEqual(fit.ic50);
    const efflux = bodies.get(
      [...bodies.keys()].find((r) => /^\/efflux-experiments\/[^/]+$/.test(r))!,
    ) as unknown as { fits: Record<string, { id: string; ic50: unknown } | null> };
    for (const summary of Object.values(efflux.fits)) {
      if (summary === null) continue;
      expect(summary.ic50).toEqual(
        (bodies.get(`/fits/${summary.id}`) as unknown as { ic50: unknown }).ic50,
      );
    }
  });

  // Computed values leave without binary residue (withoutBinaryResidue at the mappers): unit
  // conversions, and means, sums and differences of measured values (a mean Cq of 28.55, 28.56
  // and 28.57 is 28.56, not 28.560000000000002), whose stored results keep full precision.
  it('carries no float noise: no conversion or arithmetic residue in any number of any walked response', () => {
    const noisy: string[] = [];
    let checked = 0;
    for (const [route, body] of bodies) {
      for (const [path, v] of walk(body, '$')) {
        if (typeof v !== 'number') continue;
        checked++;
        if (isFloatNoise(v)) noisy.push(`${route} ${path}: ${v}`);
      }
    }
    expect(noisy).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('writes the qPCR export as the analysis answers it: mean Cq and ΔCq without residue', async () => {
    const analyses = [...bodies.keys()].filter((r) => /^\/qpcr-analyses\/[^/?]+$/.test(r));
    expect(analyses.length).toBeGreaterThan(0);
    for (const route of analyses) {
      const res = await t.http().get(`/api/v1${route}/export.csv`).set(bearer(t.adminKey));
      expect(res.status).toBe(200);
      const [header, ...rows] = res.text.split('\r\n').map((l) => l.split(','));
      const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
      const samples = (
        bodies.get(route) as unknown as {
          result: { samples: { meanCq: number | null; deltaCq: number | null }[] };
        }
      ).result.samples;
      const cell = (v: number | null) => (v === null ? '' : String(v));
      expect(column('cq_mean')).toEqual(samples.map((s) => cell(s.meanCq)));
      expect(column('delta_cq')).toEqual(samples.map((s) => cell(s.deltaCq)));
      const noisy = rows.flat().filter((c) => c !== '' && isFloatNoise(Number(c)));
      expect(noisy).toEqual([]);
    }
  });

  it('gives the efflux inhibitor concentration and every fit concentration as entered (25 µM is 0.000025 M)', () => {
    const experiments = (
      bodies.get('/efflux-experiments') as unknown as {
        items: { inhibitorConcentrationMolar: number | null }[];
      }
    ).items;
    expect(experiments.map((e) => e.inhibitorConcentrationMolar)).toEqual([0.000025]);
    const fits = (
      bodies.get('/fits?limit=100') as unknown as {
        items: { points: { x: number }[]; concentrationUnit: string }[];
      }
    ).items;
    const xs = fits.flatMap((f) => f.points.map((p) => p.x));
    expect(xs.length).toBeGreaterThan(0);
    for (const x of xs) expect(x).toBe(Number(x.toPrecision(12)));
  });
});
