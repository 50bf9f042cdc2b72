// Plate QC at the edges (SCIENCE.md §2, issue 15): control-only plates, both S/B ratios, outer
// rows and columns each on their own, drift, and the threshold as a setting. Fixtures:
// test/fixtures/analysis-edges/plates (synthetic, fixed seeds).
import { readEdgePlateText } from '../../../test/support/analysis-edge-fixtures';
import { parseMttLongCsv } from './mtt-long-csv';
import { plateQcFromMtt, type PlateQcOptions } from './plate-qc';

const qc = (name: string, options: PlateQcOptions = {}) =>
  plateQcFromMtt(parseMttLongCsv(readEdgePlateText(name), 96), options);

describe('plate QC on a control-only plate (no blanks, no dose series)', () => {
  const r = qc('control-only');

  it('gives Z′ vehicle vs positive, the signal window and the vehicle CV', () => {
    expect(r.overall.zPrimeVehicleVsPositive).toBeGreaterThan(0.7);
    expect(r.overall.zPrime).toBe(r.overall.zPrimeVehicleVsPositive);
    expect(r.overall.signalWindow).toBeGreaterThan(10);
    expect(r.overall.vehicle.cvPct).toBeGreaterThan(1);
    expect(r.overall.vehicle.cvPct).toBeLessThan(6);
    expect(r.flags).not.toContain('zprime-undefined');
  });

  it('says what it could not compute and why: no blanks, no signal-to-background', () => {
    expect(r.overall.signalToBackground).toBeNull();
    expect(r.notComputed).toContainEqual({
      quantity: 'signal-to-background (vehicle/blank) and Z′ vehicle vs blank',
      reason: 'no blank wells',
    });
  });

  it('runs the edge and drift checks on its vehicle wells and flags nothing', () => {
    const vehicleEdges = r.uniformity.edges.filter((e) => e.set === 'vehicle');
    expect(vehicleEdges.map((e) => e.label)).toEqual(['row A', 'row H', 'column 1', 'column 12']);
    expect(vehicleEdges.filter((e) => e.label !== 'column 12').every((e) => e.assessable)).toBe(
      true,
    );
    // Column 12 holds positive controls only: not assessable, with the reason.
    expect(vehicleEdges.find((e) => e.label === 'column 12')!.reason).toMatch(/needs ≥ 2 wells/);
    expect(r.uniformity.drift.filter((d) => d.set === 'vehicle' && d.assessable)).toHaveLength(2);
    expect(r.flags).not.toContain('edge-effect');
    expect(r.flags).not.toContain('drift');
  });
});

describe('edge effects: outer rows and outer columns each on their own', () => {
  it('rows A and H 15 % low with the controls in column 1: flagged, naming the rows', () => {
    const r = qc('edge-rows-low');
    // The outer ring as a whole is diluted by columns 1 and 12.
    expect(r.flags).toContain('edge-effect');
    const flagged = r.uniformity.edges.filter((e) => e.flagged).map((e) => e.label);
    expect(flagged).toEqual(['row A', 'row H']);
    const detail = r.flagDetails.find((f) => f.flag === 'edge-effect')!;
    expect(detail.severity).toBe('warning');
    expect(detail.message).toMatch(/^vehicle wells: rows A and H 1[4-6] % low$/);
  });

  it('a uniform plate flags neither an edge effect nor drift', () => {
    const r = qc('uniform');
    expect(r.flags).not.toContain('edge-effect');
    expect(r.flags).not.toContain('drift');
  });

  it('a drift from column 1 to 12 is drift, not an edge effect', () => {
    const r = qc('column-drift');
    expect(r.flags).toContain('drift');
    expect(r.flags).not.toContain('edge-effect');
    const d = r.uniformity.drift.find((x) => x.set === 'vehicle' && x.axis === 'column')!;
    expect(d.changePct!).toBeLessThan(-15);
    expect(d.changePct!).toBeGreaterThan(-25);
    expect(r.flagDetails.find((f) => f.flag === 'drift')!.message).toMatch(
      /^vehicle wells: 2\d % lower from column 1 to column 12$/,
    );
  });

  it('the threshold is a setting: outer wells 12 % low flag at 10 %, not at 15 %', () => {
    expect(qc('outer-ring-12pct-low', { edgeEffectThresholdPct: 10 }).flags).toContain(
      'edge-effect',
    );
    expect(qc('outer-ring-12pct-low', { edgeEffectThresholdPct: 15 }).flags).not.toContain(
      'edge-effect',
    );
  });
});

describe('edge effects on sample wells in replicate groups', () => {
  it('row A of a dose series 15 % low is found from the replicate groups', () => {
    // A1–C12: one line, column 1 vehicle, columns 2–12 a dose series with replicates in rows
    // A–C; row A reads 15 % low.
    const lines = ['well,role,line,concentration_uM,a570,a650'];
    let k = 0;
    const noise = () => {
      k++;
      const u = Math.sin(12.9898 * k) * 43758.5453;
      return (u - Math.floor(u) - 0.5) * 0.03;
    };
    for (const [r, row] of ['A', 'B', 'C', 'D'].entries()) {
      for (let c = 1; c <= 12; c++) {
        const low = r === 0 ? 0.85 : 1;
        const base = c === 1 ? 1.1 : 1.1 / (1 + c / 6);
        const role = c === 1 ? 'vehicle' : 'treated';
        const conc = c === 1 ? '' : String(2 ** c);
        lines.push(
          `${row}${c},${role},L1,${conc},${(0.04 + base * low * (1 + noise())).toFixed(4)},0.04`,
        );
      }
    }
    const r = plateQcFromMtt(parseMttLongCsv(lines.join('\n'), 96));
    const a = r.uniformity.edges.find((e) => e.set === 'samples' && e.label === 'row A')!;
    expect(a.flagged).toBe(true);
    expect(r.flagDetails.find((f) => f.flag === 'edge-effect')!.message).toMatch(
      /sample wells: row A 1\d % low/,
    );
  });
});
