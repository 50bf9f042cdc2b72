import { AnalysisError } from '../common/analysis-error';
import { effluxReversal } from './efflux-reversal';

const fit = (ic50: number | null, seLnIc50: number | null = 0.07, df = 23) => ({
  ic50,
  seLnIc50,
  df,
});

describe('effluxReversal (SCIENCE.md §4)', () => {
  it('partially restored: reversal CI excludes 1, FR with inhibitor stays > 1', () => {
    const r = effluxReversal({
      resistant: fit(21.3),
      resistantWithInhibitor: fit(4.96),
      parental: fit(2.27, 0.045),
      inhibitorOnlyViabilityPct: { resistant: 96, parental: 94 },
    });
    expect(r.verdict).toBe('partially restored');
    expect(r.decidedBy).toBe('reversal-ci');
    expect(r.reason).toMatch(/excludes 1/);
    expect(r.reversalFoldResistant.ratio).toBeCloseTo(21.3 / 4.96, 12);
    expect(r.foldResistanceWithInhibitor.ratio).toBeCloseTo(4.96 / 2.27, 12);
    expect(r.percentRestoration).toBeCloseTo(((21.3 - 4.96) / (21.3 - 2.27)) * 100, 10);
    expect(r.reversalFoldParental).toBeNull();
    expect(r.inhibitorToxicity).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('restored: the FR-with-inhibitor CI includes 1', () => {
    const r = effluxReversal({
      resistant: fit(21),
      resistantWithInhibitor: fit(2.4),
      parental: fit(2.3),
    });
    expect(r.verdict).toBe('restored');
    expect(r.decidedBy).toBe('fold-resistance-with-inhibitor-ci');
    expect(r.foldResistanceWithInhibitor.ci95![0]).toBeLessThan(1);
    expect(r.foldResistanceWithInhibitor.ci95![1]).toBeGreaterThan(1);
  });

  it('not restored: the reversal CI includes 1', () => {
    const r = effluxReversal({
      resistant: fit(21),
      resistantWithInhibitor: fit(20),
      parental: fit(2.3),
    });
    expect(r.verdict).toBe('not restored');
    expect(r.reason).toMatch(/includes 1/);
  });

  it('inconclusive when the inhibitor alone is toxic (< 80 % of vehicle), whatever the CIs', () => {
    const r = effluxReversal({
      resistant: fit(21),
      resistantWithInhibitor: fit(2.4),
      parental: fit(2.3),
      inhibitorOnlyViabilityPct: { resistant: 62 },
    });
    expect(r.verdict).toBe('inconclusive');
    expect(r.decidedBy).toBe('inhibitor-toxicity');
    expect(r.inhibitorToxicityPass).toBe(false);
    expect(r.inhibitorToxicity[0]).toEqual({
      line: 'resistant',
      viabilityPctOfVehicle: 62,
      thresholdPct: 80,
      pass: false,
    });
    const lenient = effluxReversal(
      {
        resistant: fit(21),
        resistantWithInhibitor: fit(2.4),
        parental: fit(2.3),
        inhibitorOnlyViabilityPct: { resistant: 62 },
      },
      { inhibitorToxicityThresholdPct: 60 },
    );
    expect(lenient.verdict).toBe('restored');
  });

  it('inconclusive when an IC50 is not reportable', () => {
    const r = effluxReversal({
      resistant: fit(null, null),
      resistantWithInhibitor: fit(4),
      parental: fit(2.3),
    });
    expect(r.verdict).toBe('inconclusive');
    expect(r.decidedBy).toBe('not-determinable');
    expect(r.percentRestoration).toBeNull();
  });

  it('throws AnalysisError for malformed input', () => {
    expect(() => effluxReversal(null as never)).toThrow(AnalysisError);
    expect(() =>
      effluxReversal({
        resistant: fit(21),
        resistantWithInhibitor: fit(2.4),
        parental: fit(2.3),
        inhibitorOnlyViabilityPct: { resistant: NaN },
      }),
    ).toThrow(AnalysisError);
  });
});
