import {
  fromStoredReadingValues,
  rawValueId,
  toStoredReadingValues,
  type WellReading,
} from './plate-reading-values.entity';

describe('plate reading values (one row per reading)', () => {
  const values: WellReading[] = [
    {
      well: 'A1',
      row: 0,
      column: 0,
      wavelengthNm: 570,
      value: 0.1234,
      raw: '0.1234',
      sourceLine: 9,
    },
    {
      well: 'P24',
      row: 15,
      column: 23,
      wavelengthNm: 570,
      value: 0.3,
      raw: '3.0E-1',
      sourceLine: 24,
    },
    {
      well: 'A1',
      row: 0,
      column: 0,
      wavelengthNm: 650,
      value: -0.0001,
      raw: '-0.0001',
      sourceLine: 28,
    },
  ].map((v) => ({ ...v, id: rawValueId(v.well, v.wavelengthNm), readingId: 'r-1' }));

  it('names a value by its well and wavelength, unique within the reading', () => {
    expect(values.map((v) => v.id)).toEqual(['A1@570', 'P24@570', 'A1@650']);
    expect(rawValueId('H12', null)).toBe('H12');
  });

  it('stores one array per member and reads back every value as it was, through JSON', () => {
    const stored = toStoredReadingValues(values);
    expect(stored).toEqual({
      ids: ['A1@570', 'P24@570', 'A1@650'],
      wells: ['A1', 'P24', 'A1'],
      rows: [0, 15, 0],
      columns: [0, 23, 0],
      wavelengthsNm: [570, 570, 650],
      values: [0.1234, 0.3, -0.0001],
      raw: ['0.1234', '3.0E-1', '-0.0001'],
      lines: [9, 24, 28],
    });
    const back = fromStoredReadingValues('r-1', JSON.parse(JSON.stringify(stored)));
    expect(back).toEqual(values);
  });

  it('keeps a null wavelength and legacy UUID ids', () => {
    const legacy: WellReading = {
      id: '01a20989-a514-7000-b23f-c8fe1128375d',
      readingId: 'r-2',
      well: 'B3',
      row: 1,
      column: 2,
      wavelengthNm: null,
      value: 1.5,
      raw: '1.5',
      sourceLine: 3,
    };
    expect(fromStoredReadingValues('r-2', toStoredReadingValues([legacy]))).toEqual([legacy]);
    expect(fromStoredReadingValues('r-3', toStoredReadingValues([]))).toEqual([]);
  });
});
