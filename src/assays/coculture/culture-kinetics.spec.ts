import { hashInput } from '../../analysis/common/provenance';
import {
  DEFAULT_KINETICS_SETTINGS,
  metaboliteKinetics,
  parentKinetics,
  type MeasuredPoint,
} from './culture-kinetics';

/** Triplicates of C0·e^(−kt) at the given times, with a small fixed relative scatter. */
function course(
  k: number,
  times: number[],
  c0 = 50,
  scatter = [0.02, -0.015, 0.01],
): MeasuredPoint[] {
  return times.flatMap((t) =>
    scatter.map((e, r) => ({
      timeHours: t,
      replicate: r + 1,
      concentration: c0 * Math.exp(-k * t) * (1 + e),
      status: 'quantified',
    })),
  );
}

const TIMES = [0, 1, 2, 4, 8, 24, 48];

describe('parentKinetics flags', () => {
  it('a clean first-order decline: fitted, no flags', () => {
    const r = parentKinetics(course(0.08, TIMES), DEFAULT_KINETICS_SETTINGS, null);
    expect(r.status).toBe('fitted');
    expect(r.flags).toEqual([]);
    expect(r.degradation?.sfo.rateConstantPerHour).toBeCloseTo(0.08, 2);
    expect(r.method).toBe('coculture-parent-kinetics');
  });

  it('fewer than 4 timepoints above the LLOQ is flagged; 4 is not', () => {
    const pts = course(0.3, TIMES).map((p) =>
      p.timeHours >= 8 ? { ...p, concentration: null, status: 'BLQ' } : p,
    );
    expect(parentKinetics(pts, DEFAULT_KINETICS_SETTINGS, null).flags).not.toContain(
      'fewer-than-4-timepoints-above-lloq',
    );
    const three = pts.map((p) =>
      p.timeHours >= 4 ? { ...p, concentration: null, status: 'BLQ' } : p,
    );
    const r = parentKinetics(three, DEFAULT_KINETICS_SETTINGS, null);
    expect(r.flags).toContain('fewer-than-4-timepoints-above-lloq');
    expect(r.excludedPoints).toHaveLength(12);
    expect(r.n).toBe(9);
  });

  it('poor fit when the FOCUS χ² error level exceeds the limit (15 % by default)', () => {
    // Replicates are averaged per time (FOCUS): a time-to-time scatter of ±35 % fails at 15 %.
    const scattered = course(0.05, TIMES).map((p) => ({
      ...p,
      concentration: p.concentration! * (TIMES.indexOf(p.timeHours) % 2 ? 1.35 : 0.65),
    }));
    const bad = parentKinetics(scattered, DEFAULT_KINETICS_SETTINGS, null);
    expect(bad.degradation!.sfoChiSquareError.errorPercent!).toBeGreaterThan(15);
    expect(bad.flags).toContain('poor-fit');
    // The same replicate spread within each time averages out: no flag.
    const withinTime = parentKinetics(
      course(0.05, TIMES, 50, [0.45, -0.4, 0.05]),
      DEFAULT_KINETICS_SETTINGS,
      null,
    );
    expect(withinTime.degradation!.sfoChiSquareError.errorPercent!).toBeLessThan(15);
    expect(withinTime.flags).not.toContain('poor-fit');
    // The limit is the protocol's: a looser one passes the scattered course.
    const loose = parentKinetics(
      scattered,
      {
        ...DEFAULT_KINETICS_SETTINGS,
        poorFitChiSquareErrorMaxPercent:
          Math.ceil(bad.degradation!.sfoChiSquareError.errorPercent!) + 1,
      },
      null,
    );
    expect(loose.flags).not.toContain('poor-fit');
    expect(loose.degradation!.poorFitErrorMaxPercent).toBe(
      loose.options.poorFitChiSquareErrorMaxPercent,
    );
  });

  it('methods-disagree for a biphasic decline (SFO vs log-linear beyond the set difference)', () => {
    const biphasic = TIMES.flatMap((t) =>
      [1, 2, 3].map((r) => ({
        timeHours: t,
        replicate: r,
        concentration: 40 * Math.exp(-1.2 * t) + 10 * Math.exp(-0.01 * t),
        status: 'quantified',
      })),
    );
    expect(parentKinetics(biphasic, DEFAULT_KINETICS_SETTINGS, null).flags).toContain(
      'methods-disagree',
    );
  });

  it('biotic rate against the abiotic control; no-biotic-degradation when the culture is not faster', () => {
    const r = parentKinetics(course(0.08, TIMES), DEFAULT_KINETICS_SETTINGS, {
      rateConstantPerHour: 0.01,
      rateConstantSePerHour: 0.001,
      df: 19,
    });
    expect(r.biotic?.rateConstantPerHour).toBeCloseTo(0.07, 2);
    expect(r.flags).not.toContain('no-biotic-degradation');
    const slow = parentKinetics(course(0.01, TIMES), DEFAULT_KINETICS_SETTINGS, {
      rateConstantPerHour: 0.02,
      rateConstantSePerHour: 0.001,
      df: 19,
    });
    expect(slow.flags).toContain('no-biotic-degradation');
  });

  it('no quantified point: not fitted, with the reason', () => {
    const none = course(0.08, [0, 1]).map((p) => ({
      ...p,
      concentration: null,
      status: 'not-reportable',
    }));
    const r = parentKinetics(none, DEFAULT_KINETICS_SETTINGS, null);
    expect(r.status).toBe('not-fitted');
    expect(r.reason).toMatch(/at least/);
  });
});

