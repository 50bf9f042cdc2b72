import {
  checkPlateAgainstLayout,
  checkReadingAgainstPlate,
  nameBareWavelength,
} from './plate-reading-checks';
import type { ParsedPlate, ParsedPlateReading } from '../analysis/plate/plate-reading';
import type { AssayRead } from '../analysis/plate/read-channels';

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

describe('nameBareWavelength: a bare grid takes the wavelength its layout or run names', () => {
  const bare: ParsedPlate = {
    format: 'grid',
    plateSize: 96,
    block: { name: 'plate', line: 1 },
    metadata: { wavelengthsNm: [], extra: {} },
    channels: [{ key: 'absorbance', mode: 'absorbance', wavelengthNm: null }],
    values: ['A1', 'A2'].map((well, i) => ({
      well,
      row: 0,
      column: i,
      channel: 'absorbance',
      wavelengthNm: null,
      value: 0.5,
      status: 'ok' as const,
      raw: '0.5',
      line: 2,
    })),
  };
  const read: AssayRead = { mode: 'absorbance', measurementNm: 595, referenceNm: null };
  const check = (r: AssayRead) => checkPlateAgainstLayout(bare, { ...ctx, barcode: null, read: r });

  it('one wavelength named: the read is stored at it and analysed as it', () => {
    const { choice, problems } = check(read);
    expect(problems).toEqual([]);
    const named = nameBareWavelength(bare, choice, read);
    expect(named.choice).toEqual({ measurement: '595', reference: null, reduced: false });
    expect(named.plate.channels).toEqual([{ key: '595', mode: 'absorbance', wavelengthNm: 595 }]);
    expect(named.plate.metadata.wavelengthsNm).toEqual([595]);
    expect(named.plate.values.map((v) => [v.well, v.channel, v.wavelengthNm, v.raw])).toEqual([
      ['A1', '595', 595, '0.5'],
      ['A2', '595', 595, '0.5'],
    ]);
  });

  it('two wavelengths named (a reference too): refused, nothing renamed', () => {
    const two = { ...read, referenceNm: 650 };
    const { choice, problems } = check(two);
    expect(choice).toBeNull();
    expect(problems[0]).toMatchObject({ code: 'MISSING_WAVELENGTH', wavelengthNm: 595 });
    expect(nameBareWavelength(bare, choice, two).plate).toBe(bare);
  });
});
