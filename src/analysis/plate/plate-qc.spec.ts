import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { edgeEffect } from './edge-effect';
import { plateQc, QcWell } from './plate-qc';
import { parseWell } from './well-position';
import { classifyZPrime, zPrime } from './z-prime';
import { WELL_ROLES } from './well-role';

describe('zPrime (Zhang et al. 1999)', () => {
  it('Z′ = 1 − 3(σ_h + σ_l)/|μ_h − μ_l| and its classes', () => {
    expect(zPrime(1, 0.05, 0.1, 0.01)).toBeCloseTo(1 - 0.18 / 0.9, 14);
    expect(zPrime(0.1, 0.01, 1, 0.05)).toBeCloseTo(1 - 0.18 / 0.9, 14);
    expect(zPrime(1, 0.1, 1, 0.1)).toBeNull();
    expect(zPrime(1, null, 0, 0.1)).toBeNull();
    expect(classifyZPrime(0.5)).toBe('good');
    expect(classifyZPrime(0.2)).toBe('marginal');
    expect(classifyZPrime(-0.1)).toBe('fail');
  });
});

/** A 96-well plate: vehicle in columns 1 and 12 and in B–G 2–11, blanks and positives inside. */
function plate(outerFactor: number, noise = 0.02): QcWell[] {
  const wells: QcWell[] = [];
  let k = 0;
  const jitter = () => noise * Math.sin(++k * 1.7);
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 12; c++) {
      const well = `${String.fromCharCode(65 + r)}${c + 1}`;
      const outer = r === 0 || r === 7 || c === 0 || c === 11;
      if (c === 5 && !outer) wells.push({ well, role: 'blank', signal: 0.05 + jitter() / 10 });
      else if (c === 6 && !outer)
        wells.push({ well, role: 'positive', signal: 0.08 + jitter() / 10 });
      else
        wells.push({ well, role: 'vehicle', signal: (outer ? outerFactor : 1) * (1.2 + jitter()) });
    }
  }
  return wells;
}

describe('plateQc', () => {
  it('no edge effect on a uniform plate; good Z′', () => {
    const qc = plateQc({ wells: plate(1) });
    expect(qc.format).toBe(96);
    expect(qc.edgeEffect.assessable).toBe(true);
    expect(qc.edgeEffect.edgeEffect).toBe(false);
    expect(qc.overall.zPrimeClass).toBe('good');
    expect(qc.flags).toEqual([]);
    expect(JSON.parse(JSON.stringify(qc))).toEqual(qc);
  });

  it('detects an edge effect that Z′ misses (outer wells 15 % low)', () => {
    const qc = plateQc({ wells: plate(0.85) });
    expect(qc.edgeEffect.edgeEffect).toBe(true);
    expect(qc.edgeEffect.differencePct!).toBeCloseTo(-15, 0);
    expect(qc.flags).toContain('edge-effect');
    // Z′ is still acceptable: that is why the edge check exists.
    expect(qc.overall.zPrime!).toBeGreaterThan(0);
  });

  it('edge check compares each vehicle well to its own line (no line/row confounding)', () => {
    // Line P (row A, outer) reads 20 % higher than line R everywhere: not an edge effect.
    const wells: QcWell[] = [];
    for (let c = 2; c <= 11; c++) {
      wells.push({ well: `A${c}`, role: 'vehicle', line: 'P', signal: 1.2 + 0.01 * Math.sin(c) });
      wells.push({ well: `B${c}`, role: 'vehicle', line: 'P', signal: 1.2 + 0.01 * Math.cos(c) });
      wells.push({ well: `D${c}`, role: 'vehicle', line: 'R', signal: 1.0 + 0.01 * Math.sin(c) });
    }
    wells.push(
      { well: 'C1', role: 'blank', signal: 0.05 },
      { well: 'C2', role: 'blank', signal: 0.06 },
    );
    const qc = plateQc({ format: 96, wells });
    expect(qc.edgeEffect.edgeEffect).toBe(false);
    expect(Math.abs(qc.edgeEffect.differencePct!)).toBeLessThan(2);
    expect(qc.byLine.map((b) => b.line)).toEqual(['P', 'R']);
  });

  it('reports CV per replicate group and flags high CV only away from background', () => {
    const wells: QcWell[] = [
      { well: 'B2', role: 'vehicle', signal: 1.0 },
      { well: 'B3', role: 'vehicle', signal: 1.02 },
      { well: 'C2', role: 'treated', concentration: 10, signal: 0.5 },
      { well: 'C3', role: 'treated', concentration: 10, signal: 0.9 },
      { well: 'D2', role: 'treated', concentration: 100, signal: 0.02 },
      { well: 'D3', role: 'treated', concentration: 100, signal: 0.06 },
      { well: 'E2', role: 'blank', signal: 0.05 },
      { well: 'E3', role: 'blank', signal: 0.051 },
    ];
    const qc = plateQc({ format: 96, wells });
    const g10 = qc.replicateGroups.find((g) => g.concentration === 10)!;
    expect(g10.cvPct).toBeCloseTo((100 * Math.sqrt(0.08)) / 0.7, 10);
    expect(g10.highCv).toBe(true);
    expect(qc.replicateGroups.find((g) => g.concentration === 100)!.highCv).toBe(false);
    expect(qc.flags).toContain('high-replicate-cv');
    expect(qc.edgeEffect.assessable).toBe(false);
  });

  it('works on 384-well plates', () => {
    const wells: QcWell[] = [];
    for (let r = 0; r < 16; r++) {
      for (let c = 0; c < 24; c++) {
        const well = `${String.fromCharCode(65 + r)}${c + 1}`;
        const role = c === 1 ? 'blank' : c === 2 ? 'positive' : 'vehicle';
        wells.push({
          well,
          role,
          signal:
            role === 'vehicle' ? 1 + 0.01 * Math.sin(r * 24 + c) : 0.05 + 0.001 * Math.cos(r + c),
        });
      }
    }
    const qc = plateQc({ wells });
    expect(qc.format).toBe(384);
    // Outer ring 2·24 + 2·14 = 76 wells, minus the 4 blank/positive wells of rows A and P.
    expect(qc.edgeEffect.nOuter).toBe(72);
    expect(qc.overall.zPrimeClass).toBe('good');
  });

  it('edgeEffect needs two wells on each side', () => {
    const r = edgeEffect([{ position: parseWell('A1', 96), signal: 1 }], 96);
    expect(r.assessable).toBe(false);
    expect(r.edgeEffect).toBe(false);
  });

  it('arbitrary input never throws anything but AnalysisError', () => {
    const wellArb = fc.record({
      well: fc.oneof(fc.constantFrom('A1', 'B2', 'H12', 'P24', 'C3', 'D5'), fc.string()),
      role: fc.constantFrom(...WELL_ROLES, 'bad'),
      signal: fc.option(fc.double(), { nil: null }),
      line: fc.option(fc.constantFrom('P', 'R'), { nil: null }),
      concentration: fc.option(fc.double(), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.record({ wells: fc.array(wellArb, { maxLength: 12 }) }), fc.anything()),
        (p) => {
          try {
            const r = plateQc(p as never);
            expect(JSON.parse(JSON.stringify(r))).toEqual(r);
          } catch (err) {
            if (!(err instanceof AnalysisError)) throw err;
          }
        },
      ),
      { seed: 11, numRuns: 400 },
    );
  });
});
