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

/** One grid of any size under its title. */
function sizedGrid(
  title: string,
  rows: number,
  columns: number,
  cell: (r: number, c: number) => string,
): string[] {
  return [
    title,
    ',' + Array.from({ length: columns }, (_, c) => c + 1).join(','),
    ...Array.from(
      { length: rows },
      (_, r) =>
        `${String.fromCharCode(65 + r)},${Array.from({ length: columns }, (_, c) => cell(r, c)).join(',')}`,
    ),
    '',
  ];
}

function problemsOf(result: PlateMapParseResult) {
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('plate maps drawn as grids: sizes, missing grids and located cells', () => {
  // 384 wells: two lines in rows A–H and I–P, the 9-point series in columns 3–11 and 13–21.
  const role384 = (r: number, c: number) =>
    c === 0
      ? 'blank'
      : c === 1 || c === 23
        ? 'vehicle'
        : c % 12 >= 2 && c % 12 <= 10
          ? 'treated'
          : 'empty';
  const material384 = (r: number, c: number) =>
    role384(r, c) === 'blank' || role384(r, c) === 'empty' ? '' : r < 8 ? 'parental' : 'resistant';
  const conc384 = (r: number, c: number) =>
    role384(r, c) === 'treated' ? String(200 / 2 ** ((c % 12) - 2)) : '';
  const map384 = [
    ...sizedGrid('Role', 16, 24, role384),
    ...sizedGrid('Material', 16, 24, material384),
    ...sizedGrid('Concentration (nM)', 16, 24, conc384),
  ].join('\n');

  it('reads 16 × 24 grids as a 384-well map, even where a long table must state its size', () => {
    for (const options of [{}, { inferPlateSize: false }, { plateSize: 384 as const }]) {
      const layout = layoutOf(parsePlateMap(map384, options));
      expect(layout.plateSize).toBe(384);
      expect(layout.wells).toHaveLength(384);
      expect(layout.wells.find((w) => w.well === 'P16')).toMatchObject({
        role: 'treated',
        material: 'resistant',
        concentration: { value: 100, unit: 'nM' },
        concentrationMicromolar: 0.1,
      });
    }
    // Semicolon-delimited, as a spreadsheet with decimal commas saves it.
    const semicolons = map384.replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2');
    expect(layoutOf(parsePlateMap(semicolons)).wells.find((w) => w.well === 'A11')).toMatchObject({
      concentration: { value: 0.78125, unit: 'nM' },
    });
  });

  it('refuses 384-well grids for a layout stated 96-well', () => {
    expect(
      problemsOf(parsePlateMap(map384, { plateSize: 96 })).map((p) => [p.code, p.field]),
    ).toEqual([['GRID_SIZE_MISMATCH', 'plateSize']]);
  });

  it('names the grid, the row letter and the column number of a bad cell', () => {
    const text = [
      ...grid('Role', (r, c) => (r === 1 && c === 6 ? 'treatd' : role(r, c))),
      ...grid('Material', (r, c) => (r === 3 && c === 8 ? '' : material(r, c))),
      ...grid('Concentration (uM)', (r, c) =>
        r === 2 && c === 4 ? 'fifty' : r === 5 && c === 9 ? '' : conc(r, c),
      ),
    ].join('\n');
    const problems = problemsOf(parsePlateMap(text));
    expect(problems.map((p) => [p.code, p.line, p.well, p.message])).toEqual([
      [
        'UNKNOWN_ROLE',
        4,
        'B7',
        'Line 4, Role grid, row B, column 7 (well B7): unknown role "treatd" (one of blank, vehicle, treated, positive, inhibitor-only, empty, excluded).',
      ],
      [
        'MISSING_MATERIAL',
        17,
        'D9',
        'Line 17, Material grid, row D, column 9 (well D9): a treated well needs its material.',
      ],
      [
        'INVALID_CONCENTRATION',
        27,
        'C5',
        'Line 27, Concentration (uM) grid, row C, column 5 (well C5): concentration "fifty" is not a number ≥ 0.',
      ],
      [
        'MISSING_CONCENTRATION',
        30,
        'F10',
        'Line 30, Concentration (uM) grid, row F, column 10 (well F10): a treated well needs a concentration > 0.',
      ],
    ]);
  });

  it('refuses grids of another size than the plate or than each other', () => {
    const short = [
      ...grid('Role', role),
      ...sizedGrid('Material', 8, 11, material),
      ...sizedGrid('Concentration (uM)', 7, 12, conc),
    ].join('\n');
    const problems = problemsOf(parsePlateMap(short));
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['GRID_SIZE', 13, 'Material'],
      ['GRID_SIZE', 24, 'Concentration (uM)'],
    ]);
    expect(problems[0].message).toBe(
      'Line 13: the Material grid has 8 rows × 11 columns; a plate map grid is a whole plate, 8 rows (A–H) × 12 columns for 96 wells or 16 rows (A–P) × 24 columns for 384. Draw every row and column, leaving empty wells blank.',
    );
    const mixed = [
      ...grid('Role', role),
      ...sizedGrid('Material', 16, 24, material),
      ...grid('Concentration (uM)', conc),
    ].join('\n');
    const mismatch = problemsOf(parsePlateMap(mixed));
    expect(mismatch[0]).toMatchObject({ code: 'GRID_SIZE_MISMATCH', line: 13, field: 'Material' });
    expect(mismatch[0].message).toBe(
      'Line 13: the Material grid has 16 rows × 24 columns and the Role grid (line 2) 8 rows × 12 columns; every grid of a plate map is the same plate, so draw them all at one size.',
    );
    const outOfOrder = grid('Role', role);
    [outOfOrder[4], outOfOrder[5]] = [outOfOrder[5], outOfOrder[4]];
    const swapped = problemsOf(
      parsePlateMap([...outOfOrder, ...grid('Concentration (uM)', conc)].join('\n')),
    );
    expect(swapped.find((p) => p.code === 'GRID_ROW_OUT_OF_ORDER')).toMatchObject({
      line: 5,
      message:
        'Line 5: row D of the Role grid follows row B; write the rows A, B, C … in order, one line each.',
    });
  });

  it('says once which grid is missing', () => {
    const noRole = problemsOf(parsePlateMap(grid('Material', material).join('\n')));
    expect(noRole[0].message).toBe(
      'Line 1: the plate map drawn as grids has no Role grid; add one: a line Role, then the grid of roles (blank, vehicle, treated, positive, inhibitor-only, empty, excluded) with the row letters and column numbers.',
    );
    const noConcentration = problemsOf(
      parsePlateMap([...grid('Role', role), ...grid('Material', material)].join('\n')),
    );
    expect(noConcentration.map((p) => [p.code, p.field])).toEqual([
      ['MISSING_COLUMN', 'concentration'],
    ]);
    expect(noConcentration[0].message).toContain('no Concentration grid');
  });
});
