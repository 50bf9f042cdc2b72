// The plate analysis the import path runs, on the shared MTT fixtures: the numbers must be the
// analysis core's (and so the reference's), read through layout wells and raw readings.
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { parsePlateMap } from '../../imports/plate-maps';
import { parseMttLongCsv } from '../../analysis/plate/mtt-long-csv';
import {
  analysePlateData,
  type AnalysisLayoutWell,
  type AnalysisWellReading,
  PlateAnalysisError,
} from './plate-analysis';
import { DEFAULT_VIABILITY_SETTINGS, viabilitySettingsFrom } from './viability-settings';

function rel(actual: number | null | undefined, expected: number): number {
  return Math.abs((actual as number) - expected) / Math.abs(expected);
}

/** Layout wells and raw readings from a fixture's plate map and long CSV (a570/a650 columns). */
function plateFrom(dir: string[], map: string, long: string) {
  const parsed = parsePlateMap(readFixtureText(...dir, map), { plateSize: 96 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const layoutWells: AnalysisLayoutWell[] = parsed.layout.wells.map((w) => ({
    well: w.well,
    role: w.role,
    materialId: w.material ?? null,
    concentrationValue: w.concentration?.value ?? (w.role === 'treated' ? null : 0),
    concentrationUnit: w.concentration?.unit ?? 'uM',
    concentrationMolar:
      w.concentrationMicromolar !== undefined ? w.concentrationMicromolar * 1e-6 : null,
    inhibitorName: w.inhibitor?.name ?? null,
    inhibitorConcentrationValue: w.inhibitor?.concentration?.value ?? null,
    inhibitorConcentrationUnit: w.inhibitor?.concentration?.unit ?? null,
    inhibitorConcentrationMolar:
      w.inhibitor?.concentrationMicromolar !== undefined
        ? w.inhibitor.concentrationMicromolar * 1e-6
        : null,
  }));
  const wellReadings: AnalysisWellReading[] = [];
  for (const w of parseMttLongCsv(readFixtureText(...dir, long)).wells) {
    wellReadings.push({
      id: `${w.well}-570`,
      well: w.well,
      wavelengthNm: 570,
      value: w.absorbance!,
    });
    wellReadings.push({
      id: `${w.well}-650`,
      well: w.well,
      wavelengthNm: 650,
      value: w.referenceAbsorbance!,
    });
  }
  return { layoutWells, wellReadings };
}

const base = {
  plateId: 'plate-1',
  runId: null,
  readingId: 'reading-1',
  plateSize: 96,
  measurementWavelengthNm: 570,
  referenceWavelengthNm: 650,
  excludedWells: new Set<string>(),
  materialNames: new Map([
    ['parental', 'HIG-82 parental'],
    ['resistant', 'HIG-82 6-TG-R'],
  ]),
  settings: DEFAULT_VIABILITY_SETTINGS,
};

describeWithFixtures('analysePlateData on mtt/parental-vs-resistant', () => {
  const DIR = ['mtt', 'parental-vs-resistant'];
  const expected = readFixtureJson(...DIR, 'expected.json');
  const E = expected.expected;
  const tol = expected.tolerance;
  const plate = plateFrom(DIR, 'plate_map.csv', 'long.csv');
  const result = analysePlateData({ ...base, ...plate });

  it('fits each line (LL.4) to the reference IC50, CI, SE and R²', () => {
    expect(result.fits).toHaveLength(2);
    for (const line of ['parental', 'resistant']) {
      const fit = result.fits.find((f) => f.materialId === line)!;
      const e = E[line].LL4;
      expect(fit.concentrationUnit).toBe('µM');
      expect(fit.fitStatus).toBe('fitted');
      expect(rel(fit.ic50, e.e)).toBeLessThan(tol.b_c_d_ic50_relative);
      expect(rel(fit.b, e.b)).toBeLessThan(tol.b_c_d_ic50_relative);
      expect(rel(fit.c, e.c)).toBeLessThan(tol.b_c_d_ic50_relative);
      expect(rel(fit.d, e.d)).toBeLessThan(tol.b_c_d_ic50_relative);
      expect(rel(fit.seLnIc50, e.se.ln_e)).toBeLessThan(tol.se_and_ci_relative);
      expect(rel(fit.ic50Ci95Low, e.ic50_ci95_logscale_t[0])).toBeLessThan(tol.se_and_ci_relative);
      expect(rel(fit.ic50Ci95High, e.ic50_ci95_logscale_t[1])).toBeLessThan(tol.se_and_ci_relative);
      expect(rel(fit.ic50Absolute, e.ic50_absolute_50pct)).toBeLessThan(tol.b_c_d_ic50_relative);
      expect(rel(fit.rSquared, e.r_squared)).toBeLessThan(tol.rss_r2_relative);
      expect(fit.df).toBe(e.df_residual);
      expect(fit.points).toHaveLength(e.n);
      expect(fit.materialName).toBe(base.materialNames.get(line));
    }
  });

  it('plate QC per line: Z′ (vehicle vs positive), S/B; the plate passes', () => {
    for (const line of ['parental', 'resistant']) {
      const q = result.analysis.byLine.find((l) => l.materialId === line)!;
      const e = E[line].plate_qc;
      expect(rel(q.zPrime, e.zprime_vehicle_vs_positive)).toBeLessThan(1e-6);
      expect(rel(q.signalToBackground, e.signal_to_blank_vehicle_over_blank)).toBeLessThan(1e-6);
      expect(rel(q.vehicleCvPct, e.cv_pct_vehicle)).toBeLessThan(1e-6);
    }
    expect(result.analysis.passes).toBe(true);
    expect(
      rel(result.analysis.zPrime, E.parental.plate_qc.zprime_vehicle_vs_positive),
    ).toBeLessThan(1e-6);
  });

  it('derived values point back to the raw readings; fits point to the derived values', () => {
    const a1 = result.derived.find((d) => d.well === 'A1')!;
    expect(a1).toMatchObject({
      measurementReadingId: 'A1-570',
      referenceReadingId: 'A1-650',
    });
    expect(result.derived.some((d) => d.well.startsWith('H'))).toBe(false); // empty row
    const ids = new Set(result.derived.map((d) => d.id));
    for (const f of result.fits)
      for (const p of f.points) expect(ids.has(p.derivedValueId)).toBe(true);
  });

  it('excluding wells removes them from the fit and the QC', () => {
    const r = analysePlateData({ ...base, ...plate, excludedWells: new Set(['A4', 'A2']) });
    const parental = r.fits.find((f) => f.materialId === 'parental')!;
    expect(parental.n).toBe(26);
    expect(parental.points.some((p) => p.well === 'A4')).toBe(false);
    expect(r.analysis.excludedWells).toEqual(['A2', 'A4']);
  });

  it('the protocol model setting (LL3) is used, with its fixed bottom', () => {
    const settings = viabilitySettingsFrom({ fitModel: { value: 'LL3' } });
    const r = analysePlateData({ ...base, ...plate, settings });
    const fit = r.fits.find((f) => f.materialId === 'resistant')!;
    expect(fit.model).toBe('LL3');
    expect(fit.fixedParameters).toContain('c');
    expect(rel(fit.e, E.resistant.LL3.e)).toBeLessThan(tol.b_c_d_ic50_relative);
  });

  it('a Z′ minimum above the plate’s Z′ fails the plate', () => {
    const settings = viabilitySettingsFrom({ zPrimeMin: { value: 0.95 } });
    const r = analysePlateData({ ...base, ...plate, settings });
    expect(r.analysis.passes).toBe(false);
    expect(r.analysis.flags).toContain('zprime-below-minimum');
  });

  it('a layout well without a reading is refused, naming the well', () => {
    const readings = plate.wellReadings.filter((w) => w.well !== 'B7');
    expect(() => analysePlateData({ ...base, ...plate, wellReadings: readings })).toThrow(
      PlateAnalysisError,
    );
  });
});

describeWithFixtures('analysePlateData on efflux/mk571-reversal', () => {
  const DIR = ['efflux', 'mk571-reversal'];
  const expected = readFixtureJson(...DIR, 'expected.json');
  const E = expected.expected;
  const plate = plateFrom(DIR, 'plate1_resistant_plate_map.csv', 'plate1_resistant_long.csv');
  const result = analysePlateData({ ...base, ...plate });

  it('fits the resistant line without and with MK571, and checks inhibitor-only toxicity', () => {
    const plain = result.fits.find((f) => f.inhibitorName === null)!;
    const mk = result.fits.find((f) => f.inhibitorName === 'MK571')!;
    expect(rel(plain.ic50, E.resistant.no_inhibitor.LL4.e)).toBeLessThan(1e-3);
    expect(rel(mk.ic50, E.resistant.MK571_25uM.LL4.e)).toBeLessThan(1e-3);
    expect(mk.inhibitorLabel).toBe('MK571 25 µM');
    expect(mk.inhibitorConcentrationMolar).toBeCloseTo(25e-6, 12);
    const check = result.analysis.normalisation.inhibitorOnly[0];
    expect(
      rel(
        check.viabilityPctOfVehicle,
        E.resistant.MK571_25uM.inhibitor_only_check.viability_pct_of_vehicle,
      ),
    ).toBeLessThan(1e-6);
    const q = result.analysis.byLine[0];
    expect(rel(q.zPrime, E.resistant.plate_qc.zprime_vehicle_vs_positive)).toBeLessThan(1e-6);
  });
});
