import { hashInput } from '../common/provenance';
import { QPCR_FLAGS, qpcrFlagDetail } from './expression-flags';
import {
  analyseExpression,
  type ExpressionOptions,
  type ExpressionReaction,
  type ExpressionSample,
} from './expression-analysis';
import { efficiencyFromStandardCurve } from './standard-curve-efficiency';

const OPTIONS: ExpressionOptions = {
  referenceGenes: ['GAPDH', 'ACTB'],
  targetGenes: ['ABCC1'],
  calibratorGroup: 'parental',
  quantificationMethod: 'auto',
  efficiencySource: 'assumed-100-percent',
  statedEfficiencyPercent: {},
  replicateSdMax: 0.3,
  lateCq: 35,
  ntcContaminationCq: 35,
  efficiencyMinPercent: 90,
  efficiencyMaxPercent: 110,
  standardCurveRSquaredMin: 0.98,
  referenceStabilityMaxM: 1.5,
  confidenceLevel: 0.95,
};

const SAMPLES: ExpressionSample[] = [
  { name: 'P1', group: 'parental', materialId: 'p' },
  { name: 'P2', group: 'parental', materialId: 'p' },
  { name: 'P3', group: 'parental', materialId: 'p' },
  { name: 'R1', group: 'resistant', materialId: 'r' },
  { name: 'R2', group: 'resistant', materialId: 'r' },
  { name: 'R3', group: 'resistant', materialId: 'r' },
];

/** Base Cq per sample and gene: references steady, ABCC1 four-fold up in resistant lines. */
function baseCq(sample: string, gene: string): number {
  const k = Number(sample.slice(1));
  const jitter = [0, 0.05, -0.04][k - 1];
  if (gene === 'GAPDH') return 18 + jitter;
  if (gene === 'ACTB') return 19 + jitter * 0.8;
  return (sample.startsWith('R') ? 24 : 26) + jitter * 1.2;
}

type Override = (sample: string, gene: string, rep: number, cq: number) => number | 'undetermined';

function run(
  override: Override = (_s, _g, _r, cq) => cq,
  ntc: Record<string, number | 'undetermined'> = {},
): ExpressionReaction[] {
  const out: ExpressionReaction[] = [];
  let n = 0;
  for (const s of SAMPLES) {
    for (const gene of ['GAPDH', 'ACTB', 'ABCC1']) {
      for (let rep = 0; rep < 3; rep++) {
        const cq = baseCq(s.name, gene) + [0, 0.04, -0.03][rep];
        out.push({
          well: `W${n++}`,
          sample: s.name,
          gene,
          task: 'unknown',
          cq: override(s.name, gene, rep, cq),
          quantity: null,
        });
      }
    }
  }
  for (const gene of ['GAPDH', 'ACTB', 'ABCC1']) {
    out.push({
      well: `W${n++}`,
      sample: null,
      gene,
      task: 'ntc',
      cq: ntc[gene] ?? 'undetermined',
      quantity: null,
    });
  }
  return out;
}

const group = (a: ReturnType<typeof analyseExpression>) => a.groups[0];
const row = (a: ReturnType<typeof analyseExpression>, sample: string, gene = 'ABCC1') =>
  a.samples.find((r) => r.sample === sample && r.gene === gene)!;

