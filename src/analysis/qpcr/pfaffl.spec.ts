import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { parseCq } from './cq-value';
import { compareGroupsOnLog2Expression } from './biological-replicates';
import { log2NormalizedRelativeQuantity, pfafflRatio } from './pfaffl';
import { summarizeQpcrRun, type QpcrTask, type QpcrWell } from './replicate-summary';
import { efficiencyFromStandardCurve } from './standard-curve-efficiency';
import { mean } from '../stats/descriptive';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

/** Parsed expected.json (untyped JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expected.json is untyped JSON
type FixtureJson = any;

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

function expectClose(actual: number | null, expected: number, rel: number, abs = 0): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    rel * Math.abs(expected) + abs,
  );
}

describeWithFixtures(
  'qpcr/pfaffl-multi-reference fixture (scipy 1.17.1 linregress / ttest_ind Welch)',
  () => {
    const genes = ['ABCC1', 'ABCC4', 'GAPDH', 'ACTB', 'B2M'];
    const references = ['GAPDH', 'ACTB', 'B2M'];
    const parental = ['P1', 'P2', 'P3'];
    const resistant = ['R1', 'R2', 'R3'];
    type Row = {
      well: string;
      sample: string;
      target: string;
      cq: string;
      task: string;
      quantity: string;
    };
    // Loaded in beforeAll: describe bodies run even when the suite is skipped.
    let tol: number;
    let ex: FixtureJson;
    let efficiency: Record<string, ReturnType<typeof efficiencyFromStandardCurve>>;
    let run: ReturnType<typeof summarizeQpcrRun>;
    const sampleMean = (sample: string, target: string) =>
      run.samples.find((s) => s.sample === sample && s.target === target)!.meanCq!;

    beforeAll(() => {
      const fx = readFixtureJson('qpcr', 'pfaffl-multi-reference', 'expected.json');
      tol = fx.tolerance.closed_form_relative as number;
      ex = fx.expected;
      const rows = Papa.parse<Row>(
        readFixtureText('qpcr', 'pfaffl-multi-reference', 'qpcr_long.csv'),
        {
          header: true,
          skipEmptyLines: true,
        },
      ).data;
      const wells: QpcrWell[] = rows.map((r) => ({
        well: r.well,
        sample: r.sample,
        target: r.target,
        cq: parseCq(r.cq),
        task: r.task.toLowerCase() as QpcrTask,
      }));
      efficiency = Object.fromEntries(
        genes.map((g) => {
          const std = rows.filter((r) => r.task === 'STANDARD' && r.target === g);
          return [
            g,
            efficiencyFromStandardCurve({
              quantity: std.map((r) => Number(r.quantity)),
              cq: std.map((r) => parseCq(r.cq)),
            }),
          ];
        }),
      );
      run = summarizeQpcrRun(wells);
    });

    it('efficiency per gene from its 15 standard wells, with the 90–110 % / R² 0.98 decision', () => {
      for (const g of genes) {
        const e = ex.efficiency[g];
        const r = efficiency[g];
        expect(r.nUsed).toBe(e.n_wells);
        expectClose(r.slope, e.slope, tol);
        expectClose(r.slopeSe, e.slope_se, tol);
        expectClose(r.intercept, e.intercept, tol);
        expectClose(r.rSquared, e.r_squared, tol);
        expectClose(r.amplificationFactor, e.E, tol);
        expectClose(r.efficiencyPercent, e.efficiency_pct, tol);
        expect(r.accepted).toBe(e['accepted_90_110pct_and_r2_0.98']);
      }
      expect(efficiency.B2M.flags).toContain('efficiency-out-of-range');
    });

    it('run summary: undetermined well excluded, NTCs all undetermined, no contamination', () => {
      expect(run.excludedUndeterminedWells).toEqual(ex.excluded_wells_undetermined);
      const ntcWells = run.ntc.flatMap((c) => c.wells).sort();
      expect(ntcWells).toEqual([...ex.ntc.wells].sort());
      expect(run.ntc.every((c) => c.allUndetermined)).toBe(ex.ntc.all_undetermined);
      expect(run.contaminatedTargets.length > 0).toBe(ex.ntc.contamination_flag);
    });

    it('technical-replicate means, SDs and n per sample × gene', () => {
      for (const [key, e] of Object.entries(ex.sample_mean_cq) as Array<
        [string, { mean: number; sd: number; n: number }]
      >) {
        const [sample, target] = key.split('/');
        const s = run.samples.find((x) => x.sample === sample && x.target === target)!;
        expect(s.nDetermined).toBe(e.n);
        expectClose(s.meanCq, e.mean, tol, 1e-9);
        expectClose(s.sdCq, e.sd, tol, 1e-9);
      }
      const r2 = run.samples.find((x) => x.sample === 'R2' && x.target === 'ABCC4')!;
      expect(r2.flags).toContain('undetermined-excluded');
      expect(r2.nUndetermined).toBe(1);
    });

    it('group means, Pfaffl multi-reference ratio, per-sample log2 NRQ and Welch test', () => {
      const groupMean = (group: string[], g: string) => mean(group.map((s) => sampleMean(s, g)));
      for (const g of genes) {
        expectClose(groupMean(parental, g), ex.group_mean_cq.parental[g], tol);
        expectClose(groupMean(resistant, g), ex.group_mean_cq.resistant[g], tol);
      }
      for (const target of ['ABCC1', 'ABCC4']) {
        const e = ex.pfaffl[target];
        const gene = (g: string) => ({
          name: g,
          amplificationFactor: efficiency[g].amplificationFactor!,
          cqCalibrator: groupMean(parental, g),
          cqSample: groupMean(resistant, g),
        });
        const r = pfafflRatio({ target: gene(target), references: references.map(gene) });
        // Cq-scale differences: README allows 1e-4 absolute; the difference of two ~1e1 means
        // carries ~1e-14 absolute rounding, so compare with a small absolute floor.
        expectClose(r.target.deltaCq, e.dCq_target_calibrator_minus_sample, tol, 1e-9);
        references.forEach((g, j) =>
          expectClose(r.references[j].deltaCq, e.dCq_refs_calibrator_minus_sample[g], tol, 1e-9),
        );
        expectClose(r.targetTerm, e.target_term_E_pow_dCq, tol);
        expectClose(r.referenceTerm, e.reference_geomean_term, tol);
        expectClose(r.ratio, e.pfaffl_ratio_resistant_vs_parental, tol);
        expectClose(r.log2Ratio, e.log2_ratio, tol);
        expect(r.genesOutOfRange).toEqual(['B2M']);

        const nrq = (s: string) =>
          log2NormalizedRelativeQuantity(
            {
              amplificationFactor: efficiency[target].amplificationFactor!,
              cq: sampleMean(s, target),
            },
            references.map((g) => ({
              amplificationFactor: efficiency[g].amplificationFactor!,
              cq: sampleMean(s, g),
            })),
          );
        for (const s of [...parental, ...resistant])
          expectClose(nrq(s), e.per_sample_log2_NRQ[s], tol);
        const w = compareGroupsOnLog2Expression(resistant.map(nrq), parental.map(nrq));
        expectClose(w.log2Fold, e.log2_ratio, tol);
        expectClose(w.foldChange, e.pfaffl_ratio_resistant_vs_parental, tol);
        expectClose(w.t, e.welch_t_test_log2_NRQ.t, tol);
        expectClose(w.df, e.welch_t_test_log2_NRQ.df, tol);
        expectClose(w.pValue, e.welch_t_test_log2_NRQ.p_value, 1e-6);
        expectClose(w.foldCi![0], e.welch_t_test_log2_NRQ.fold_ci95[0], tol);
        expectClose(w.foldCi![1], e.welch_t_test_log2_NRQ.fold_ci95[1], tol);

        // With E = 2 for all genes the same call is Livak with mean references (contrast value).
        const livakLike = pfafflRatio({
          target: { ...gene(target), amplificationFactor: 2 },
          references: references.map((g) => ({ ...gene(g), amplificationFactor: 2 })),
        });
        expectClose(livakLike.ratio, e.livak_E2_mean_refs_fold_for_contrast, tol);
      }
    });
  },
);

describe('pfafflRatio edge cases', () => {
  it('one reference gene reproduces Pfaffl 2001 eq. 1 by hand', () => {
    const r = pfafflRatio({
      target: { amplificationFactor: 1.9, cqCalibrator: 25, cqSample: 22 },
      references: [{ amplificationFactor: 2.05, cqCalibrator: 18, cqSample: 18.5 }],
    });
    expect(r.ratio).toBeCloseTo(1.9 ** 3 / 2.05 ** -0.5, 12);
    expect(r.flags).toEqual([]);
  });

  it('reference order does not matter; E ≤ 1 and bad input throw AnalysisError', () => {
    const g = (e: number, c: number, s: number) => ({
      amplificationFactor: e,
      cqCalibrator: c,
      cqSample: s,
    });
    const a = pfafflRatio({
      target: g(1.95, 25, 23),
      references: [g(2, 18, 18.2), g(1.9, 20, 19.7), g(2.02, 22, 22.4)],
    });
    const b = pfafflRatio({
      target: g(1.95, 25, 23),
      references: [g(2.02, 22, 22.4), g(2, 18, 18.2), g(1.9, 20, 19.7)],
    });
    expect(b.ratio).toBeCloseTo(a.ratio, 13);
    expect(() => pfafflRatio({ target: g(1, 25, 23), references: [g(2, 18, 18)] })).toThrow(
      AnalysisError,
    );
    expect(() => pfafflRatio({ target: g(2, 25, 23), references: [] })).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          pfafflRatio(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const num = fc.double({ noNaN: false });
    fc.assert(
      fc.property(num, num, num, num, (e, c, e2, c2) => {
        try {
          const v = log2NormalizedRelativeQuantity({ amplificationFactor: e, cq: c }, [
            { amplificationFactor: e2, cq: c2 },
          ]);
          expect(Number.isFinite(v)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
