// Efflux-inhibitor assay end to end through the API, on ../shared/fixtures/efflux/mk571-reversal:
// a resistant and a parental plate ± MK571 25 µM with inhibitor-only wells → fits → reversal
// fold, FR with inhibitor, % restoration and the verdict ("partially restored", decided by the
// reversal CI); a toxic inhibitor dose invalidates the comparison.
import Papa from 'papaparse';
import type {
  EffluxExperimentDto,
  EffluxResultDto,
  RatioDto,
} from '../src/assays/efflux/dto/efflux.dto';
import type { FitDto } from '../src/assays/viability/dto/fit.dto';
import type { PlateQcResultDto } from '../src/assays/viability/dto/plate-analysis.dto';
import {
  api,
  expectRel,
  importedPlate,
  startedRun,
  type User,
  plateAssayWorld,
} from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';
import { TestApp } from './support/test-app';

const DIR = ['efflux', 'mk571-reversal'];

interface ExpectedRatio {
  ratio: number;
  se_ln_ratio: number;
  df: number;
  ci95_logscale_t: [number, number];
}

/** The long CSV with the inhibitor-only wells' 570 nm signal scaled (a toxic inhibitor). */
function withToxicInhibitor(csv: string, factor: number): string {
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
  for (const row of parsed.data) {
    if (row.role === 'inhibitor-only') {
      const a650 = Number(row.a650);
      row.a570 = (a650 + (Number(row.a570) - a650) * factor).toFixed(4);
    }
  }
  return Papa.unparse(parsed.data, { columns: parsed.meta.fields });
}

