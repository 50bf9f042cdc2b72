// Issue 13, item 3: a stored number is the number the file holds. Each case below was accepted
// (and stored wrong) or refused for the wrong reason before this suite existed.
import { parsePlateReading } from './parse-plate-reading';
import type {
  ImportProblem,
  ParseResult,
  PlateReaderFormat,
} from '../../analysis/plate/plate-reading';

function problems(result: ParseResult): ImportProblem[] {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

function readings(result: ParseResult): [string, number | null, number, string][] {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.reading.readings.map((r) => [r.well, r.wavelengthNm, r.value, r.raw]);
}

const columns = (d: string, n = 12): string =>
  d + Array.from({ length: n }, (_, i) => String(i + 1)).join(d);

/** A 96-well grid: `cell(r, c)` gives each value as written. */
function grid(d: string, cell: (r: number, c: number) => string, head: string[] = []): string {
  const rows = 'ABCDEFGH'
    .split('')
    .map((letter, r) => letter + d + Array.from({ length: 12 }, (_, c) => cell(r, c)).join(d));
  return [...head, columns(d), ...rows].join('\n');
}

function gen5(d: string, cell: (r: number, c: number) => string): string {
  const rows = 'ABCDEFGH'
    .split('')
    .map(
      (letter, r) =>
        letter + d + Array.from({ length: 12 }, (_, c) => cell(r, c)).join(d) + d + '570',
    );
  return [
    `Software Version${d}3.12.08`,
    `Plate Number${d}Plate 1`,
    `Reader Type:${d}Synergy H1`,
    'Procedure Details',
    `Plate Type${d}96 WELL PLATE`,
    `${d}Absorbance Endpoint`,
    `${d}Wavelengths:  570`,
    '',
    'Results',
    columns(d),
    ...rows,
  ].join('\n');
}

function softmax(cell: (r: number, c: number) => string): string {
  const rows = Array.from(
    { length: 8 },
    (_, r) =>
      `\t${r === 0 ? '25,0' : ''}\t${Array.from({ length: 12 }, (_, c) => cell(r, c)).join('\t')}\t`,
  );
  return [
    '##BLOCKS= 1',
    'Plate:\tPlate1\t1.3\tPlateFormat\tEndpoint\tAbsorbance\tRaw\tFALSE\t1\t\t\t\t\t\t1\t570\t1\t12\t96\t1\t8',
    `\tTemperature(¡C)\t${columns('\t').slice(1)}\t`,
    ...rows,
    '~End',
  ].join('\n');
}

const plain = (r: number, c: number): string => `0.${r}${c}5`;

describe('a long-table row with more or fewer fields than its header is refused', () => {
  it('refuses "A1,0,0883" (a decimal comma in a comma-delimited file), naming the cause', () => {
    // Before: stored A1 = 0 and A2 = 1.
    const p = problems(parsePlateReading('well,value\nA1,0,0883\nA2,1,2345\n', { format: 'long' }));
    expect(p.map((x) => [x.code, x.line])).toEqual([
      ['RAGGED_ROW', 2],
      ['RAGGED_ROW', 3],
    ]);
    expect(p[0].message).toContain('3 fields, but the header (line 1) has 2');
    expect(p[0].message).toContain('"0,0883" looks like a number written with a decimal comma');
  });

  it('refuses a row with a field left out', () => {
    // Before: A1 was stored without a wavelength.
    const p = problems(parsePlateReading('well,value,wavelength\nA1,0.1\nA2,0.2,570\n'));
    expect(p.map((x) => [x.code, x.line])).toEqual([['RAGGED_ROW', 2]]);
    expect(p[0].message).toContain('2 fields, but the header (line 1) has 3');
  });

  it('still reads blank values and trailing empty fields', () => {
    expect(readings(parsePlateReading('well,value,wavelength\nA1,0.1,570,\nA2,,570\n'))).toEqual([
      ['A1', 570, 0.1, '0.1'],
    ]);
  });

  it('gives the same hint in grids and comma-delimited Gen5 exports', () => {
    const g = problems(
      parsePlateReading(grid(',', (r, c) => (r === 2 && c === 3 ? '0,5' : plain(r, c)))),
    );
    expect(g.map((x) => [x.code, x.line])).toEqual([['RAGGED_ROW', 4]]);
    expect(g[0].message).toContain('"0,5" looks like a number written with a decimal comma');
    const f = problems(
      parsePlateReading(gen5(',', (r, c) => (r === 0 && c === 0 ? '1,25' : plain(r, c)))),
    );
    expect(f.map((x) => x.code)).toContain('RAGGED_ROW');
    expect(f.find((x) => x.code === 'RAGGED_ROW')!.message).toContain('"1,25" looks like');
  });
});

describe('decimal commas with ";" or tab delimiters are read, the raw text kept as written', () => {
  it('reads a ";" long table whose free-text column holds commas', () => {
    // Before: the commas in the comment won the delimiter vote and the file was "unknown".
    const text = 'well;value;comment\nA1;0,0883;ok, clear, no bubble\nA2;1,2345;x, y, z\n';
    expect(readings(parsePlateReading(text))).toEqual([
      ['A1', null, 0.0883, '0,0883'],
      ['A2', null, 1.2345, '1,2345'],
    ]);
  });

  it('reads a tab-delimited grid under a comma-laden comment line', () => {
    const comment = `Comment\t${Array.from({ length: 40 }, (_, i) => `step ${i}`).join(', ')}`;
    const text = grid('\t', (r, c) => `0,${r}${c}5`, [comment, 'Wavelength\t570']);
    const r = readings(parsePlateReading(text));
    expect(r).toHaveLength(96);
    expect(r[0]).toEqual(['A1', 570, 0.005, '0,005']);
    expect(r[95]).toEqual(['H12', 570, 0.7115, '0,7115']);
  });

  it.each([
    ['grid ;', grid(';', (r, c) => `0,${r}${c}5`, ['Wavelength;570']), 'grid'],
    ['gen5 tab', gen5('\t', (r, c) => `0,${r}${c}5`), 'gen5'],
    ['softmax', softmax((r, c) => `0,${r}${c}5`), 'softmax'],
  ] as const)(
    'keeps the text of each cell in a %s export',
    (_, text, format: PlateReaderFormat) => {
      const result = parsePlateReading(text);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.reading.format).toBe(format);
      const b7 = result.reading.readings.find((x) => x.well === 'B7')!;
      expect([b7.value, b7.raw]).toEqual([0.165, '0,165']);
    },
  );
});

