// Results at the edges through the real API (SCIENCE.md §2, issue 15): an IC50 that is a bound
// ("> 200 µM") in the fits, fold-resistance, CSV export and plot; a control-only QC plate; edge
// effects named by row; the protocol's edge threshold reaching plate QC (issue 13); flags with
// severities, and a blocks-approval flag holding the run until a manager overrides it; the
// import answer's top-level warnings and `not-analysable` reason.
// Fixtures: test/fixtures/analysis-edges (synthetic, fixed seeds).
import Papa from 'papaparse';
import type { FitDto } from '../src/assays/viability/dto/fit.dto';
import type { FoldResistanceDto } from '../src/assays/viability/dto/fold-resistance.dto';
import type { PlateQcResultDto } from '../src/assays/viability/dto/plate-analysis.dto';
import { readEdgePlateText } from './support/analysis-edge-fixtures';
import {
  api,
  cellLines,
  completeAndSubmit,
  sign,
  startedRun,
  type User,
} from './support/plate-assays';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

interface Warning {
  code: string;
  severity: string;
  message: string;
}

interface ImportAnswer {
  outcome: string;
  warnings: Warning[];
  analysis: {
    status: string;
    reason?: string;
    qc?: {
      passes: boolean;
      zPrime: number | null;
      signalToBackground: number | null;
      signalWindow: number | null;
      flags: string[];
      notComputed: { quantity: string; reason: string }[];
    };
  } | null;
}

/** The plate map of a long fixture: its first four columns, controls at concentration 0. */
function mapOf(longCsv: string): string {
  const rows = Papa.parse<string[]>(longCsv.trim()).data;
  return rows
    .map((r, i) => (i === 0 ? r.slice(0, 4) : [r[0], r[1], r[2], r[3] === '' ? '0' : r[3]]))
    .map((r) => r.join(','))
    .join('\n');
}

