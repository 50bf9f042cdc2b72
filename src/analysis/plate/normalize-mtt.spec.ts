import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { hashInput } from '../common/provenance';
import { MttPlate, MttWell, normalizeMtt } from './normalize-mtt';
import { WELL_ROLES } from './well-role';

const w = (
  well: string,
  role: MttWell['role'],
  absorbance: number | null,
  extra: Partial<MttWell> = {},
): MttWell => ({ well, role, absorbance, referenceAbsorbance: 0.04, line: null, ...extra });

function smallPlate(): MttPlate {
  return {
    format: 96,
    wells: [
      w('A1', 'blank', 0.09),
      w('B1', 'blank', 0.11),
      w('A2', 'vehicle', 1.06, { line: 'P' }),
      w('B2', 'vehicle', 1.14, { line: 'P' }),
      w('C2', 'positive', 0.1, { line: 'P' }),
      w('A3', 'treated', 0.56, { line: 'P', concentration: 10 }),
      w('B3', 'treated', 0.04, { line: 'P', concentration: 100 }),
      w('A4', 'inhibitor-only', 0.96, { line: 'P', inhibitor: 'MK571' }),
      w('B4', 'treated', 0.3, { line: 'P', concentration: 10, inhibitor: 'MK571' }),
      w('H1', 'empty', null, { referenceAbsorbance: null }),
      w('H2', 'excluded', 9.9),
    ],
  };
}

