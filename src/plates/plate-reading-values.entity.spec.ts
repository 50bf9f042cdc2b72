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
  ].map((v) => ({
    ...v,
    id: rawValueId(v.well, v.wavelengthNm),
    readingId: 'r-1',
    channel: String(v.wavelengthNm),
    status: 'ok' as const,
  }));

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
      channel: 'absorbance',
      status: 'ok',
    };
    expect(fromStoredReadingValues('r-2', toStoredReadingValues([legacy]))).toEqual([legacy]);
    expect(fromStoredReadingValues('r-3', toStoredReadingValues([]))).toEqual([]);
  });

  it('keeps channels and reader marks only when a reading has them', () => {
    const marked: WellReading[] = [
      ['A1', 'ex485/em528', 1234, 'ok', '1234'],
      ['A2', 'ex485/em528', null, 'overflow', 'OVRFLW'],
      ['A3', 'ex485/em528', 0.356, 'flagged', '*0.356*'],
    ].map(([well, channel, value, status, raw], i) => ({
      id: rawValueId(well as string, null, channel as string),
      readingId: 'r-4',
      well: well as string,
      row: 0,
      column: i,
      wavelengthNm: null,
      value: value as number | null,
      raw: raw as string,
      sourceLine: 5,
      channel: channel as string,
      status: status as WellReading['status'],
    }));
    expect(marked.map((v) => v.id)).toEqual(['A1@ex485/em528', 'A2@ex485/em528', 'A3@ex485/em528']);
    const stored = toStoredReadingValues(marked);
    expect(stored.channels).toEqual(['ex485/em528', 'ex485/em528', 'ex485/em528']);
    expect(stored.statuses).toEqual(['ok', 'overflow', 'flagged']);
    expect(fromStoredReadingValues('r-4', JSON.parse(JSON.stringify(stored)))).toEqual(marked);
    expect(toStoredReadingValues(values)).not.toHaveProperty('channels');
    expect(toStoredReadingValues(values)).not.toHaveProperty('statuses');
  });
});
