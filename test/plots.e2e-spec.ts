// The pictures, through the API: one fit (points with replicate error bars, curve, IC50 with
// its CI band, log concentration axis with units, flags) and the fold-resistance overlay
// (parental, resistant, ± inhibitor). Each SVG is parsed by a strict XML reader and searched
// for its elements.
import type { FitDto } from '../src/assays/viability/dto/fit.dto';
import { api, importedPlate, type User, plateAssayWorld } from './support/plate-assays';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';
import { byClass, parseXml, textOf, type XmlElement } from './support/svg-structure';
import { TestApp } from './support/test-app';

describeWithFixtures('plots: fit and fold-resistance SVG (API)', () => {
  const E = readFixtureJson('mtt', 'parental-vs-resistant', 'expected.json').expected;
  let t: TestApp;
  let sam: User;
  let parental: string;
  let resistant: string;
  let plate: string;
  let fits: FitDto[];

  const svgOf = async (path: string): Promise<XmlElement> => {
    const res = await api(t, sam)
      .get(path)
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    return parseXml(res.body as string);
  };

  beforeAll(async () => {
    ({ t, sam, parental, resistant } = await plateAssayWorld());
    ({ plateId: plate } = await importedPlate(t, sam, {
      mapCsv: readFixtureText('mtt', 'parental-vs-resistant', 'plate_map.csv'),
      materials: { parental, resistant },
      reading: readFixtureText('mtt', 'parental-vs-resistant', 'long.csv'),
      barcode: 'TL-MTT-0731',
    }));
    fits = (await api(t, sam).get(`/plates/${plate}/fits`).expect(200)).body.items as FitDto[];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('one fit: curve, replicate points with error bars, IC50 marker and CI band, axes', async () => {
    const fit = fits.find((f) => f.materialId === parental)!;
    const svg = await svgOf(`/fits/${fit.id}/plot.svg`);
    expect(svg.name).toBe('svg');
    const curve = byClass(svg, 'curve', 'path');
    expect(curve).toHaveLength(1);
    expect(curve[0].attrs.d.split('L').length).toBeGreaterThan(100);
    expect(byClass(svg, 'point', 'circle')).toHaveLength(27);
    expect(byClass(svg, 'error-bar')).toHaveLength(9);
    const marker = byClass(svg, 'ic50-marker')[0];
    expect(Number(marker.attrs['data-ic50'])).toBeCloseTo(E.parental.LL4.e, 3);
    expect(textOf(marker)).toMatch(/^IC50 2\.248 µM$/);
    const band = byClass(svg, 'ic50-ci-band', 'rect')[0];
    expect(Number(band.attrs['data-ci-low'])).toBeCloseTo(
      E.parental.LL4.ic50_ci95_logscale_t[0],
      3,
    );
    expect(Number(band.attrs['data-ci-high'])).toBeCloseTo(
      E.parental.LL4.ic50_ci95_logscale_t[1],
      3,
    );
    const x = byClass(svg, 'x-axis')[0];
    expect(byClass(x, 'tick-label').map(textOf)).toEqual(
      expect.arrayContaining(['1', '10', '100']),
    );
    expect(textOf(byClass(x, 'axis-title')[0])).toBe('Concentration (µM, log scale)');
    const y = byClass(svg, 'y-axis')[0];
    expect(byClass(y, 'tick-label').map(textOf)).toEqual(expect.arrayContaining(['0', '100']));
    expect(byClass(svg, 'flag').map(textOf).join(' ')).toMatch(/no quality flags/);
    expect(textOf(byClass(svg, 'plot-title')[0])).toMatch(/HIG-82: LL4 dose-response/);
  });

  it('the fold-resistance overlay: parental and resistant curves with FR', async () => {
    const svg = await svgOf(
      `/fold-resistance/plot.svg?resistantMaterialId=${resistant}&parentalMaterialId=${parental}`,
    );
    expect(byClass(svg, 'curve', 'path')).toHaveLength(2);
    expect(byClass(svg, 'ic50-marker')).toHaveLength(2);
    expect(byClass(svg, 'series').map((s) => s.attrs['data-series'])).toEqual([
      'HIG-82 (parental)',
      'HIG-82 6-TG-R (resistant)',
    ]);
    expect(byClass(svg, 'note').map(textOf).join('\n')).toMatch(
      /Fold-resistance 9\.923 \(95 % CI 7\.809–12\.61\)/,
    );
    expect(textOf(byClass(svg, 'legend')[0])).toMatch(/IC50 22\.3/);
  });

  it('with an inhibitor: four curves, the + inhibitor ones dashed', async () => {
    const R = ['efflux', 'mk571-reversal'];
    await importedPlate(t, sam, {
      mapCsv: readFixtureText(...R, 'plate1_resistant_plate_map.csv'),
      materials: { resistant },
      reading: readFixtureText(...R, 'plate1_resistant_long.csv'),
      barcode: 'TL-EFF-R1',
    });
    await importedPlate(t, sam, {
      mapCsv: readFixtureText(...R, 'plate2_parental_plate_map.csv'),
      materials: { parental },
      reading: readFixtureText(...R, 'plate2_parental_long.csv'),
      barcode: 'TL-EFF-P2',
    });
    const svg = await svgOf(
      `/fold-resistance/plot.svg?resistantMaterialId=${resistant}&parentalMaterialId=${parental}&inhibitor=MK571`,
    );
    const curves = byClass(svg, 'curve', 'path');
    expect(curves).toHaveLength(4);
    expect(curves.filter((c) => c.attrs['stroke-dasharray'] !== undefined)).toHaveLength(2);
    expect(byClass(svg, 'series').map((s) => s.attrs['data-series'])).toContain(
      'HIG-82 6-TG-R + MK571 25 µM',
    );
  });

  it('an IC50 above the tested range is drawn as "> 200 µM", never as a marker', async () => {
    const text = readFixtureText('mtt', 'edge-cases', 'ic50-above-range_long.csv');
    const line = await createDerivedPopulation(t, sam.key, parental, 'resistant-B');
    const { plateId } = await importedPlate(t, sam, {
      mapCsv: text, // the long table is also a plate map (extra columns are kept aside)
      materials: { 'resistant-B': line },
      reading: text,
      barcode: 'TL-EDGE-1',
    });
    const [fit] = (await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body.items;
    expect(fit.flags).toContain('ic50-above-range');
    expect(fit.ic50).toMatchObject({
      relative: null,
      bound: { relation: '>', concentration: 200 },
    });
    const svg = await svgOf(`/fits/${fit.id}/plot.svg`);
    expect(byClass(svg, 'ic50-marker')).toHaveLength(0);
    expect(textOf(byClass(svg, 'ic50-bound')[0])).toBe('IC50 > 200 µM');
    expect(byClass(svg, 'flag').map(textOf).join(' ')).toMatch(/ic50-above-range/);
  });

  it('an inactive series: points, no curve, no IC50', async () => {
    const text = readFixtureText('mtt', 'edge-cases', 'inactive-flat_long.csv');
    const names = [
      ...new Set(
        text
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[2])
          .filter(Boolean),
      ),
    ];
    const line = await createParentalLine(t, sam.key, names[0]);
    const { plateId } = await importedPlate(t, sam, {
      mapCsv: text,
      materials: { [names[0]]: line },
      reading: text,
      barcode: 'TL-EDGE-2',
    });
    const [fit] = (await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body.items;
    expect(fit.fitStatus).toBe('inactive');
    expect(fit.flags).toContain('inactive');
    const svg = await svgOf(`/fits/${fit.id}/plot.svg`);
    expect(byClass(svg, 'curve')).toHaveLength(0);
    expect(byClass(svg, 'point', 'circle').length).toBeGreaterThan(0);
    expect(byClass(svg, 'ic50-marker')).toHaveLength(0);
  });

  it('404 for an unknown fit', async () => {
    await api(t, sam).get('/fits/00000000-0000-4000-8000-000000000000/plot.svg').expect(404);
  });
});
