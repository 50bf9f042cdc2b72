import type { PlateMapParseResult } from './plate-map';
import { parsePlateMap } from './plate-map.parser';

const COLUMNS = ',' + Array.from({ length: 12 }, (_, c) => c + 1).join(',');
const ROWS = 'ABCDEFGH';
const CONC = [0, 0, 200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125, 0];

/** One 8 × 12 grid under its title. */
function grid(title: string, cell: (r: number, c: number) => string): string[] {
  return [
    title,
    COLUMNS,
    ...ROWS.split('').map(
      (l, r) => `${l},${Array.from({ length: 12 }, (_, c) => cell(r, c)).join(',')}`,
    ),
    '',
  ];
}

const role = (r: number, c: number): string =>
  r === 7 ? 'empty' : c === 0 ? 'blank' : c <= 1 || c === 11 ? 'vehicle' : 'treated';
const material = (r: number, c: number): string =>
  r === 7 || c === 0 ? '' : r < 4 ? 'parental' : 'resistant';
const conc = (r: number, c: number): string => (role(r, c) === 'treated' ? String(CONC[c]) : '');

function layoutOf(result: PlateMapParseResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.layout;
}

describe('plate maps drawn as grids', () => {
  it('reads role, material and concentration grids like the long table they describe', () => {
    const text = [
      ...grid('Role', role),
      ...grid('Material', material),
      ...grid('Concentration (uM)', conc),
    ].join('\n');
    const long = [
      'well,role,material,concentration_uM',
      ...ROWS.split('').flatMap((l, r) =>
        Array.from(
          { length: 12 },
          (_, c) => `${l}${c + 1},${role(r, c)},${material(r, c)},${conc(r, c)}`,
        ),
      ),
    ].join('\n');
    const fromGrids = layoutOf(parsePlateMap(text));
    const fromLong = layoutOf(parsePlateMap(long));
    const strip = (w: { line: number }) => ({ ...w, line: 0 });
    expect(fromGrids.plateSize).toBe(96);
    expect(fromGrids.wells.map(strip)).toEqual(fromLong.wells.map(strip));
    const c3 = fromGrids.wells.find((w) => w.well === 'C3')!;
    expect(c3).toMatchObject({
      role: 'treated',
      material: 'parental',
      concentrationMicromolar: 200,
    });
    // Each well keeps the line of its role cell.
    expect(c3.line).toBe(5);
  });

  it('locates a bad concentration on its own grid line and refuses an unknown title', () => {
    const text = [
      ...grid('Role', role),
      ...grid('Concentration (uM)', (r, c) => (r === 2 && c === 4 ? 'fifty' : conc(r, c))),
      ...grid('Colour', () => 'red'),
    ].join('\n');
    const result = parsePlateMap(text);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => [p.code, p.line, p.well])).toEqual([
      ['INVALID_CONCENTRATION', 16, 'C5'],
      ['MISSING_COLUMN', 23, undefined],
    ]);
    expect(result.problems[1].message).toContain('"Colour" is not a plate-map property');
  });

  it('needs a Role grid', () => {
    const result = parsePlateMap(grid('Material', material).join('\n'));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => [p.code, p.field])).toEqual([['MISSING_COLUMN', 'role']]);
  });
});