describeWithFixtures('efflux: MK571 reversal (API)', () => {
  const expected = readFixtureJson(...DIR, 'expected.json');
  const E = expected.expected;
  const tol = expected.tolerance;

  let t: TestApp;
  let sam: User;
  let parental: string;
  let resistant: string;
  let runId: string;
  let resistantPlate: string;
  let parentalPlate: string;

  beforeAll(async () => {
    ({ t, sam, parental, resistant } = await plateAssayWorld());
    runId = await startedRun(t, sam, 'efflux-inhibitor', [
      { materialId: resistant, role: 'resistant-line' },
      { materialId: parental, role: 'parental-line' },
    ]);
    ({ plateId: resistantPlate } = await importedPlate(t, sam, {
      mapCsv: readFixtureText(...DIR, 'plate1_resistant_plate_map.csv'),
      materials: { resistant },
      reading: readFixtureText(...DIR, 'plate1_resistant_long.csv'),
      runId,
      barcode: 'TL-EFF-R1',
    }));
    ({ plateId: parentalPlate } = await importedPlate(t, sam, {
      mapCsv: readFixtureText(...DIR, 'plate2_parental_plate_map.csv'),
      materials: { parental },
      reading: readFixtureText(...DIR, 'plate2_parental_long.csv'),
      runId,
      barcode: 'TL-EFF-P2',
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fits each line with and without MK571 (inhibitor name and dose from the layout)', async () => {
    const fits = (await api(t, sam).get(`/plates/${resistantPlate}/fits`).expect(200)).body
      .items as FitDto[];
    expect(fits).toHaveLength(2);
    const mk = fits.find((f) => f.inhibitor !== null)!;
    expect(mk.inhibitor).toMatchObject({ name: 'MK571', label: 'MK571 25 µM' });
    expect(mk.inhibitor!.concentrationMolar).toBeCloseTo(25e-6, 15);
    expectRel(mk.ic50.relative, E.resistant.MK571_25uM.LL4.e, tol.b_c_d_ic50_relative, 'R+MK');
    const plain = fits.find((f) => f.inhibitor === null)!;
    expectRel(plain.ic50.relative, E.resistant.no_inhibitor.LL4.e, tol.b_c_d_ic50_relative, 'R');
    const [qc] = (await api(t, sam).get(`/plates/${resistantPlate}/qc`).expect(200)).body
      .items as PlateQcResultDto[];
    const check = (qc.normalisation.inhibitorOnly as Record<string, unknown>[])[0];
    expect(check).toMatchObject({ inhibitorName: 'MK571', nWells: 6 });
    expectRel(
      check.viabilityPctOfVehicle,
      E.resistant.MK571_25uM.inhibitor_only_check.viability_pct_of_vehicle,
      tol.closed_form_relative,
    );
    expectRel(qc.zPrime, E.resistant.plate_qc.zprime_vehicle_vs_positive, tol.closed_form_relative);
  });

  it('an efflux experiment: reversal, FR with inhibitor, restoration, verdict and its CI', async () => {
    const created = (
      await api(t, sam)
        .post('/efflux-experiments', {
          name: 'HIG-82 6-TG-R ± MK571 25 µM',
          resistantMaterialId: resistant,
          parentalMaterialId: parental,
          inhibitor: 'MK571',
          inhibitorConcentrationMicromolar: 25,
          plateIds: [resistantPlate, parentalPlate],
        })
        .expect(201)
    ).body as EffluxResultDto;
    const got = (await api(t, sam).get(`/efflux-experiments/${created.experiment!.id}`).expect(200))
      .body as EffluxResultDto;
    for (const r of [created, got]) {
      expect(r.verdict).toBe(E.classification);
      expect(r.decidedBy).toBe('reversal-ci');
      expect(r.reason).toMatch(/reversal fold .* excludes 1/);
      expect(r.valid).toBe(true);
      expect(r.flags).toEqual([]);
      const cmp = (x: RatioDto | null, e: ExpectedRatio, what: string) => {
        if (!x) throw new Error(`${what}: missing`);
        expectRel(x.ratio, e.ratio, tol.fold_ratio_relative, `${what} ratio`);
        expectRel(x.seLnRatio, e.se_ln_ratio, tol.se_and_ci_relative, `${what} SE`);
        expect(x.df).toBe(e.df);
        expectRel(x.ci95![0], e.ci95_logscale_t[0], tol.fold_ci_relative, `${what} CI low`);
        expectRel(x.ci95![1], e.ci95_logscale_t[1], tol.fold_ci_relative, `${what} CI high`);
      };
      cmp(r.reversalFoldResistant, E.reversal_fold_resistant, 'reversal R');
      cmp(r.reversalFoldParental, E.reversal_fold_parental, 'reversal P');
      cmp(r.foldResistance, E.fold_resistance_without_inhibitor, 'FR');
      cmp(r.foldResistanceWithInhibitor, E.fold_resistance_with_inhibitor, 'FR + MK571');
      expectRel(r.percentRestoration, E.percent_restoration, tol.fold_ratio_relative, '% rest.');
      expect(r.inhibitorToxicity.map((c) => c.pass)).toEqual([true, true]);
      expectRel(
        r.inhibitorToxicity.find((c) => c.line === 'parental')!.viabilityPctOfVehicle,
        E.parental.MK571_25uM.inhibitor_only_check.viability_pct_of_vehicle,
        tol.closed_form_relative,
      );
      expect(r.fits.resistantWithInhibitor.plateId).toBe(resistantPlate);
      expect(r.fits.parental.plateId).toBe(parentalPlate);
      expect(r.warnings.map((w) => w.code)).toContain('different-plates');
      expect(r.provenance.method).toBe('dose-response/efflux-inhibitor-reversal');
    }
    const list = (await api(t, sam).get('/efflux-experiments').expect(200)).body
      .items as EffluxExperimentDto[];
    expect(list.map((x) => x.id)).toContain(created.experiment!.id);
  });

  it('GET /efflux-reversal computes the same without an experiment record', async () => {
    const r = (
      await api(t, sam)
        .get(
          `/efflux-reversal?resistantMaterialId=${resistant}&parentalMaterialId=${parental}&inhibitor=MK571`,
        )
        .expect(200)
    ).body as EffluxResultDto;
    expect(r.experiment).toBeNull();
    expect(r.verdict).toBe('partially restored');
    expectRel(
      r.reversalFoldResistant.ratio,
      E.reversal_fold_resistant.ratio,
      tol.fold_ratio_relative,
    );
    await api(t, sam)
      .get(
        `/efflux-reversal?resistantMaterialId=${resistant}&parentalMaterialId=${parental}&inhibitor=Ko143`,
      )
      .expect(422)
      .expect((res) => expect(res.body.code).toBe('NO_FIT_AVAILABLE'));
  });

  it('a toxic inhibitor dose (inhibitor-only < 80 % of vehicle) invalidates the comparison', async () => {
    const { plateId: toxicPlate } = await importedPlate(t, sam, {
      mapCsv: readFixtureText(...DIR, 'plate1_resistant_plate_map.csv'),
      materials: { resistant },
      reading: withToxicInhibitor(readFixtureText(...DIR, 'plate1_resistant_long.csv'), 0.6),
      runId,
      barcode: 'TL-EFF-R3',
    });
    const r = (
      await api(t, sam)
        .post('/efflux-experiments', {
          name: 'toxic MK571',
          resistantMaterialId: resistant,
          parentalMaterialId: parental,
          inhibitor: 'MK571',
          plateIds: [toxicPlate, parentalPlate],
        })
        .expect(201)
    ).body as EffluxResultDto;
    expect(r.valid).toBe(false);
    expect(r.flags).toContain('inhibitor-toxic');
    expect(r.verdict).toBe('inconclusive');
    expect(r.decidedBy).toBe('inhibitor-toxicity');
    const tox = r.inhibitorToxicity.find((c) => c.line === 'resistant')!;
    expect(tox.pass).toBe(false);
    expect(tox.viabilityPctOfVehicle).toBeLessThan(80);
    expect(tox.thresholdPct).toBe(80); // the efflux protocol's setting
    expect(r.reason).toMatch(/below 80 % of vehicle/);
  });

  it("puts each experiment's verdict on both lines' evidence pages, beside fold-resistance and transporter expression, with its runs, approval state and provenance", async () => {
    type Item = {
      runId: string | null;
      runStatus: string | null;
      result: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      provenance: { method: string; inputHash: string } | null;
    };
    const experiments = (await api(t, sam).get('/efflux-experiments').expect(200)).body
      .items as EffluxExperimentDto[];
    expect(experiments).toHaveLength(2);
    for (const line of [resistant, parental]) {
      const page = (await api(t, sam).get(`/materials/${line}/evidence`).expect(200)).body as {
        sections: { section: string; items: Item[] }[];
      };
      expect(page.sections.map((s) => s.section)).toEqual(
        expect.arrayContaining(['fold-resistance', 'transporter-expression', 'efflux-reversal']),
      );
      const items = page.sections.find((s) => s.section === 'efflux-reversal')!.items;
      expect(items.map((i) => i.result.experimentId).sort()).toEqual(
        experiments.map((e) => e.id).sort(),
      );
      for (const item of items) {
        const one = (
          await api(t, sam).get(`/efflux-experiments/${item.result.experimentId}`).expect(200)
        ).body as EffluxResultDto;
        // The run of the resistant + inhibitor series, not yet approved; every fit with its run.
        expect(item).toMatchObject({ runId, runStatus: 'in_progress' });
        expect(item.result).toMatchObject({
          verdict: one.verdict,
          decidedBy: one.decidedBy,
          valid: one.valid,
          flags: one.flags,
          reversalFoldResistant: {
            ratio: one.reversalFoldResistant.ratio,
            ci95: one.reversalFoldResistant.ci95,
          },
          foldResistanceWithInhibitor: { ratio: one.foldResistanceWithInhibitor.ratio },
          percentRestoration: one.percentRestoration,
        });
        expect(item.result.fits.map((f: { fitId: string }) => f.fitId).sort()).toEqual(
          Object.values(one.fits)
            .filter((f) => f !== null)
            .map((f) => f.id)
            .sort(),
        );
        for (const f of item.result.fits)
          expect(f).toMatchObject({ runId, runStatus: 'in_progress' });
        expect(item.provenance).toEqual({
          method: one.provenance.method,
          methodVersion: one.provenance.methodVersion,
          inputHash: one.provenance.inputHash,
        });
      }
      const verdicts = items.map((i) => i.result.verdict).sort();
      expect(verdicts).toEqual(['inconclusive', 'partially restored']);
    }
    // A line that no experiment compares has the section, empty.
    const other = await createParentalLine(t, sam.key, 'RASF-07');
    const page = (await api(t, sam).get(`/materials/${other}/evidence`).expect(200)).body as {
      sections: { section: string; items: Item[] }[];
    };
    expect(page.sections.find((s) => s.section === 'efflux-reversal')!.items).toEqual([]);
  });

  it('refuses experiments on unknown materials or plates', async () => {
    await api(t, sam)
      .post('/efflux-experiments', {
        name: 'x',
        resistantMaterialId: '00000000-0000-4000-8000-000000000000',
        parentalMaterialId: parental,
        inhibitor: 'MK571',
      })
      .expect(422);
    await api(t, sam)
      .post('/efflux-experiments', {
        name: 'x',
        resistantMaterialId: resistant,
        parentalMaterialId: parental,
        inhibitor: 'MK571',
        plateIds: ['00000000-0000-4000-8000-000000000000'],
      })
      .expect(422);
    await api(t, sam).get('/efflux-experiments/00000000-0000-4000-8000-000000000000').expect(404);
  });
});