describe('header spellings that are not a wavelength are refused, not guessed', () => {
  it('refuses an a-570 column', () => {
    // Before: read as 570 nm.
    const p = problems(parsePlateReading('well,a-570,a650\nA1,0.5,0.04\n'));
    expect(p.map((x) => [x.code, x.line, x.field])).toEqual([['INVALID_WAVELENGTH', 1, 'a-570']]);
    expect(p[0].message).toContain('A570');
  });

  it('refuses a difference column such as A570-650', () => {
    const p = problems(parsePlateReading('well,A570-650\nA1,0.5\n'));
    expect(p.map((x) => x.code)).toEqual(['INVALID_WAVELENGTH']);
  });

  it('refuses a-570 in a wavelength line, a wavelength column and a grid title', () => {
    expect(
      problems(parsePlateReading('Wavelength,a-570\nwell,value\nA1,0.1\n')).map((x) => x.code),
    ).toEqual(['INVALID_WAVELENGTH']);
    expect(
      problems(parsePlateReading('well,value,wavelength\nA1,0.1,a-570\n')).map((x) => x.code),
    ).toEqual(['INVALID_WAVELENGTH']);
    expect(
      problems(parsePlateReading(grid(',', plain, ['a-570']))).map((x) => [x.code, x.line]),
    ).toEqual([['INVALID_WAVELENGTH', 1]]);
  });

  it('still reads the spellings readers write', () => {
    const text = 'well,A570,OD_650,Abs 450,630 nm\nA1,0.5,0.04,0.3,0.05\n';
    expect(readings(parsePlateReading(text)).map((r) => r[1])).toEqual([570, 650, 450, 630]);
  });
});

describe('physically impossible values are refused', () => {
  it('refuses a negative or astronomically large optical density in a long table', () => {
    // Before: stored as readings.
    const p = problems(parsePlateReading('well,value,wavelength\nA1,-3.5,570\nA2,1e12,570\n'));
    expect(p.map((x) => [x.code, x.line, x.well, x.wavelengthNm])).toEqual([
      ['IMPOSSIBLE_VALUE', 2, 'A1', 570],
      ['IMPOSSIBLE_VALUE', 3, 'A2', 570],
    ]);
    expect(p[0].message).toContain('-0.5 to 10 OD');
  });

  it.each([
    [
      'grid',
      grid(',', (r, c) => (r === 1 && c === 1 ? '123456' : plain(r, c)), ['Wavelength,570']),
    ],
    ['gen5', gen5('\t', (r, c) => (r === 1 && c === 1 ? '-7' : plain(r, c)))],
    ['softmax', softmax((r, c) => (r === 1 && c === 1 ? '1E+20' : plain(r, c)))],
  ])('refuses one in a %s export, naming the well', (_, text) => {
    expect(problems(parsePlateReading(text)).map((x) => [x.code, x.well])).toEqual([
      ['IMPOSSIBLE_VALUE', 'B2'],
    ]);
  });

  it('keeps small negative blank-referenced reads', () => {
    expect(readings(parsePlateReading('well,value\nA1,-0.003\n'))).toEqual([
      ['A1', null, -0.003, '-0.003'],
    ]);
  });

  it('judges fluorescence and luminescence by their own range', () => {
    const fl = 'Read mode,Fluorescence\nwell,value\nA1,48213\nA2,2e11\n';
    expect(problems(parsePlateReading(fl)).map((x) => [x.code, x.well])).toEqual([
      ['IMPOSSIBLE_VALUE', 'A2'],
    ]);
  });
});
