import { AnalysisError } from '../common/analysis-error';
import { normalQuantile, tQuantile } from '../stats/distributions';
import { foldResistance, ic50Ratio } from './fold-resistance';

describe('foldResistance', () => {
  it('ln FR = ln e_R − ln e_P, SE = √(SE_R² + SE_P²), t(df_R + df_P) and z CIs (SCIENCE.md §2)', () => {
    const r = { ic50: 22, seLnIc50: 0.08, df: 23 };
    const p = { ic50: 2.2, seLnIc50: 0.06, df: 20 };
    const fr = foldResistance(r, p);
    const se = Math.sqrt(0.08 ** 2 + 0.06 ** 2);
    const t = tQuantile(0.975, 43);
    const z = normalQuantile(0.975);
    expect(fr.status).toBe('determined');
    expect(fr.ratio).toBeCloseTo(10, 12);
    expect(fr.lnRatio).toBeCloseTo(Math.log(10), 12);
    expect(fr.seLnRatio).toBeCloseTo(se, 14);
    expect(fr.df).toBe(43);
    expect(fr.tQuantile).toBe(t);
    expect(fr.ci95![0]).toBeCloseTo(10 * Math.exp(-t * se), 10);
    expect(fr.ci95![1]).toBeCloseTo(10 * Math.exp(t * se), 10);
    expect(fr.ci95LogscaleZ![0]).toBeCloseTo(10 * Math.exp(-z * se), 10);
    // The t interval is wider than the z interval.
    expect(fr.ci95![0]).toBeLessThan(fr.ci95LogscaleZ![0]);
    expect(fr.definition).toMatch(/separate fits/);
    expect(JSON.parse(JSON.stringify(fr))).toEqual(fr);
  });

  it('honours the confidence level', () => {
    const fr = ic50Ratio(
      { ic50: 4, seLnIc50: 0.1, df: 10 },
      { ic50: 2, seLnIc50: 0.1, df: 10 },
      'x',
      {
        confidenceLevel: 0.9,
      },
    );
    expect(fr.tQuantile).toBe(tQuantile(0.95, 20));
  });

  it('is not determinable without a reportable IC50, and says why', () => {
    const fr = foldResistance(
      { ic50: null, seLnIc50: null, df: 23, ic50Display: '> 200 µM' },
      { ic50: 2, seLnIc50: 0.1, df: 23 },
    );
    expect(fr.status).toBe('not-determinable');
    expect(fr.ratio).toBeNull();
    expect(fr.reason).toBe('numerator: > 200 µM');
  });

  it('gives the ratio without a CI when an SE is missing', () => {
    const fr = foldResistance(
      { ic50: 4, seLnIc50: null, df: 0 },
      { ic50: 2, seLnIc50: 0.1, df: 5 },
    );
    expect(fr.status).toBe('determined');
    expect(fr.ratio).toBeCloseTo(2, 14);
    expect(fr.ci95).toBeNull();
    expect(fr.reason).toMatch(/standard error/);
  });

  it('throws AnalysisError only for malformed input', () => {
    expect(() => foldResistance(null as never, { ic50: 1, seLnIc50: 0.1, df: 3 })).toThrow(
      AnalysisError,
    );
    expect(() =>
      foldResistance({ ic50: NaN, seLnIc50: 0.1, df: 3 }, { ic50: 1, seLnIc50: 0.1, df: 3 }),
    ).toThrow(AnalysisError);
    expect(() =>
      ic50Ratio({ ic50: 1, seLnIc50: 0.1, df: 3 }, { ic50: 1, seLnIc50: 0.1, df: 3 }, 'x', {
        confidenceLevel: 2,
      }),
    ).toThrow(AnalysisError);
  });
});