describe('analysis at the edges (API)', () => {
  let t: TestApp;
  let sam: User; // scientist, operator
  let mia: User; // manager
  let parental: string;
  let resistant: string;
  let hig: string;
  let imports = 0;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    parental = await createParentalLine(t, sam.key, 'HIG-82 P');
    resistant = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 R');
    hig = await createParentalLine(t, sam.key, 'HIG-82');
  });
  afterAll(() => t.close());

  /** Layout from the fixture's map, a plate (in `runId`), the reading posted. */
  async function importPlate(
    fixture: string,
    barcode: string,
    materials: Record<string, string>,
    runId?: string,
    map?: string,
  ): Promise<{ plateId: string; status: number; body: ImportAnswer }> {
    // Other bytes for each import: the same file for another plate is a duplicate.
    const longCsv = readEdgePlateText(fixture) + '\n'.repeat(++imports);
    const layout = await api(t, sam)
      .post('/plate-layouts/import', {
        name: `layout ${barcode}`,
        csv: map ?? mapOf(longCsv),
        materials,
        referenceWavelengthNm: 650,
      })
      .expect(201);
    const plate = await api(t, sam)
      .post('/plates', { barcode, layoutId: layout.body.id, runId })
      .expect(201);
    const res = await api(t, sam).postText(`/plates/${plate.body.id}/readings`, longCsv);
    if (res.status !== 201) throw new Error(`import ${res.status}: ${JSON.stringify(res.body)}`);
    return { plateId: plate.body.id as string, status: res.status, body: res.body as ImportAnswer };
  }

  const currentQc = async (plateId: string): Promise<PlateQcResultDto> =>
    (
      (await api(t, sam).get(`/plates/${plateId}/qc`).expect(200)).body.items as PlateQcResultDto[]
    ).find((q) => q.status === 'current') as PlateQcResultDto;

  describe('a resistant line that never falls below 80 %', () => {
    let plateId: string;
    let fits: FitDto[];

    beforeAll(async () => {
      ({ plateId } = await importPlate('resistant-above-range', 'TL-EDGE-001', {
        parental,
        resistant,
      }));
      fits = (await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body.items as FitDto[];
    });

    it('its IC50 is the bound "> 200 µM", e shown only as the half-maximal concentration', () => {
      const r = fits.find((f) => f.materialId === resistant) as FitDto;
      expect(r.ic50.relative).toBeNull();
      expect(r.ic50.ci95).toBeNull();
      expect(r.ic50.bound).toEqual({ relation: '>', concentration: 200 });
      expect(r.ic50.display).toBe('> 200 µM');
      expect(r.ic50.halfMaximal!.display).toMatch(/^half-maximal concentration \d/);
      expect(r.flagDetails).toContainEqual(
        expect.objectContaining({ flag: 'ic50-above-range', severity: 'info' }),
      );
      const p = fits.find((f) => f.materialId === parental) as FitDto;
      expect(p.ic50.relative).toBeGreaterThan(5);
      expect(p.ic50.relative).toBeLessThan(12);
      expect(p.ic50.ciReliable).toBe(true);
    });

    it('fold-resistance is "> N-fold" from the top dose, with no point and no CI, and is recorded so', async () => {
      const q = `resistantMaterialId=${resistant}&parentalMaterialId=${parental}`;
      const fr = (await api(t, sam).get(`/fold-resistance?${q}`).expect(200))
        .body as FoldResistanceDto;
      const p = fits.find((f) => f.materialId === parental) as FitDto;
      expect(fr.status).toBe('bound');
      expect(fr.ratio).toBeNull();
      expect(fr.ci95).toBeNull();
      expect(fr.bound!.relation).toBe('>');
      expect(fr.bound!.value).toBeCloseTo(200 / (p.ic50.relative as number), 8);
      expect(fr.display).toMatch(/^> \d+(\.\d+)?-fold$/);
      expect(fr.statusReason).toMatch(/> 200 µM/);
      const recorded = (
        await api(t, sam)
          .post('/fold-resistance', {
            resistantMaterialId: resistant,
            parentalMaterialId: parental,
          })
          .expect(201)
      ).body as FoldResistanceDto;
      expect(recorded.bound).toEqual(fr.bound);
      const items = (await api(t, sam).get(`/materials/${resistant}/fold-resistance`).expect(200))
        .body.items as { bound: unknown }[];
      expect(items[0].bound).toEqual(fr.bound);
    });

    it('the CSV export and the plot carry the bound, not a point', async () => {
      const r = fits.find((f) => f.materialId === resistant) as FitDto;
      const csv = await api(t, sam).get(`/fits/export.csv?plateId=${plateId}`).expect(200);
      const rows = Papa.parse<Record<string, string>>(csv.text, { header: true }).data;
      const row = rows.find((x) => x.fit_id === r.id) as Record<string, string>;
      expect(row.ic50).toBe('');
      expect(row.ic50_bound).toBe('> 200');
      expect(row.half_maximal_concentration).not.toBe('');
      expect(row.flag_severities).toMatch(/ic50-above-range:info/);
      const svg = await api(t, sam).get(`/fits/${r.id}/plot.svg`).expect(200);
      const text = svg.text ?? (svg.body as Buffer).toString('utf8');
      expect(text).toContain('IC50 &gt; 200');
      expect(text).toMatch(/class="ic50-bound"/);
      expect(text).not.toMatch(/class="ic50-marker"/);
      expect(text).toMatch(/ic50-above-range \(info\)/);
    });
  });

  it('a control-only QC plate: Z′, the signal window, CVs, edges and drift, and what was not computed', async () => {
    const { plateId, status, body } = await importPlate('control-only', 'TL-EDGE-002', {
      'HIG-82': hig,
    });
    expect(status).toBe(201);
    expect(body.analysis!.status).toBe('analysed');
    expect(body.analysis!.qc!.zPrime).toBeGreaterThan(0.7);
    expect(body.analysis!.qc!.signalWindow).toBeGreaterThan(10);
    expect(body.analysis!.qc!.signalToBackground).toBeNull();
    expect(body.analysis!.qc!.passes).toBe(true);
    expect(body.warnings).toEqual([]);
    const qc = await currentQc(plateId);
    expect(qc.passes).toBe(true);
    expect(qc.signalWindow).toBeGreaterThan(10);
    expect(qc.vehicleCvPct).toBeLessThan(6);
    expect(qc.notComputed).toContainEqual({
      quantity: 'signal-to-background (vehicle/blank) and Z′ vehicle vs blank',
      reason: 'no blank wells',
    });
    expect(qc.notComputed).toContainEqual({
      quantity: '% viability and dose-response fits',
      reason: 'no blank wells (% viability needs blanks)',
    });
    expect(qc.flagDetails).toContainEqual(
      expect.objectContaining({ flag: 'viability-not-computed', severity: 'info' }),
    );
    expect(qc.edgeChecks.filter((e) => e.assessable).length).toBeGreaterThanOrEqual(3);
    expect(qc.driftChecks.filter((d) => d.assessable)).toHaveLength(2);
  });

  it('rows A and H 15 % low: an edge-effect warning naming the rows, in the import answer and the QC', async () => {
    const { plateId, body } = await importPlate('edge-rows-low', 'TL-EDGE-003', { 'HIG-82': hig });
    expect(body.warnings).toContainEqual({
      code: 'edge-effect',
      severity: 'warning',
      message: expect.stringMatching(/^vehicle wells: rows A and H 1[3-7] % low$/),
    });
    const qc = await currentQc(plateId);
    expect(qc.flags).toContain('edge-effect');
    expect(qc.edgeChecks.filter((e) => e.flagged).map((e) => e.label)).toEqual(['row A', 'row H']);
  });

  it("the protocol's edge-effect threshold reaches plate QC: outer wells 12 % low flag at 10 %, not at 15 %", async () => {
    const flagsAt = async (threshold: number, barcode: string): Promise<string[]> => {
      const run = await startedRun(t, sam, 'mtt-viability', cellLines(hig), {
        edgeEffectMaxPercent: threshold,
      });
      const { plateId } = await importPlate(
        'outer-ring-12pct-low',
        barcode,
        { 'HIG-82': hig },
        run,
      );
      const qc = await currentQc(plateId);
      expect(qc.provenance.qc).toMatchObject({
        options: expect.objectContaining({ edgeEffectThresholdPct: threshold }),
      });
      return qc.flags;
    };
    expect(await flagsAt(10, 'TL-EDGE-010')).toContain('edge-effect');
    expect(await flagsAt(15, 'TL-EDGE-015')).not.toContain('edge-effect');
  });

  it('a blocks-approval flag (a series left unfitted) holds the run until a manager overrides the plate', async () => {
    const run = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    const { plateId } = await importPlate(
      'resistant-above-range',
      'TL-EDGE-004',
      { parental, resistant },
      run,
    );
    expect((await currentQc(plateId)).passes).toBe(true);
    // Leave the parental series too few wells to fit.
    const wells = ['A', 'B', 'C'].flatMap((r) =>
      [4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => `${r}${c}`),
    );
    await api(t, sam)
      .post(`/plates/${plateId}/exclusions`, { wells: wells.slice(0, 25), reason: 'spilled' })
      .expect(201);
    const qc = await currentQc(plateId);
    expect(qc.passes).toBe(false);
    expect(qc.blockingFlags).toEqual(['fit-failed']);
    expect(qc.flagDetails.find((d) => d.flag === 'fit-failed')!.message).toMatch(
      /HIG-82 P: not-fitted/,
    );
    await completeAndSubmit(t, sam, run);
    const refused = await api(t, mia).post(`/runs/${run}/approve`, sign()).expect(409);
    expect(refused.body.errors[0].message).toMatch(/flags that block approval: fit-failed/);
    await api(t, mia)
      .post(`/plates/${plateId}/qc-override`, { reason: 'parental line repeated on plate 5' })
      .expect(200);
    await api(t, mia).post(`/runs/${run}/approve`, sign()).expect(200);
  });

  it('an import whose analysis could not run: 201, analysis.status not-analysable with a reason, and a top-level warning', async () => {
    const map = [
      'well,role,line,concentration,unit',
      'A1,blank,,0,uM',
      'A2,vehicle,HIG-82,0,uM',
      'A3,vehicle,HIG-82,0,uM',
      'A4,treated,HIG-82,10,ug/mL',
      'A5,treated,HIG-82,10,ng/mL',
    ].join('\n');
    const layout = await api(t, sam)
      .post('/plate-layouts/import', {
        name: 'mixed mass units',
        csv: map,
        materials: { 'HIG-82': hig },
        plateSize: 96,
      })
      .expect(201);
    const plate = await api(t, sam)
      .post('/plates', { barcode: 'TL-EDGE-005', layoutId: layout.body.id })
      .expect(201);
    const reading = [
      'well,a570,a650',
      'A1,0.09,0.04',
      'A2,1.10,0.04',
      'A3,1.12,0.04',
      'A4,0.60,0.04',
      'A5,0.90,0.04',
    ].join('\n');
    const res = await api(t, sam).postText(`/plates/${plate.body.id}/readings`, reading);
    if (res.status !== 201) throw new Error(`import ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as ImportAnswer;
    expect(body.analysis).toMatchObject({
      status: 'not-analysable',
      reason: expect.stringMatching(/units/),
    });
    expect(body.warnings).toEqual([
      {
        code: 'not-analysable',
        severity: 'blocks-approval',
        message: expect.stringMatching(/could not be analysed: .*units/),
      },
    ]);
  });
});