describe('analyseExpression', () => {
  it('a clean run: Livak under auto, a four-fold change with a CI, no flags', () => {
    const a = analyseExpression(run(), SAMPLES, OPTIONS);
    expect(a.quantificationMethod).toBe('livak');
    expect(a.flags).toEqual([]);
    expect(group(a).foldChange).toBeCloseTo(4, 1);
    expect(group(a).ciLower).toBeLessThan(group(a).foldChange!);
    expect(group(a).ciUpper).toBeGreaterThan(group(a).foldChange!);
    expect(group(a).flags).toEqual([]);
    expect(row(a, 'R1').flags).toEqual([]);
    expect(a.referenceStability?.unstableGenes).toEqual([]);
    expect(a).toMatchObject({ method: 'qpcr-expression-analysis', methodVersion: '1.0.0' });
  });

  it('flags a technical-replicate SD above the limit, and only that group', () => {
    const a = analyseExpression(
      run((s, g, r, cq) => (s === 'R2' && g === 'ABCC1' && r === 2 ? cq + 1 : cq)),
      SAMPLES,
      OPTIONS,
    );
    expect(row(a, 'R2').flags).toContain('high-replicate-sd');
    expect(row(a, 'R1').flags).not.toContain('high-replicate-sd');
    expect(group(a).flags).toContain('high-replicate-sd');
    expect(a.flags).toContain('high-replicate-sd');
  });

  it('flags a mean Cq above 35 as late, not one below', () => {
    const late = analyseExpression(
      run((s, g, _r, cq) => (s === 'P1' && g === 'ABCC1' ? cq + 10 : cq)),
      SAMPLES,
      OPTIONS,
    );
    expect(row(late, 'P1').flags).toContain('late-cq');
    expect(row(late, 'P2').flags).not.toContain('late-cq');
  });

  it('an NTC amplifying before 35 cycles blocks its gene; a late or silent NTC does not', () => {
    const blocked = analyseExpression(run(undefined, { ABCC1: 31.2 }), SAMPLES, OPTIONS);
    expect(blocked.flags).toContain('ntc-contamination:ABCC1');
    expect(row(blocked, 'R1').flags).toContain('ntc-contamination');
    expect(row(blocked, 'R1').fold).toBeNull();
    expect(group(blocked).foldChange).toBeNull();
    expect(group(blocked).flags).toEqual(
      expect.arrayContaining(['ntc-contamination', 'no-result']),
    );
    const late = analyseExpression(run(undefined, { ABCC1: 37.5 }), SAMPLES, OPTIONS);
    expect(late.flags).not.toContain('ntc-contamination:ABCC1');
    expect(late.ntc.find((n) => n.target === 'ABCC1')?.flags).toEqual(['ntc-late-amplification']);
    expect(group(late).foldChange).toBeCloseTo(4, 1);
  });

  it('a reference NTC amplifying blocks every target', () => {
    const a = analyseExpression(run(undefined, { GAPDH: 30 }), SAMPLES, OPTIONS);
    expect(row(a, 'R1').flags).toContain('reference-ntc-contamination');
    expect(group(a).foldChange).toBeNull();
  });

  it('an undetermined target where the references amplified is flagged, never a number', () => {
    const a = analyseExpression(
      run((s, g, _r, cq) => (s === 'R3' && g === 'ABCC1' ? 'undetermined' : cq)),
      SAMPLES,
      OPTIONS,
    );
    expect(row(a, 'R3')).toMatchObject({ meanCq: null, fold: null });
    expect(row(a, 'R3').flags).toEqual(
      expect.arrayContaining(['all-undetermined', 'target-undetermined']),
    );
    expect(a.flags).toContain('target-undetermined:ABCC1');
    expect(group(a).nSamples).toBe(2);
    expect(group(a).flags).toContain('target-undetermined');
    // One undetermined replicate of three is left out, and the sample still counts.
    const one = analyseExpression(
      run((s, g, r, cq) => (s === 'R3' && g === 'ABCC1' && r === 0 ? 'undetermined' : cq)),
      SAMPLES,
      OPTIONS,
    );
    expect(row(one, 'R3').flags).toEqual(['undetermined-excluded']);
    expect(one.flags).not.toContain('target-undetermined:ABCC1');
    expect(group(one).nSamples).toBe(3);
  });

  it('an undetermined reference leaves the sample without normalisation', () => {
    const a = analyseExpression(
      run((s, g, _r, cq) => (s === 'P2' && g === 'ACTB' ? 'undetermined' : cq)),
      SAMPLES,
      OPTIONS,
    );
    expect(row(a, 'P2').flags).toContain('reference-undetermined');
    expect(row(a, 'P2').fold).toBeNull();
    expect(row(a, 'P2').flags).not.toContain('target-undetermined');
  });

  it('flags an unstable reference gene by geNorm M above the limit, not a steady one', () => {
    const unstable = analyseExpression(
      run((s, g, _r, cq) =>
        g === 'ACTB' ? cq + [0, 2.5, -2, 3, -1.5, 1][SAMPLES.findIndex((x) => x.name === s)] : cq,
      ),
      SAMPLES,
      OPTIONS,
    );
    expect(unstable.referenceStability?.unstableGenes).toEqual(['GAPDH', 'ACTB']);
    expect(unstable.flags).toEqual(
      expect.arrayContaining(['reference-unstable:GAPDH', 'reference-unstable:ACTB']),
    );
    expect(group(unstable).flags).toContain('reference-unstable:ACTB');
    const steady = analyseExpression(run(), SAMPLES, OPTIONS);
    expect(steady.referenceStability?.genes.every((g) => g.m < 0.2)).toBe(true);
  });

  it('efficiency outside its range: flagged, and auto switches to Pfaffl/qBase', () => {
    const stated = analyseExpression(run(), SAMPLES, {
      ...OPTIONS,
      efficiencySource: 'stated',
      statedEfficiencyPercent: { GAPDH: 98, ACTB: 101, ABCC1: 84 },
    });
    expect(stated.quantificationMethod).toBe('pfaffl-multi-reference');
    expect(stated.flags).toContain('efficiency-out-of-range:ABCC1');
    expect(stated.efficiencies.find((e) => e.gene === 'ABCC1')).toMatchObject({
      source: 'stated',
      accepted: false,
    });
    expect(stated.efficiencies.find((e) => e.gene === 'ABCC1')?.amplificationFactor).toBeCloseTo(
      1.84,
      12,
    );
    expect(group(stated).flags).toContain('efficiency-out-of-range');
    const inRange = analyseExpression(run(), SAMPLES, {
      ...OPTIONS,
      efficiencySource: 'stated',
      statedEfficiencyPercent: { GAPDH: 98, ACTB: 101, ABCC1: 97 },
    });
    expect(inRange.quantificationMethod).toBe('livak');
    expect(inRange.flags).toEqual([]);
    // Livak asked for although an efficiency is out of range: said so.
    const forced = analyseExpression(run(), SAMPLES, {
      ...OPTIONS,
      quantificationMethod: 'livak',
      efficiencySource: 'stated',
      statedEfficiencyPercent: { GAPDH: 98, ACTB: 101, ABCC1: 84 },
    });
    expect(forced.flags).toContain('livak-efficiency-not-near-100');
  });

  it('a standard curve without wells falls back to the stated value, and says so', () => {
    const a = analyseExpression(run(), SAMPLES, {
      ...OPTIONS,
      efficiencySource: 'standard-curve',
      statedEfficiencyPercent: { ABCC1: 95 },
    });
    expect(a.efficiencies.find((e) => e.gene === 'ABCC1')).toMatchObject({
      source: 'stated',
      efficiencyPercent: 95,
      flags: ['no-standard-curve'],
    });
    expect(a.efficiencies.find((e) => e.gene === 'GAPDH')).toMatchObject({
      source: 'assumed-100-percent',
      flags: ['no-standard-curve'],
    });
  });

  it('refuses a gene that is both reference and target', () => {
    expect(() =>
      analyseExpression(run(), SAMPLES, { ...OPTIONS, targetGenes: ['ABCC1', 'ACTB'] }),
    ).toThrow(/cannot be both reference and target/);
  });
});