describe('normalizeMtt', () => {
  it('A = A570 − Aref, blank-corrected with the plate blank mean, % of the line vehicle', () => {
    const n = normalizeMtt(smallPlate());
    // blanks: 0.05, 0.07 → 0.06; vehicle A′: 0.96, 1.04 → 1.0
    expect(n.blankMean).toBeCloseTo(0.06, 14);
    expect(n.nBlank).toBe(2);
    expect(n.lines[0].vehicleMean).toBeCloseTo(1.0, 14);
    const a3 = n.wells.find((x) => x.well === 'A3')!;
    expect(a3.signal).toBeCloseTo(0.52, 14);
    expect(a3.blankCorrected).toBeCloseTo(0.46, 14);
    expect(a3.viabilityPct).toBeCloseTo(46, 12);
    expect(n.lines[0].positiveMeanPct).toBeCloseTo(0, 12);
    expect(n.referenceWavelengthSubtracted).toBe(true);
    expect(n.method).toBe('plate/mtt-normalisation');
    expect(n.inputHash).toBe(hashInput(smallPlate()));
  });

  it('ignores empty and excluded wells', () => {
    const n = normalizeMtt(smallPlate());
    expect(n.wells.map((x) => x.well)).not.toContain('H1');
    expect(n.wells.map((x) => x.well)).not.toContain('H2');
  });

  it('flags negative blank-corrected signal (B3: 0.04 − 0.04 − 0.06 < 0)', () => {
    const n = normalizeMtt(smallPlate());
    expect(n.flags).toContain('negative-signal');
    expect(n.negativeSignalWells).toEqual(['B3']);
    expect(n.wells.find((x) => x.well === 'B3')!.viabilityPct).toBeCloseTo(-6, 12);
  });

  it('builds one series per line and inhibitor; inhibitor-only check against the vehicle', () => {
    const n = normalizeMtt(smallPlate());
    expect(n.series.map((s) => [s.line, s.inhibitor, s.concentrations])).toEqual([
      ['P', null, [10, 100]],
      ['P', 'MK571', [10]],
    ]);
    expect(n.inhibitorOnly).toHaveLength(1);
    expect(n.inhibitorOnly[0].viabilityPctOfVehicle).toBeCloseTo(86, 10);
    const alt = normalizeMtt(smallPlate(), { inhibitorSeriesReference: 'inhibitor-only' });
    const s = alt.series.find((x) => x.inhibitor === 'MK571')!;
    expect(s.referenceRole).toBe('inhibitor-only');
    expect(s.viabilityPct[0]).toBeCloseTo((100 * 0.2) / 0.86, 10);
  });

  it('uses the A570 alone when no reference wavelength was read', () => {
    const plate = smallPlate();
    const n = normalizeMtt({
      wells: plate.wells.map((x) => ({ ...x, referenceAbsorbance: undefined })),
    });
    expect(n.referenceWavelengthSubtracted).toBe(false);
    expect(n.blankMean).toBeCloseTo(0.1, 14);
  });

  it('can use the positive control as the zero reference', () => {
    const n = normalizeMtt(smallPlate(), { zeroReference: 'positive' });
    // positive signal 0.06 = blank mean here, so the numbers do not change
    expect(n.wells.find((x) => x.well === 'A3')!.viabilityPct).toBeCloseTo(46, 10);
    const p = smallPlate();
    const shifted = normalizeMtt(
      { wells: p.wells.map((x) => (x.role === 'positive' ? { ...x, absorbance: 0.2 } : x)) },
      { zeroReference: 'positive' },
    );
    // A′ = A − 0.16; vehicle A′ = 0.9 → A3 = (0.52 − 0.16)/0.9
    expect(shifted.wells.find((x) => x.well === 'A3')!.viabilityPct).toBeCloseTo(40, 10);
    expect(() =>
      normalizeMtt(
        { wells: p.wells.filter((x) => x.role !== 'positive') },
        { zeroReference: 'positive' },
      ),
    ).toThrow(expect.objectContaining({ code: 'NO_POSITIVE_WELLS' }));
  });

  it('throws AnalysisError for malformed plates', () => {
    const p = smallPlate();
    const bad = (wells: MttWell[]) => () => normalizeMtt({ format: 96, wells });
    expect(bad([...p.wells, w('A1', 'blank', 0.1)])).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_WELL' }),
    );
    expect(bad([w('Z9', 'blank', 0.1)])).toThrow(AnalysisError);
    expect(bad([...p.wells.slice(1), w('A1', 'blank', NaN)])).toThrow(AnalysisError);
    expect(bad([...p.wells.slice(1), w('A1', 'blank', Infinity)])).toThrow(AnalysisError);
    expect(bad(p.wells.filter((x) => x.role !== 'blank'))).toThrow(
      expect.objectContaining({ code: 'NO_BLANK_WELLS' }),
    );
    expect(bad(p.wells.filter((x) => x.role !== 'vehicle'))).toThrow(
      expect.objectContaining({ code: 'NO_VEHICLE_WELLS' }),
    );
    expect(bad([...p.wells, w('C3', 'treated', 0.5, { line: 'P', concentration: 0 })])).toThrow(
      expect.objectContaining({ code: 'BAD_CONCENTRATION' }),
    );
    expect(bad([...p.wells, w('C3', 'treated', 0.5, { line: 'P', concentration: -1 })])).toThrow(
      AnalysisError,
    );
    expect(
      bad([...p.wells, w('C4', 'vehicle', 0.5, { line: 'P', referenceAbsorbance: null })]),
    ).toThrow(expect.objectContaining({ code: 'MIXED_REFERENCE_WAVELENGTH' }));
    expect(bad([...p.wells, w('C4', 'sample' as never, 0.5)])).toThrow(AnalysisError);
  });

  it('a vehicle not above the blank gives no viability numbers and a flag, not an error', () => {
    const plate = smallPlate();
    const wells = plate.wells.map((x) => (x.role === 'vehicle' ? { ...x, absorbance: 0.09 } : x));
    const n = normalizeMtt({ format: 96, wells });
    expect(n.flags).toContain('vehicle-not-above-zero');
    expect(n.series[0].viabilityPct).toEqual([]);
  });

  it('arbitrary input never throws anything but AnalysisError', () => {
    const roleArb = fc.constantFrom(...WELL_ROLES, 'x');
    const wellArb = fc.record({
      well: fc.oneof(fc.constantFrom('A1', 'B2', 'H12', 'P24', 'C3'), fc.string()),
      role: roleArb,
      line: fc.option(fc.constantFrom('P', 'R'), { nil: null }),
      concentration: fc.option(fc.oneof(fc.double(), fc.integer()), { nil: null }),
      inhibitor: fc.option(fc.constantFrom('MK571'), { nil: undefined }),
      absorbance: fc.option(fc.double(), { nil: null }),
      referenceAbsorbance: fc.option(fc.double(), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.record({ wells: fc.array(wellArb, { maxLength: 12 }) }), fc.anything()),
        (plate) => {
          try {
            const r = normalizeMtt(plate as never);
            expect(JSON.parse(JSON.stringify(r))).toEqual(r);
          } catch (err) {
            if (!(err instanceof AnalysisError)) throw err;
          }
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });
});