describe('metaboliteKinetics', () => {
  const parent = course(0.08, TIMES);
  const metabolite = TIMES.flatMap((t) =>
    [1, 2, 3].map((r) => ({
      timeHours: t,
      replicate: r,
      concentration: 20 * (1 - Math.exp(-0.1 * t)) * Math.exp(-0.01 * t),
      status: 'quantified',
    })),
  );

  it('Cmax, Tmax, initial rate over the earliest timepoints and the molar balance at Tmax', () => {
    const r = metaboliteKinetics(
      '6-MP',
      metabolite,
      { name: 'azathioprine', points: parent },
      DEFAULT_KINETICS_SETTINGS,
      true,
    );
    expect(r.status).toBe('computed');
    expect(r.formation?.initialPhaseTimesHours).toEqual([0, 1, 2]);
    expect(r.formation?.tmaxHours).toBe(24);
    expect(r.massBalanceAtTmax?.balancePercent).toBeGreaterThan(0);
  });

  it('no molar balance in mass units, said by a flag', () => {
    const r = metaboliteKinetics(
      '6-MP',
      metabolite,
      { name: 'azathioprine', points: parent },
      DEFAULT_KINETICS_SETTINGS,
      false,
    );
    expect(r.massBalanceAtTmax).toBeNull();
    expect(r.flags).toContain('mass-balance-needs-molar-units');
  });
});

describe('provenance of the stored results', () => {
  it('each result hashes its own input; the parts it embeds carry no provenance of their own', () => {
    const parentPoints = course(0.08, TIMES);
    const abiotic = { rateConstantPerHour: 0.01, rateConstantSePerHour: 0.001, df: 19 };
    const parent = parentKinetics(parentPoints, DEFAULT_KINETICS_SETTINGS, abiotic);
    expect(parent.inputHash).toBe(hashInput({ points: parentPoints, abiotic }));
    expect(parent.degradation).not.toHaveProperty('inputHash');
    expect(parent.degradation?.sfo).not.toHaveProperty('inputHash');
    expect(parent.biotic).not.toHaveProperty('inputHash');
    const points = TIMES.map((t, i) => ({
      timeHours: t,
      replicate: 1,
      concentration: 40 * (1 - Math.exp(-0.08 * t)) + i * 0.01,
      status: 'quantified',
    }));
    const parentSeries = { name: 'azathioprine', points: parentPoints };
    const m = metaboliteKinetics('6-MP', points, parentSeries, DEFAULT_KINETICS_SETTINGS, true);
    expect(m.status).toBe('computed');
    // The parent's points enter by their hash (1.1.0), given by the caller or computed.
    expect(m.methodVersion).toBe('1.1.0');
    const parentRef = { name: 'azathioprine', pointsHash: hashInput(parentPoints) };
    expect(m.inputHash).toBe(hashInput({ name: '6-MP', points, parent: parentRef }));
    const given = metaboliteKinetics(
      '6-MP',
      points,
      { ...parentSeries, pointsHash: parentRef.pointsHash },
      DEFAULT_KINETICS_SETTINGS,
      true,
    );
    expect(given.inputHash).toBe(m.inputHash);
    // Any change of the parent's points changes the metabolite's hash.
    const moved = parentPoints.map((p, i) =>
      i === 3 ? { ...p, concentration: (p.concentration as number) * 1.001 } : p,
    );
    const other = metaboliteKinetics(
      '6-MP',
      points,
      { name: 'azathioprine', points: moved },
      DEFAULT_KINETICS_SETTINGS,
      true,
    );
    expect(other.inputHash).not.toBe(m.inputHash);
    const alone = metaboliteKinetics('6-MP', points, null, DEFAULT_KINETICS_SETTINGS, true);
    expect(alone.inputHash).toBe(hashInput({ name: '6-MP', points, parent: null }));
    expect(m.formation).not.toHaveProperty('inputHash');
    expect(m.massBalanceAtTmax).not.toBeNull();
    expect(m.massBalanceAtTmax).not.toHaveProperty('inputHash');
  });
});
