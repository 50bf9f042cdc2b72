import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from '../stats/json-safe';
import { summarizeQpcrRun, summarizeTechnicalReplicates, type QpcrWell } from './replicate-summary';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('summarizeTechnicalReplicates', () => {
  it('mean and sample SD of determined wells; SD > 0.3 flagged', () => {
    const r = summarizeTechnicalReplicates([24, 24.2, 24.4]);
    expect(r.meanCq).toBeCloseTo(24.2, 12);
    expect(r.sdCq).toBeCloseTo(0.2, 12);
    expect(r.flags).toEqual([]);
    const high = summarizeTechnicalReplicates([24, 24.5, 25]);
    expect(high.flags).toEqual(['high-replicate-sd']);
    const custom = summarizeTechnicalReplicates([24, 24.5, 25], { maxReplicateSdCq: 0.6 });
    expect(custom.flags).toEqual([]);
  });

  it('late Cq, single replicate, undetermined excluded, all undetermined', () => {
    expect(summarizeTechnicalReplicates([35.5, 35.7]).flags).toContain('late-cq');
    const single = summarizeTechnicalReplicates([22, 'undetermined']);
    expect(single.meanCq).toBe(22);
    expect(single.sdCq).toBeNull();
    expect(single.flags).toEqual(['undetermined-excluded', 'single-replicate']);
    const none = summarizeTechnicalReplicates(['undetermined', 'undetermined']);
    expect(none.status).toBe('all-undetermined');
    expect(none.meanCq).toBeNull();
    expect(none.nUndetermined).toBe(2);
    expect(findJsonHazard(none)).toBeNull();
  });

  it('malformed input throws AnalysisError only; permutation invariant (fast-check)', () => {
    expect(() => summarizeTechnicalReplicates([])).toThrow(AnalysisError);
    expect(() => summarizeTechnicalReplicates([NaN])).toThrow(AnalysisError);
    expect(() => summarizeTechnicalReplicates([-Infinity])).toThrow(AnalysisError);
    expect(() => summarizeTechnicalReplicates([0 as number])).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          summarizeTechnicalReplicates(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const cq = fc.oneof(
      fc.double({ min: 10, max: 45, noNaN: true }),
      fc.constant('undetermined' as const),
    );
    fc.assert(
      fc.property(fc.array(cq, { minLength: 1, maxLength: 6 }), (cqs) => {
        const a = summarizeTechnicalReplicates(cqs);
        const b = summarizeTechnicalReplicates([...cqs].reverse());
        expect(b.status).toBe(a.status);
        expect(b.flags).toEqual(a.flags);
        if (a.meanCq !== null) expect(b.meanCq!).toBeCloseTo(a.meanCq, 9);
      }),
    );
  });
});

describe('summarizeQpcrRun', () => {
  const w = (
    well: string,
    sample: string,
    target: string,
    cq: QpcrWell['cq'],
    task: QpcrWell['task'] = 'unknown',
  ): QpcrWell => ({
    well,
    sample,
    target,
    cq,
    task,
  });

  it('an NTC with Cq < 35 flags the whole gene as contaminated', () => {
    const run = summarizeQpcrRun([
      w('A1', 'S1', 'ABCC1', 25),
      w('A2', 'S1', 'ABCC1', 25.1),
      w('A3', 'S2', 'ABCC1', 27),
      w('A4', 'S1', 'GAPDH', 18),
      w('A5', 'NTC', 'ABCC1', 33.2, 'ntc'),
      w('A6', 'NTC', 'GAPDH', 37.5, 'ntc'),
      w('A7', 'NTC', 'GAPDH', 'undetermined', 'ntc'),
    ]);
    expect(run.contaminatedTargets).toEqual(['ABCC1']);
    const abcc1 = run.samples.filter((s) => s.target === 'ABCC1');
    expect(abcc1).toHaveLength(2);
    for (const s of abcc1) expect(s.flags).toContain('ntc-contamination');
    const gapdh = run.ntc.find((c) => c.target === 'GAPDH')!;
    expect(gapdh.contamination).toBe(false);
    expect(gapdh.flags).toEqual(['ntc-late-amplification']);
    expect(gapdh.minCq).toBe(37.5);
    expect(run.samples.find((s) => s.target === 'GAPDH')!.flags).not.toContain('ntc-contamination');
  });

  it('a gene without NTC is reported; an all-undetermined sample keeps a null mean', () => {
    const run = summarizeQpcrRun([
      w('A1', 'S1', 'ABCC4', 'undetermined'),
      w('A2', 'S1', 'ABCC4', 'undetermined'),
    ]);
    expect(run.ntc[0].flags).toEqual(['ntc-missing']);
    expect(run.samples[0].status).toBe('all-undetermined');
    expect(run.samples[0].meanCq).toBeNull();
    expect(run.excludedUndeterminedWells).toEqual(['A1', 'A2']);
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });

  it('malformed wells throw AnalysisError only', () => {
    expect(() => summarizeQpcrRun([w('A1', '', 'X', 20)])).toThrow(AnalysisError);
    expect(() => summarizeQpcrRun([{ ...w('A1', 'S', 'X', 20), task: 'blank' as never }])).toThrow(
      AnalysisError,
    );
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          summarizeQpcrRun(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
