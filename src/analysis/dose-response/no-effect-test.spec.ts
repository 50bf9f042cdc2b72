import { tCdf } from '../stats/distributions';
import { fUpperTail, noEffectTest } from './no-effect-test';

describe('F test', () => {
  it('F(1, ν) upper tail equals the two-sided t tail (t² ~ F(1, ν))', () => {
    for (const [t, nu] of [
      [0.5, 3],
      [2.1, 10],
      [4, 27],
    ]) {
      expect(fUpperTail(t * t, 1, nu)).toBeCloseTo(2 * tCdf(-t, nu), 12);
    }
  });

  it('F(2, ν) upper tail has the closed form (1 + 2f/ν)^(−ν/2)', () => {
    for (const [f, nu] of [
      [0.3, 5],
      [3.7, 23],
    ]) {
      expect(fUpperTail(f, 2, nu)).toBeCloseTo(Math.pow(1 + (2 * f) / nu, -nu / 2), 12);
    }
  });

  it('no-effect test: nothing to explain gives p = 1; a perfect fit gives p = 0', () => {
    expect(noEffectTest(0, 0, 20, 4).pValue).toBe(1);
    expect(noEffectTest(10, 0, 20, 4)).toEqual({ f: null, df1: 3, df2: 16, pValue: 0 });
    const t = noEffectTest(100, 40, 27, 4);
    expect(t.f).toBeCloseTo(60 / 3 / (40 / 23), 12);
    expect(t.pValue).toBeCloseTo(fUpperTail(t.f!, 3, 23), 15);
  });
});
