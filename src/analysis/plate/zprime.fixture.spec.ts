// Known answers: fixtures/plate-qc/zprime (synthetic control plate, one excluded well).
// Reference: numpy (Python 3 + numpy 2.4.6), Zhang, Chung & Oldenburg (1999) Z′ with the
// sample SD. Tolerance 1e-6 relative (closed form).
import Papa from 'papaparse';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { relativeMismatch } from '../dose-response/testing/compare-with-reference';
import { plateQc, QcWell } from './plate-qc';
import { WellRole } from './well-role';

describeWithFixtures('plate QC: Z′, S/B, CV with an excluded well (numpy reference)', () => {
  const expected = readFixtureJson('plate-qc', 'zprime', 'expected.json');
  const e = expected.expected;
  const c = expected.tolerance.closed_form_relative;
  const wells: QcWell[] = Papa.parse<{ well: string; role: string; signal: string }>(
    readFixtureText('plate-qc', 'zprime', 'controls_long.csv'),
    { header: true, skipEmptyLines: true },
  ).data.map((r) => ({
    well: r.well,
    role: r.role as WellRole,
    signal: r.signal === '' ? null : Number(r.signal),
  }));

  it('reproduces Z′ (vs positive and vs blank), S/B, vehicle/positive and CVs', () => {
    const qc = plateQc({ format: 96, wells });
    const o = qc.overall;
    expect(qc.excludedWells).toEqual(e.excluded_wells);
    expect([o.vehicle.n, o.positive.n, o.blank.n]).toEqual([e.n_vehicle, e.n_positive, e.n_blank]);
    expect(
      [
        relativeMismatch('mean vehicle', o.vehicle.mean, e.mean_vehicle, c),
        relativeMismatch('sd vehicle', o.vehicle.sd, e.sd_vehicle, c),
        relativeMismatch('mean positive', o.positive.mean, e.mean_positive, c),
        relativeMismatch('sd positive', o.positive.sd, e.sd_positive, c),
        relativeMismatch('mean blank', o.blank.mean, e.mean_blank, c),
        relativeMismatch('sd blank', o.blank.sd, e.sd_blank, c),
        relativeMismatch("Z' pos", o.zPrimeVehicleVsPositive, e.zprime_vehicle_vs_positive, c),
        relativeMismatch("Z' blank", o.zPrimeVehicleVsBlank, e.zprime_vehicle_vs_blank, c),
        relativeMismatch('S/B', o.signalToBackground, e.signal_to_blank, c),
        relativeMismatch('veh/pos', o.vehicleOverPositive, e.vehicle_over_positive, c),
        relativeMismatch('CV vehicle', o.vehicle.cvPct, e.cv_pct_vehicle, c),
        relativeMismatch('CV positive', o.positive.cvPct, e.cv_pct_positive, c),
        relativeMismatch('CV blank', o.blank.cvPct, e.cv_pct_blank, c),
      ].filter(Boolean),
    ).toEqual([]);
    expect(o.zPrimeClass).toBe('good');
    expect(e.zprime_class).toMatch(/^good/);
    expect(qc.flags).not.toContain('zprime-fail');
  });

  it('the excluded well changes the answer when it is not excluded', () => {
    const included = wells.map((w) =>
      w.role === 'excluded' ? { ...w, role: 'vehicle' as const } : w,
    );
    const qc = plateQc({ format: 96, wells: included });
    expect(qc.overall.vehicle.n).toBe(e.n_vehicle + 1);
    expect(qc.overall.zPrimeVehicleVsPositive).not.toBeCloseTo(e.zprime_vehicle_vs_positive, 6);
  });
});
