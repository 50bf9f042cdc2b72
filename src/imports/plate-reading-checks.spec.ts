import { checkReadingAgainstPlate } from './plate-reading-checks';
import type { ParsedPlateReading } from '../analysis/plate/plate-reading';

function reading(wells: string[], wavelengths: number[], barcode?: string): ParsedPlateReading {
  return {
    format: 'long',
    plateSize: 96,
    metadata: { wavelengthsNm: wavelengths, extra: {}, ...(barcode ? { barcode } : {}) },
    readings: wavelengths.flatMap((nm) =>
      wells.map((well, i) => ({
        well,
        row: 0,
        column: i,
        wavelengthNm: nm,
        value: 0.1,
        raw: '0.1',
        line: i + 2,
      })),
    ),
  };
}

const ctx = {
  plateSize: 96 as const,
  barcode: 'P-1',
  wavelengths: { measurementNm: 570, referenceNm: 650 },
  layoutWells: [
    { well: 'A1', role: 'blank' as const },
    { well: 'A2', role: 'vehicle' as const },
    { well: 'A3', role: 'excluded' as const },
    { well: 'A4', role: 'empty' as const },
  ],
};

describe('checkReadingAgainstPlate', () => {
  it('passes a reading with every used well at every needed wavelength', () => {
    expect(checkReadingAgainstPlate(reading(['A1', 'A2'], [570, 650], 'P-1'), ctx)).toEqual([]);
  });

  it('names a missing wavelength once, and missing wells at the wavelengths present', () => {
    const problems = checkReadingAgainstPlate(reading(['A1'], [570]), ctx);
    expect(problems.map((p) => [p.code, p.well, p.wavelengthNm])).toEqual([
      ['MISSING_WAVELENGTH', undefined, 650],
      ['MISSING_READING', 'A2', 570],
    ]);
  });

  it('refuses another plate size or another plate’s barcode', () => {
    expect(checkReadingAgainstPlate({ ...reading(['A1'], [570]), plateSize: 384 }, ctx)).toEqual([
      expect.objectContaining({ code: 'WRONG_PLATE_SIZE', field: 'plateSize' }),
    ]);
    expect(checkReadingAgainstPlate(reading(['A1', 'A2'], [570, 650], 'P-2'), ctx)).toEqual([
      expect.objectContaining({ code: 'BARCODE_MISMATCH', field: 'barcode' }),
    ]);
  });

  it('takes a read without wavelength as the measurement when the assay reads one wavelength', () => {
    const r = reading(['A1', 'A2'], []);
    r.readings = ['A1', 'A2'].map((well, i) => ({
      well,
      row: 0,
      column: i,
      wavelengthNm: null,
      value: 1,
      raw: '1',
      line: 2,
    }));
    expect(
      checkReadingAgainstPlate(r, {
        ...ctx,
        wavelengths: { measurementNm: 570, referenceNm: null },
      }),
    ).toEqual([]);
    // With a reference to subtract, one unnamed read cannot be both: the file is refused.
    const problems = checkReadingAgainstPlate(r, ctx);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'MISSING_WAVELENGTH', wavelengthNm: 570 }),
    ]);
    expect(problems[0].message).toMatch(/names no wavelength/);
  });

  it('names the setting to change when the reference read is missing', () => {
    const problems = checkReadingAgainstPlate(reading(['A1', 'A2'], [570]), ctx);
    expect(problems[0]).toMatchObject({ code: 'MISSING_WAVELENGTH', wavelengthNm: 650 });
    expect(problems[0].message).toContain('subtractReferenceWavelength to false');
    expect(problems[0].message).toContain('the file holds 570 nm');
  });
});
