import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import {
  inferPlateSize,
  isEdgeWell,
  parseWell,
  gridIndex,
  formatWellName,
  wellNameAt,
  wellPositionAt,
} from './well-position';

describe('well positions', () => {
  it('parses A1..H12 (96) and A1..P24 (384), case-insensitive, leading zeros allowed', () => {
    expect(parseWell('A1', 96)).toEqual({ row: 0, column: 0 });
    expect(parseWell('h12', 96)).toEqual({ row: 7, column: 11 });
    expect(parseWell('A01', 96)).toEqual({ row: 0, column: 0 });
    expect(parseWell('P24', 384)).toEqual({ row: 15, column: 23 });
    expect(formatWellName(15, 23)).toBe('P24');
  });

  it('rejects malformed names and wells outside the format', () => {
    for (const bad of ['', 'A0', 'Q1', '1A', 'A25', 'AA1', null]) {
      expect(() => parseWell(bad as never, 384)).toThrow(AnalysisError);
    }
    expect(() => parseWell('I1', 96)).toThrow(AnalysisError);
    expect(() => parseWell('A13', 96)).toThrow(AnalysisError);
  });

  it('infers the plate size and the outer ring', () => {
    expect(inferPlateSize(['A1', 'H12'])).toBe(96);
    expect(inferPlateSize(['A1', 'I3'])).toBe(384);
    expect(isEdgeWell(parseWell('A5', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('H5', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('D12', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('B2', 96), 96)).toBe(false);
    expect(isEdgeWell(parseWell('H5', 384), 384)).toBe(false);
    expect(isEdgeWell(parseWell('P5', 384), 384)).toBe(true);
    expect(isEdgeWell(parseWell('C24', 384), 384)).toBe(true);
  });
});

describe('gridIndex (parseWell without allocation)', () => {
  /** parseWell as an index and a canonical name, or the error it throws. */
  function viaParseWell(name: unknown, format: 96 | 384): unknown {
    try {
      const p = parseWell(name as string, format);
      return { index: p.row * 24 + p.column, name: formatWellName(p.row, p.column), position: p };
    } catch (e) {
      return { error: (e as AnalysisError).code, message: (e as Error).message };
    }
  }
  function viaWellIndex(name: unknown, format: 96 | 384): unknown {
    try {
      const i = gridIndex(name, format);
      return { index: i, name: wellNameAt(i), position: wellPositionAt(i) };
    } catch (e) {
      return { error: (e as AnalysisError).code, message: (e as Error).message };
    }
  }

  it('agrees with parseWell on every well name, canonical or not, in both formats', () => {
    const names: unknown[] = ['', 'A', 'A0', 'A00', 'A01', 'a1', ' B2 ', 'Q1', '@1', 'A1x', 'A99'];
    for (let r = 0; r < 17; r++) {
      for (let c = 0; c <= 25; c++) names.push(`${String.fromCharCode(65 + r)}${c}`);
    }
    names.push(null, undefined, 7, {});
    for (const format of [96, 384] as const) {
      for (const n of names) expect(viaWellIndex(n, format)).toEqual(viaParseWell(n, format));
    }
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        fc.constantFrom(96 as const, 384 as const),
        (n, f) => {
          expect(viaWellIndex(n, f)).toEqual(viaParseWell(n, f));
        },
      ),
      { seed: 17, numRuns: 2000 },
    );
  });
});
