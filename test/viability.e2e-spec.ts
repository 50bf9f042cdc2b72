// MTT viability end to end through the real API: layout from the plate map, plate in a run,
// reader export uploaded → stored → fitted → audited; then fits, plate QC, fold-resistance
// against the reference answers of ../shared/fixtures/mtt/parental-vs-resistant, the CSV
// export, exclusion + refit (superseding, never deleting), and the Z′ approval gate.
import Papa from 'papaparse';
import type { AnalysisWellsDto } from '../src/assays/viability/dto/analysis-wells.dto';
import type { FitDto, FitPageDto } from '../src/assays/viability/dto/fit.dto';
import type { PlateAnalysisSummary } from '../src/assays/viability/viability-analysis.service';
import type {
  FoldResistanceDto,
  RecordedFoldResistanceDto,
} from '../src/assays/viability/dto/fold-resistance.dto';
import type {
  PlateAnalysisDto,
  PlateQcResultDto,
} from '../src/assays/viability/dto/plate-analysis.dto';
import {
  api,
  type AuditRow,
  type ImportResult,
  cellLines,
  completeAndSubmit,
  expectRel,
  importedPlate,
  sign,
  startedRun,
  type User,
  plateAssayWorld,
} from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';
import { createUserWithKey, TestApp } from './support/test-app';

const DIR = ['mtt', 'parental-vs-resistant'];

