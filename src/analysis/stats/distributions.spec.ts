import { AnalysisError } from '../common/analysis-error';
import {
  chiSquareQuantile,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
  tTwoSidedP,
} from './distributions';

// Reference tool: R 4.x qt/pt/qnorm/pnorm. The full-precision values were taken from scipy
// 1.17.1 (t.ppf, t.cdf, norm.ppf), which agrees with R to ~1e-15; qt(0.975, 10) = 2.228139 is
// the textbook value and qt(0.975, 6), qt(0.975, 19) also appear (from R/scipy) in the
// kinetics fixtures' expected.json.
describe('t and normal distributions (R qt, pt, qnorm, pnorm)', () => {
  it.each([
    [0.975, 10, 2.228138851986274],
    [0.975, 6, 2.4469118511449786],
    [0.975, 19, 2.0930240544083087],
    [0.995, 3.5, 5.085702223091256],
  ])('qt(%p, %p) = %p', (p, df, q) => {
    expect(Math.abs(tQuantile(p, df) - q) / q).toBeLessThan(1e-10);
  });

  it('pt and two-sided p', () => {
    expect(tCdf(2, 5)).toBeCloseTo(0.9490302605850708, 12);
    expect(tCdf(-1.5, 2.7)).toBeCloseTo(0.12012859519419851, 12);
    expect(tTwoSidedP(2, 5)).toBeCloseTo(2 * (1 - 0.9490302605850708), 12);
  });

  it('qnorm and pnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
  });

  it('rejects a bad probability or df', () => {
    expect(() => tQuantile(1.5, 3)).toThrow(AnalysisError);
    expect(() => tQuantile(0.5, 0)).toThrow(AnalysisError);
    expect(() => tCdf(1, NaN)).toThrow(AnalysisError);
    expect(() => normalQuantile(NaN)).toThrow(AnalysisError);
  });

  // Printed chi-square tables give 3.841, 11.070, 12.592 and 18.307 (upper 5 % points).
  it.each([
    [0.95, 1, 3.841458820694124],
    [0.95, 5, 11.070497693516351],
    [0.95, 6, 12.591587243743977],
    [0.95, 10, 18.307038053275146],
  ])('qchisq(%p, %p) = %p', (p, df, q) => {
    expect(Math.abs(chiSquareQuantile(p, df) - q) / q).toBeLessThan(1e-10);
  });

  it('qchisq rejects a bad probability or df', () => {
    expect(() => chiSquareQuantile(1.5, 3)).toThrow(AnalysisError);
    expect(() => chiSquareQuantile(0.95, 0)).toThrow(AnalysisError);
  });
});
