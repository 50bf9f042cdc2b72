import {
  allWellNames,
  formatWellName,
  isEdgeWell,
  isPlateSize,
  isWellInPlate,
  parseWellName,
  plateDimensions,
  plateRange,
  plateSizeForGrid,
  rowIndex,
  rowLetter,
  wellIndex,
} from './well-position';

describe('wells', () => {
  it('knows both plate geometries', () => {
    expect(plateDimensions(96)).toEqual({ rows: 8, columns: 12 });
    expect(plateDimensions(384)).toEqual({ rows: 16, columns: 24 });
    expect(plateSizeForGrid(8, 12)).toBe(96);
    expect(plateSizeForGrid(16, 24)).toBe(384);
    expect(plateSizeForGrid(8, 13)).toBeNull();
    expect(isPlateSize(96)).toBe(true);
    expect(isPlateSize(1536)).toBe(false);
    expect(plateRange(96)).toBe('A1–H12');
    expect(plateRange(384)).toBe('A1–P24');
  });

  it.each([
    ['A1', 0, 0],
    ['a01', 0, 0],
    [' H12 ', 7, 11],
    ['P24', 15, 23],
    ['B 3', 1, 2],
    ['A001', 0, 0],
    ['Q1', 16, 0],
    ['AA1', 26, 0],
  ])('parses %p as row %p, column %p', (text, row, column) => {
    expect(parseWellName(text)).toEqual({ row, column });
  });

  it.each(['', 'A', '1', 'A0', 'A00', '1A', 'A-1', 'A1.5', 'AAA1', 'A1000', 'Ä1', 'A 1 2'])(
    'rejects %p',
    (text) => {
      expect(parseWellName(text)).toBeNull();
    },
  );

  it('formats canonical names and round-trips every well of both plates', () => {
    expect(formatWellName(0, 0)).toBe('A1');
    expect(formatWellName(15, 23)).toBe('P24');
    expect(formatWellName(40, 60)).toBe('AO61');
    for (const size of [96, 384] as const) {
      const names = allWellNames(size);
      expect(names).toHaveLength(size);
      names.forEach((name, i) => {
        const p = parseWellName(name)!;
        expect(formatWellName(p.row, p.column)).toBe(name);
        expect(wellIndex(p, size)).toBe(i);
        expect(isWellInPlate(p, size)).toBe(true);
      });
    }
  });

  it('converts row letters both ways', () => {
    expect(rowLetter(0)).toBe('A');
    expect(rowLetter(15)).toBe('P');
    expect(rowLetter(26)).toBe('AA');
    expect(rowIndex('p')).toBe(15);
    expect(rowIndex('AA')).toBe(26);
    expect(rowIndex('1')).toBe(-1);
  });

  it('tells wells on and off the plate', () => {
    expect(isWellInPlate({ row: 7, column: 11 }, 96)).toBe(true);
    expect(isWellInPlate({ row: 8, column: 0 }, 96)).toBe(false);
    expect(isWellInPlate({ row: 0, column: 12 }, 96)).toBe(false);
    expect(isWellInPlate({ row: 8, column: 12 }, 384)).toBe(true);
    expect(isWellInPlate({ row: 16, column: 0 }, 384)).toBe(false);
  });

  it('finds outer wells', () => {
    const outer96 = allWellNames(96).filter((w) => isEdgeWell(parseWellName(w)!, 96));
    expect(outer96).toHaveLength(36);
    expect(outer96).toEqual(expect.arrayContaining(['A1', 'A12', 'H1', 'H12', 'D1', 'D12']));
    expect(isEdgeWell(parseWellName('B2')!, 96)).toBe(false);
    expect(allWellNames(384).filter((w) => isEdgeWell(parseWellName(w)!, 384))).toHaveLength(76);
    expect(isEdgeWell(parseWellName('H12')!, 384)).toBe(false);
  });
});