describeWithFixtures('viability: MTT plate → fits → QC → fold-resistance (API)', () => {
  const expected = readFixtureJson(...DIR, 'expected.json');
  const E = expected.expected;
  const tol = expected.tolerance;
  const mapCsv = readFixtureText(...DIR, 'plate_map.csv');
  const longCsv = readFixtureText(...DIR, 'long.csv');

  let t: TestApp;
  let sam: User; // scientist, operator
  let mia: User; // manager
  let parental: string;
  let resistant: string;
  let run1: string;
  let plate1: string;
  let importResult: ImportResult;
  const fitOf = (fits: FitDto[], material: string): FitDto =>
    fits.find((f) => f.materialId === material && f.inhibitor === null) as FitDto;

  beforeAll(async () => {
    ({ t, sam, parental, resistant } = await plateAssayWorld());
    mia = await createUserWithKey(t, 'mia', ['manager']);
    run1 = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    ({ plateId: plate1, result: importResult } = await importedPlate(t, sam, {
      mapCsv,
      materials: { parental, resistant },
      reading: longCsv,
      runId: run1,
      barcode: 'TL-MTT-0731',
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the import answers with the analysis it ran in the same transaction', () => {
    expect(importResult.outcome).toBe('imported');
    expect(importResult.analysis).toMatchObject({ status: 'analysed', plateId: plate1 });
    const analysis = importResult.analysis as PlateAnalysisSummary;
    expect(analysis.fits).toHaveLength(2);
    expect(analysis.qc.passes).toBe(true);
  });

  it('fits each line (LL.4, the protocol default) to the reference IC50, CI and parameters', async () => {
    const fits = (await api(t, sam).get(`/plates/${plate1}/fits`).expect(200)).body
      .items as FitDto[];
    expect(fits).toHaveLength(2);
    for (const [line, id] of [
      ['parental', parental],
      ['resistant', resistant],
    ] as const) {
      const f = fitOf(fits, id);
      const e = E[line].LL4;
      expect(f).toMatchObject({
        model: 'LL4',
        status: 'current',
        fitStatus: 'fitted',
        converged: true,
        concentrationUnit: 'µM',
        n: e.n,
        df: e.df_residual,
        flags: [],
      });
      expectRel(f.ic50.relative, e.e, tol.b_c_d_ic50_relative, `${line} IC50`);
      expectRel(
        f.ic50.ci95![0],
        e.ic50_ci95_logscale_t[0],
        tol.se_and_ci_relative,
        `${line} CI low`,
      );
      expectRel(
        f.ic50.ci95![1],
        e.ic50_ci95_logscale_t[1],
        tol.se_and_ci_relative,
        `${line} CI hi`,
      );
      expectRel(f.ic50.seLnRelative, e.se.ln_e, tol.se_and_ci_relative, `${line} SE(ln e)`);
      expectRel(f.ic50.absolute, e.ic50_absolute_50pct, tol.b_c_d_ic50_relative, `${line} abs`);
      expectRel(f.parameters!.b.estimate, e.b, tol.b_c_d_ic50_relative, `${line} b`);
      expectRel(f.parameters!.c.estimate, e.c, tol.b_c_d_ic50_relative, `${line} c`);
      expectRel(f.parameters!.d.estimate, e.d, tol.b_c_d_ic50_relative, `${line} d`);
      expectRel(f.parameters!.d.se, e.se.d, tol.se_and_ci_relative, `${line} SE(d)`);
      expectRel(f.rss, e.rss, tol.rss_r2_relative, `${line} RSS`);
      expectRel(f.rSquared, e.r_squared, tol.rss_r2_relative, `${line} R²`);
      expect(f.provenance).toMatchObject({
        method: 'dose-response/log-logistic-least-squares',
        inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(f.points).toHaveLength(e.n);
    }
  });

  it('shows each derived value with the raw well readings it points back to', async () => {
    const analysisId = (importResult.analysis as PlateAnalysisSummary).analysisId;
    const body = (
      await api(t, sam).get(`/plates/${plate1}/analyses/${analysisId}/wells`).expect(200)
    ).body as AnalysisWellsDto;
    expect(body).toMatchObject({
      analysisId,
      plateId: plate1,
      status: 'current',
      provenance: {
        method: 'plate/mtt-normalisation',
        methodVersion: expect.any(String),
        inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    const a4 = body.wells.find((w) => w.well === 'A4')!;
    expect(a4).toMatchObject({
      role: 'treated',
      materialId: parental,
      materialName: 'HIG-82',
      measurement: { wavelengthNm: 570, value: 0.1783 },
      reference: { wavelengthNm: 650, value: 0.0416 },
      negativeSignal: false,
    });
    expect(a4.concentrationValue).not.toBeNull();
    expect(Number(a4.measurement!.raw)).toBe(0.1783);
    // The raw values are the reading's, as the plate's wells route shows them: same ids.
    expect([a4.measurement!.id, a4.reference!.id]).toEqual(['A4@570', 'A4@650']);
    const plateWells = (await api(t, sam).get(`/plates/${plate1}/wells`).expect(200)).body as {
      readingId: string;
      wells: { well: string; values: { id: string; wavelengthNm: number; raw: string }[] }[];
    };
    expect(plateWells.readingId).toBe(body.readingId);
    expect(plateWells.wells.find((w) => w.well === 'A4')!.values).toEqual([
      a4.measurement,
      a4.reference,
    ]);
    expect(a4.signalAu).toBeCloseTo(0.1783 - 0.0416, 12);
    expect(a4.blankCorrectedAu).toBeCloseTo(a4.signalAu - E.parental.blank_mean_A, 12);
    // One entry per analysed well, each with its raw values; every fit point has its well's.
    const wells = new Map(body.wells.map((w) => [w.well, w]));
    expect(wells.size).toBe(body.wells.length);
    for (const w of body.wells) {
      expect(w.measurement).not.toBeNull();
      expect(w.reference).not.toBeNull();
    }
    const fits = (await api(t, sam).get(`/plates/${plate1}/fits`).expect(200)).body
      .items as FitDto[];
    for (const f of fits) {
      expect(f.analysisId).toBe(analysisId);
      for (const p of f.points) {
        expect(Object.keys(p).sort()).toEqual(['well', 'x', 'y']);
        expect(wells.get(p.well)?.viabilityPct).toBe(p.y);
      }
    }
    await api(t, sam)
      .get(`/plates/${plate1}/analyses/00000000-0000-4000-8000-000000000000/wells`)
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('NOT_FOUND'));
  });

  it('plate QC: Z′ (vehicle vs kill control) and S/B per line match the reference', async () => {
    const [qc] = (await api(t, sam).get(`/plates/${plate1}/qc`).expect(200)).body
      .items as PlateQcResultDto[];
    expect(qc).toMatchObject({ status: 'current', passes: true, approvable: true, zPrimeMin: 0.5 });
    for (const [line, id] of [
      ['parental', parental],
      ['resistant', resistant],
    ] as const) {
      const l = qc.byLine.find((x) => x.materialId === id)!;
      const e = E[line].plate_qc;
      expectRel(l.zPrime, e.zprime_vehicle_vs_positive, tol.closed_form_relative, `${line} Z′`);
      expectRel(l.zPrimeVehicleVsBlank, e.zprime_vehicle_vs_blank, tol.closed_form_relative);
      expectRel(
        l.signalToBackground,
        e.signal_to_blank_vehicle_over_blank,
        tol.closed_form_relative,
      );
      expectRel(l.vehicleCvPct, e.cv_pct_vehicle, tol.closed_form_relative);
    }
    expectRel(qc.zPrime, E.parental.plate_qc.zprime_vehicle_vs_positive, tol.closed_form_relative);
    expect(qc.normalisation.blankMeanAu).toBeCloseTo(E.parental.blank_mean_A, 12);
  });

  it('fold-resistance with its log-scale t CI; warns while no run is approved', async () => {
    const fr = (
      await api(t, sam)
        .get(`/fold-resistance?resistantMaterialId=${resistant}&parentalMaterialId=${parental}`)
        .expect(200)
    ).body as FoldResistanceDto;
    const e = E.fold_resistance;
    expect(fr.status).toBe('determined');
    expectRel(fr.ratio, e.ratio, tol.fold_ratio_relative, 'FR');
    expectRel(fr.seLnRatio, e.se_ln_ratio, tol.se_and_ci_relative, 'SE(ln FR)');
    expect(fr.df).toBe(e.df);
    expectRel(fr.ci95![0], e.ci95_logscale_t[0], tol.fold_ci_relative, 'FR CI low');
    expectRel(fr.ci95![1], e.ci95_logscale_t[1], tol.fold_ci_relative, 'FR CI high');
    expectRel(fr.ci95LogscaleZ![0], e.ci95_logscale_z[0], tol.fold_ci_relative, 'FR z CI');
    expect(fr.definition).toMatch(/IC50\(resistant\) \/ IC50\(parental\)/);
    expect(fr.selection).toBe('latest-current');
    const codes = fr.warnings.map((w) => w.code);
    expect(codes).toContain('fit-not-from-approved-run');
    expect(codes).not.toContain('different-plates');
    expect(codes).not.toContain('different-days');
    expect(codes).not.toContain('not-derived-from-parental');
  });

  it('fold-resistance names bad requests: unknown material, a fit of another material', async () => {
    const other = await createParentalLine(t, sam.key, 'no plates yet');
    await api(t, sam)
      .get(`/fold-resistance?resistantMaterialId=${other}&parentalMaterialId=${parental}`)
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('NO_FIT_AVAILABLE'));
    const fits = (await api(t, sam).get(`/plates/${plate1}/fits`).expect(200)).body
      .items as FitDto[];
    await api(t, sam)
      .get(
        `/fold-resistance?resistantMaterialId=${resistant}&parentalMaterialId=${parental}&resistantFitId=${fitOf(fits, parental).id}`,
      )
      .expect(422);
    await api(t, sam).get(`/fold-resistance?resistantMaterialId=${resistant}`).expect(400);
  });

  it('records the fold-resistance on the resistant population (once per pair of fits)', async () => {
    const body = {
      resistantMaterialId: resistant,
      parentalMaterialId: parental,
      note: 'first MTT after 12 passages',
    };
    const a = (await api(t, sam).post('/fold-resistance', body).expect(201))
      .body as FoldResistanceDto;
    const b = (await api(t, sam).post('/fold-resistance', body).expect(201))
      .body as FoldResistanceDto;
    expect(a.id).toEqual(expect.any(String));
    expect(b.id).toBe(a.id);
    const list = (await api(t, sam).get(`/materials/${resistant}/fold-resistance`).expect(200)).body
      .items as RecordedFoldResistanceDto[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: a.id, resistantMaterialId: resistant, note: body.note });
    expectRel(list[0].ratio, E.fold_resistance.ratio, tol.fold_ratio_relative);
    const audit = (
      await api(t, mia).get(`/audit?entity=material&entityId=${resistant}`).expect(200)
    ).body as AuditRow[];
    expect(audit.map((x) => x.action)).toContain('record-fold-resistance');
  });

  it('lists and filters fits; exports them as CSV with every parameter and flag', async () => {
    const page = (await api(t, sam).get(`/fits?materialId=${parental}&status=current`).expect(200))
      .body as FitPageDto;
    expect(page.total).toBe(1);
    await api(t, sam).get('/fits?status=deleted').expect(400);
    const res = await api(t, sam).get(`/fits/export.csv?plateId=${plate1}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const csv = Papa.parse<Record<string, string>>(res.text, {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data).toHaveLength(2);
    const row = csv.data.find((r) => r.material_id === parental)!;
    expectRel(Number(row.ic50), E.parental.LL4.e, tol.b_c_d_ic50_relative);
    expect(row).toMatchObject({ model: 'LL4', flags: '', flag_ic50_above_range: '0' });
    expect(csv.meta.fields).toEqual(
      expect.arrayContaining(['b', 'b_se', 'c_se', 'd_se', 'se_ln_e', 'r_squared', 'input_hash']),
    );
  });

  it('approving the run: the plate passes QC, and FR then uses the approved fits', async () => {
    await completeAndSubmit(t, sam, run1);
    await api(t, mia).post(`/runs/${run1}/approve`, sign()).expect(200);
    const fr = (
      await api(t, sam)
        .get(`/fold-resistance?resistantMaterialId=${resistant}&parentalMaterialId=${parental}`)
        .expect(200)
    ).body as FoldResistanceDto;
    expect(fr.selection).toBe('approved-runs');
    expect(fr.warnings.map((w) => w.code)).not.toContain('fit-not-from-approved-run');
    expectRel(fr.ratio, E.fold_resistance.ratio, tol.fold_ratio_relative);
    // An approved run is locked: no exclusion, no refit.
    await api(t, sam)
      .post(`/plates/${plate1}/exclusions`, { wells: ['A4'], reason: 'bubble' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('RUN_LOCKED'));
  });

  describe('a second plate: exclusion, refit and the Z′ gate', () => {
    let run2: string;
    let plate2: string;
    let firstFits: FitDto[];

    beforeAll(async () => {
      // The same protocol with a stricter Z′ minimum than this plate reaches (0.839).
      run2 = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant), {
        zPrimeMin: 0.95,
      });
      ({ plateId: plate2 } = await importedPlate(t, sam, {
        mapCsv,
        materials: { parental, resistant },
        reading: `${longCsv}\n`, // other bytes: not a duplicate of the first file
        runId: run2,
        barcode: 'TL-MTT-0732',
      }));
      firstFits = (await api(t, sam).get(`/plates/${plate2}/fits`).expect(200)).body
        .items as FitDto[];
    });

    it('the plate fails QC and says why', async () => {
      const [qc] = (await api(t, sam).get(`/plates/${plate2}/qc`).expect(200)).body
        .items as PlateQcResultDto[];
      expect(qc).toMatchObject({ passes: false, approvable: false, zPrimeMin: 0.95 });
      expect(qc.flags).toContain('zprime-below-minimum');
    });

    it('excluding wells records who, when and why, and refits: the old fits are superseded', async () => {
      const res = (
        await api(t, sam)
          .post(`/plates/${plate2}/exclusions`, { wells: ['a4', 'B04'], reason: 'pipetting error' })
          .expect(201)
      ).body as PlateAnalysisDto;
      expect(res.exclusions.map((x) => x.well)).toEqual(['A4', 'B4']);
      expect(res.exclusions[0]).toMatchObject({
        reason: 'pipetting error',
        excludedById: sam.id,
        analysisId: res.qc.id,
      });
      expect(res.qc.excludedWells).toEqual(['A4', 'B4']);
      expect(res.qc.trigger).toBe('exclusion');
      const newParental = fitOf(res.fits, parental);
      expect(newParental.n).toBe(25);
      expect(newParental.points.map((p) => p.well)).not.toContain('A4');
      expect(res.supersededFitIds.sort()).toEqual(firstFits.map((f) => f.id).sort());
      const wellsOf = async (analysisId: string) =>
        (
          (await api(t, sam).get(`/plates/${plate2}/analyses/${analysisId}/wells`).expect(200))
            .body as AnalysisWellsDto
        ).wells.map((w) => w.well);
      expect(await wellsOf(res.qc.id)).not.toContain('A4');
      expect(await wellsOf(firstFits[0].analysisId)).toContain('A4'); // the old analysis's, kept
      // An analysis is found under its own plate only.
      await api(t, sam).get(`/plates/${plate1}/analyses/${res.qc.id}/wells`).expect(404);

      const old = (
        await api(t, sam)
          .get(`/fits/${fitOf(firstFits, parental).id}`)
          .expect(200)
      ).body as FitDto;
      expect(old).toMatchObject({ status: 'superseded', supersededById: newParental.id });
      expect(old.n).toBe(27); // never deleted, never changed
      const all = (await api(t, sam).get(`/plates/${plate2}/fits?all=true`).expect(200)).body
        .items as FitDto[];
      expect(all).toHaveLength(4);
      const history = (await api(t, sam).get(`/materials/${parental}/fits`).expect(200)).body
        .items as FitDto[];
      expect(history.map((f) => f.status).sort()).toEqual(['current', 'current', 'superseded']);
      const audit = (await api(t, mia).get(`/audit?entity=plate&entityId=${plate2}`).expect(200))
        .body as AuditRow[];
      const ex = audit.find((x) => x.action === 'exclude-wells');
      expect(ex).toMatchObject({ reason: 'pipetting error', actorId: sam.id });
      expect(ex!.after!.wells).toEqual(['A4', 'B4']);
    });

    it('refuses wells that are empty on the layout or already excluded', async () => {
      await api(t, sam)
        .post(`/plates/${plate2}/exclusions`, { wells: ['H1'], reason: 'empty well' })
        .expect(400)
        .expect((r) => expect(r.body.errors[0]).toMatchObject({ well: 'H1' }));
      await api(t, sam)
        .post(`/plates/${plate2}/exclusions`, { wells: ['A4'], reason: 'again' })
        .expect(409);
      await api(t, sam)
        .post(`/plates/${plate2}/exclusions`, { wells: ['Z9'], reason: 'bad name' })
        .expect(400);
    });

    it('a refit with another model supersedes again; the chain of fits is kept', async () => {
      const res = (
        await api(t, sam)
          .post(`/plates/${plate2}/refit`, {
            reason: 'compare with the 3-parameter model',
            model: 'LL3',
          })
          .expect(200)
      ).body as PlateAnalysisDto;
      const r = fitOf(res.fits, resistant);
      expect(r.model).toBe('LL3');
      expect(r.parameters!.c).toMatchObject({ estimate: 0, fixed: true, se: null });
      // Resistant wells were not excluded: its LL.3 fit is the reference LL.3.
      expectRel(r.ic50.relative, E.resistant.LL3.e, tol.b_c_d_ic50_relative, 'LL3 e');
      expect(r.reason).toBe('compare with the 3-parameter model');
      const qcs = (await api(t, sam).get(`/plates/${plate2}/qc`).expect(200)).body
        .items as PlateQcResultDto[];
      expect(qcs.map((q) => q.status)).toEqual(['current', 'superseded', 'superseded']);
      await api(t, sam).post(`/plates/${plate2}/refit`, { reason: 'x', model: 'LL7' }).expect(400);
    });

    it('the run cannot be approved until a manager overrides the failed plate with a reason', async () => {
      await completeAndSubmit(t, sam, run2);
      const refused = await api(t, mia).post(`/runs/${run2}/approve`, sign()).expect(409);
      expect(refused.body.code).toBe('PLATE_QC_FAILED');
      expect(refused.body.errors[0].message).toMatch(/TL-MTT-0732.*< 0\.95/);
      expect((await api(t, sam).get(`/runs/${run2}`).expect(200)).body.status).toBe('in_review');

      await api(t, sam)
        .post(`/plates/${plate2}/qc-override`, { reason: 'I would like to' })
        .expect(403);
      await api(t, mia).post(`/plates/${plate2}/qc-override`, {}).expect(400);
      await api(t, mia)
        .post(`/plates/${plate2}/qc-override`, { reason: 'looks fine', password: 'wrong password' })
        .expect(403);
      const qc = (
        await api(t, mia)
          .post(`/plates/${plate2}/qc-override`, {
            reason: 'Z′ 0.84 is fine for this assay; 0.95 was a typo in the run',
            password: mia.password,
          })
          .expect(200)
      ).body as PlateQcResultDto;
      expect(qc).toMatchObject({ passes: false, approvable: true });
      expect(qc.override).toMatchObject({
        overriddenById: mia.id,
        signatureId: expect.any(String),
        reason: expect.stringMatching(/typo/),
      });
      await api(t, mia).post(`/plates/${plate1}/qc-override`, { reason: 'not needed' }).expect(409);

      await api(t, mia).post(`/runs/${run2}/approve`, sign()).expect(200);
      const audit = (await api(t, mia).get(`/audit?entity=plate&entityId=${plate2}`).expect(200))
        .body as AuditRow[];
      expect(audit.map((x) => x.action)).toEqual(
        expect.arrayContaining(['analyse', 'exclude-wells', 'refit', 'qc-override']),
      );
    });
  });

  it('a dose series without blank wells: stored, QC computed, not fitted; the plate fails QC until overridden', async () => {
    const run3 = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    const noBlanks = mapCsv.replace(/^([A-H]\d+),blank,/gm, '$1,empty,');
    const { plateId, result } = await importedPlate(t, sam, {
      mapCsv: noBlanks,
      materials: { parental, resistant },
      reading: `${longCsv}\n\n`,
      runId: run3,
      barcode: 'TL-MTT-0733',
    });
    expect(result.outcome).toBe('imported');
    // Plate QC needs no blanks (SCIENCE.md §2); % viability and the fits do.
    expect(result.analysis).toMatchObject({ status: 'analysed', fits: [] });
    expect((result as unknown as { warnings: unknown[] }).warnings).toContainEqual(
      expect.objectContaining({ code: 'dose-series-not-fitted', severity: 'blocks-approval' }),
    );
    expect((await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body.items).toEqual([]);
    const [qc] = (await api(t, sam).get(`/plates/${plateId}/qc`).expect(200)).body
      .items as PlateQcResultDto[];
    expect(qc).toMatchObject({ passes: false, signalToBackground: null });
    expect(qc.zPrime).toBeGreaterThan(0.5);
    expect(qc.blockingFlags).toEqual(['dose-series-not-fitted']);
    expect(qc.notComputed).toContainEqual({
      quantity: '% viability and dose-response fits',
      reason: 'no blank wells (% viability needs blanks)',
    });
    const derived = (
      await api(t, sam).get(`/plates/${plateId}/analyses/${qc.id}/wells`).expect(200)
    ).body as AnalysisWellsDto;
    expect(derived.wells.length).toBeGreaterThan(0);
    expect(derived.wells.every((w) => w.blankCorrectedAu === null && w.viabilityPct === null)).toBe(
      true,
    );
    await completeAndSubmit(t, sam, run3);
    const refused = await api(t, mia).post(`/runs/${run3}/approve`, sign()).expect(409);
    expect(refused.body.errors[0].message).toMatch(/dose-series-not-fitted/);
    await api(t, mia)
      .post(`/plates/${plateId}/qc-override`, { reason: 'raw values kept for the record only' })
      .expect(200);
    await api(t, mia).post(`/runs/${run3}/approve`, sign()).expect(200);
  });

  describe('a plate read again', () => {
    // Other bytes for each reading (one value changed), so none is a duplicate of another.
    const reading = (a4: string): string =>
      longCsv.replace('A4,treated,parental,200,0.1783', `A4,treated,parental,200,${a4}`);
    const qcStatuses = async (plateId: string): Promise<Record<string, string>> =>
      Object.fromEntries(
        (
          (await api(t, sam).get(`/plates/${plateId}/qc`).expect(200)).body
            .items as PlateQcResultDto[]
        ).map((q) => [q.id, q.status]),
      );

    it('a second reading supersedes the analysis and fits of the first, which are kept', async () => {
      const { plateId, result } = await importedPlate(t, sam, {
        mapCsv,
        materials: { parental, resistant },
        reading: reading('0.1785'),
        barcode: 'TL-MTT-0740',
      });
      const first = result.analysis as PlateAnalysisSummary;
      expect(first.superseded).toEqual({ analysisId: null, fitIds: [] });
      const again = await api(t, sam).postText(`/plates/${plateId}/readings`, reading('0.1790'));
      expect(again.status).toBe(201);
      const second = (again.body as ImportResult).analysis as PlateAnalysisSummary;
      expect(second.superseded.analysisId).toBe(first.analysisId);
      expect([...second.superseded.fitIds].sort()).toEqual(first.fits.map((f) => f.id).sort());
      expect(await qcStatuses(plateId)).toEqual({
        [first.analysisId]: 'superseded',
        [second.analysisId]: 'current',
      });
      const current = (await api(t, sam).get(`/plates/${plateId}/fits`).expect(200)).body
        .items as FitDto[];
      expect(current.map((f) => f.analysisId)).toEqual([second.analysisId, second.analysisId]);
    });

    it('two readings of one planned plate at once: exactly one analysis stays current', async () => {
      const layout = await api(t, sam)
        .post('/plate-layouts/import', {
          name: 'layout TL-MTT-0741',
          csv: mapCsv,
          materials: { parental, resistant },
          referenceWavelengthNm: 650,
        })
        .expect(201);
      const plate = await api(t, sam)
        .post('/plates', { barcode: 'TL-MTT-0741', layoutId: layout.body.id })
        .expect(201);
      const plateId = plate.body.id as string;
      const answers = await Promise.all(
        ['0.1786', '0.1787'].map((a4) =>
          api(t, sam).postText(`/plates/${plateId}/readings`, reading(a4)),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      const statuses = Object.values(await qcStatuses(plateId)).sort();
      expect(statuses).toEqual(['current', 'superseded']);
      const all = (await api(t, sam).get(`/plates/${plateId}/fits?all=true`).expect(200)).body
        .items as FitDto[];
      expect(all.map((f) => f.status).sort()).toEqual([
        'current',
        'current',
        'superseded',
        'superseded',
      ]);
    });
  });

  it('404 for unknown fits and plates; 400 for malformed ids', async () => {
    await api(t, sam).get('/fits/00000000-0000-4000-8000-000000000000').expect(404);
    await api(t, sam).get('/plates/00000000-0000-4000-8000-000000000000/fits').expect(404);
    await api(t, sam).get('/fits/not-a-uuid').expect(400);
  });
});
