import { AnalysisError } from '../common/analysis-error';
import { inferPlateFormat, isEdgeWell, parseWell, wellName } from './well-position';

describe('well positions', () => {
  it('parses A1..H12 (96) and A1..P24 (384), case-insensitive, leading zeros allowed', () => {
    expect(parseWell('A1', 96)).toEqual({ row: 0, column: 0 });
    expect(parseWell('h12', 96)).toEqual({ row: 7, column: 11 });
    expect(parseWell('A01', 96)).toEqual({ row: 0, column: 0 });
    expect(parseWell('P24', 384)).toEqual({ row: 15, column: 23 });
    expect(wellName({ row: 15, column: 23 })).toBe('P24');
  });

  it('rejects malformed names and wells outside the format', () => {
    for (const bad of ['', 'A0', 'Q1', '1A', 'A25', 'AA1', null]) {
      expect(() => parseWell(bad as never, 384)).toThrow(AnalysisError);
    }
    expect(() => parseWell('I1', 96)).toThrow(AnalysisError);
    expect(() => parseWell('A13', 96)).toThrow(AnalysisError);
  });

  it('infers the plate format and the outer ring', () => {
    expect(inferPlateFormat(['A1', 'H12'])).toBe(96);
    expect(inferPlateFormat(['A1', 'I3'])).toBe(384);
    expect(isEdgeWell(parseWell('A5', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('H5', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('D12', 96), 96)).toBe(true);
    expect(isEdgeWell(parseWell('B2', 96), 96)).toBe(false);
    expect(isEdgeWell(parseWell('H5', 384), 384)).toBe(false);
    expect(isEdgeWell(parseWell('P5', 384), 384)).toBe(true);
    expect(isEdgeWell(parseWell('C24', 384), 384)).toBe(true);
  });
});
