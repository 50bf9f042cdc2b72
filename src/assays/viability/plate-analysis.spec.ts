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
  type PlateAnalysisInput,
} from './plate-analysis';
import { DEFAULT_VIABILITY_SETTINGS, viabilitySettingsFrom } from './viability-settings';
import {
  fromStoredDerivedValues,
  type StoredDerivedValues,
} from './analysis-derived-values.entity';

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

  it('derived values point back to the raw readings; every fit point has one', () => {
    const d = result.derived;
    expect(d).toMatchObject({
      analysisId: result.analysis.id,
      plateId: 'plate-1',
      readingId: 'reading-1',
    });
    const wells = fromStoredDerivedValues(d.values);
    const a1 = wells.find((w) => w.well === 'A1')!;
    expect(a1).toMatchObject({ measurementReadingId: 'A1-570', referenceReadingId: 'A1-650' });
    expect(wells.some((w) => w.well.startsWith('H'))).toBe(false); // empty row
    // Exactly one entry per analysed (non-empty) well, in the layout's order.
    const analysed = plate.layoutWells
      .filter((w) => w.role !== 'empty' && w.role !== 'excluded')
      .map((w) => w.well);
    expect(wells.map((w) => w.well)).toEqual(analysed);
    const byWell = new Map(wells.map((w) => [w.well, w]));
    for (const f of result.fits) {
      expect(f.analysisId).toBe(d.analysisId);
      for (const p of f.points) {
        expect(Object.keys(p).sort()).toEqual(['well', 'x', 'y']);
        expect(byWell.get(p.well)?.viabilityPct).toBe(p.y);
      }
    }
    // Stored as JSON, one array per member, every array one entry a well: the entries survive
    // a round trip unchanged (numbers, booleans, nulls).
    const stored = JSON.parse(JSON.stringify(d.values)) as StoredDerivedValues;
    expect(fromStoredDerivedValues(stored)).toEqual(wells);
    expect(Object.keys(stored).sort()).toEqual([
      'blankCorrectedAu',
      'measurementReadingIds',
      'negativeSignal',
      'referenceReadingIds',
      'signalAu',
      'viabilityPct',
      'wells',
    ]);
    for (const column of Object.values(stored)) expect(column).toHaveLength(analysed.length);
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

const CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

/** A read 96-well MTT plate as the import stores it: two lines, 570 and 650 nm. */
function syntheticPlate(): Pick<PlateAnalysisInput, 'layoutWells' | 'wellReadings'> {
  const layoutWells: AnalysisLayoutWell[] = [];
  const wellReadings: AnalysisWellReading[] = [];
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 12; c++) {
      const well = `${String.fromCharCode(65 + r)}${c + 1}`;
      const line = r < 3 ? 'parental' : r < 6 ? 'resistant' : c < 6 ? 'parental' : 'resistant';
      const role =
        r === 7
          ? 'empty'
          : r === 6
            ? 'positive'
            : c === 0
              ? 'blank'
              : c <= 2
                ? 'vehicle'
                : 'treated';
      const um = role === 'treated' ? CONCENTRATIONS_UM[c - 3] : 0;
      layoutWells.push({
        well,
        role,
        materialId: role === 'blank' || role === 'empty' ? null : line,
        concentrationValue: role === 'empty' ? null : um,
        concentrationUnit: role === 'empty' ? null : 'µM',
        concentrationMolar: role === 'empty' ? null : um * 1e-6,
        inhibitorName: null,
        inhibitorConcentrationValue: null,
        inhibitorConcentrationUnit: null,
        inhibitorConcentrationMolar: null,
      });
      const noise = 1 + 0.04 * Math.sin(7 * r + 3 * c);
      const viable = um === 0 ? 1 : 1 / (1 + Math.pow(um / (line === 'parental' ? 3 : 30), 1.2));
      const a570 =
        role === 'blank'
          ? 0.088
          : role === 'empty'
            ? 0.044
            : role === 'positive'
              ? 0.099
              : 0.13 + 1.2 * viable;
      wellReadings.push({
        id: `${well}-570`,
        well,
        wavelengthNm: 570,
        value: Number((a570 * noise).toFixed(4)),
      });
      wellReadings.push({
        id: `${well}-650`,
        well,
        wavelengthNm: 650,
        value: Number((0.04 + 0.003 * Math.cos(r + c)).toFixed(4)),
      });
    }
  }
  return { layoutWells, wellReadings };
}

describe('analysePlateData provenance', () => {
  // Computed by the implementation before it was made faster: stored hashes must stay
  // comparable with new ones, so these values never change.
  it('keeps the input hashes (and numbers) of a synthetic plate', () => {
    const r = analysePlateData({ ...base, ...syntheticPlate(), materialNames: new Map() });
    expect(r.analysis.normalisationInputHash).toBe(
      'de7b3f9a714c68dd0c0770485f9c8eb5a5c23e28e3b172c57bba473f40bc4e23',
    );
    expect(r.analysis.qcInputHash).toBe(
      'a4cd7b9398436e4426ab112da49e0e61131afda5d65d8219e90478887488b750',
    );
    expect(r.fits.map((f) => [f.materialId, f.fitStatus, f.ic50, f.inputHash])).toEqual([
      [
        'parental',
        'fitted',
        2.675814068513118,
        '2444582305be6306f31c5209225936e8881298c528ab40798bd503e9690a0b77',
      ],
      [
        'resistant',
        'fitted',
        30.71416965286408,
        '599c85cbdc089e67987d98acbe24e70cf3bd83d85ee711f8f632d008f33ab55b',
      ],
    ]);
    expect(r.analysis.zPrime).toBe(0.902155899758438);
    expect(r.analysis.flags).toEqual([]);
  });

  it('records a series with too few usable points as not fitted', () => {
    const plate = syntheticPlate();
    // Every treated parental well but two excluded: 2 points cannot determine LL.4.
    const excluded = new Set(
      plate.layoutWells
        .filter((w) => w.role === 'treated' && w.materialId === 'parental')
        .map((w) => w.well)
        .slice(2),
    );
    const r = analysePlateData({ ...base, ...plate, excludedWells: excluded });
    const fit = r.fits.find((f) => f.materialId === 'parental')!;
    expect(fit).toMatchObject({
      fitStatus: 'not-fitted',
      converged: false,
      n: 2,
      nParams: 0,
      fixedParameters: [],
      ic50: null,
      flags: ['not-fitted'],
      noEffectTest: null,
      distinctConcentrations: 2,
    });
    expect(fit.ic50Display).toMatch(/^not fitted \(/);
    expect(r.fits.find((f) => f.materialId === 'resistant')!.fitStatus).toBe('fitted');
  });
});