describe('analyseExpression provenance', () => {
  it('hashes its reactions and samples; a standard curve it keeps keeps its own hash', () => {
    const quantity = [1000, 100, 10, 1000, 100, 10];
    const standards = (gene: string, top: number): ExpressionReaction[] =>
      quantity.map((q, i) => ({
        well: `S-${gene}-${i}`,
        sample: null,
        gene,
        task: 'standard',
        cq: top - 3.32 * Math.log10(q / 1000) + (i < 3 ? 0.02 : -0.02),
        quantity: q,
      }));
    const reactions = [
      ...run(),
      ...standards('GAPDH', 15),
      ...standards('ACTB', 16),
      ...standards('ABCC1', 22),
    ];
    const a = analyseExpression(reactions, SAMPLES, {
      ...OPTIONS,
      efficiencySource: 'standard-curve',
    });
    expect(a.inputHash).toBe(
      hashInput({
        reactions: reactions.map((r) => [r.well, r.sample, r.gene, r.task, r.cq, r.quantity]),
        samples: SAMPLES,
      }),
    );
    const gapdh = reactions.filter((r) => r.task === 'standard' && r.gene === 'GAPDH');
    const curve = efficiencyFromStandardCurve(
      { quantity: gapdh.map((r) => r.quantity as number), cq: gapdh.map((r) => r.cq) },
      { efficiencyRangePercent: [90, 110], minRSquared: 0.98 },
    );
    expect(curve.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.efficiencies.find((e) => e.gene === 'GAPDH')?.standardCurve?.inputHash).toBe(
      curve.inputHash,
    );
  });
});

describe('the severities of the analysis flags (QPCR_FLAGS)', () => {
  /** Every flag code of a result, wherever it was raised. */
  const codesOf = (a: ReturnType<typeof analyseExpression>) =>
    [
      ...a.flags,
      ...a.efficiencies.flatMap((e) => e.flags),
      ...a.ntc.flatMap((n) => n.flags),
      ...a.groups.flatMap((g) => g.flags),
      ...a.samples.flatMap((s) => s.flags),
    ].map((f) => qpcrFlagDetail(f).code);

  it('every flag troubled runs raise has a severity and a meaning of its own', () => {
    const troubled = [
      run((s, g, r, cq) => (s === 'R2' && g === 'ABCC1' && r === 2 ? cq + 1 : cq)),
      run((s, g, _r, cq) => (s === 'P1' && g === 'ABCC1' ? cq + 10 : cq)),
      run(undefined, { ABCC1: 31.2 }),
      run(undefined, { ABCC1: 37.5, GAPDH: 30 }),
      run((s, g, _r, cq) => (s === 'R1' && g === 'ABCC1' ? 'undetermined' : cq)),
      run((s, _g, r, cq) => (s === 'P2' && r > 0 ? 'undetermined' : cq)),
      run((s, g, _r, cq) => (g === 'ACTB' && s.startsWith('R') ? cq + 3 : cq)),
    ];
    const seen = new Set(troubled.flatMap((r) => codesOf(analyseExpression(r, SAMPLES, OPTIONS))));
    expect(seen.size).toBeGreaterThanOrEqual(8);
    for (const code of seen) {
      expect({ code, known: code in QPCR_FLAGS }).toEqual({ code, known: true });
    }
  });

  it('none blocks approval; contamination warns, a late NTC is a note; a run-level flag names its gene', () => {
    expect(Object.values(QPCR_FLAGS).map((f) => f.severity)).not.toContain('blocks-approval');
    expect(qpcrFlagDetail('ntc-contamination:ABCC1')).toMatchObject({
      code: 'ntc-contamination',
      gene: 'ABCC1',
      severity: 'warning',
    });
    expect(qpcrFlagDetail('ntc-late-amplification').severity).toBe('info');
    expect(qpcrFlagDetail('something-new')).toMatchObject({ severity: 'warning', gene: null });
  });
});
