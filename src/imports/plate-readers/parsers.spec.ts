import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { parsePlateMap } from '../plate-maps/plate-map.parser';
import { detectPlateReaderFormat } from './format-detection';
import { parseGen5 } from './gen5.parser';
import { parseGrid } from './grid.parser';
import { parseLong } from './long.parser';
import { isPlateReaderFormat, parsePlateReading, toSingleReading } from './parse-plate-reading';
import {
  MAX_PROBLEMS,
  type ParseFileResult,
  type ParseResult,
} from '../../analysis/plate/plate-reading';
import { parseSoftmax } from './softmax.parser';

const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plate-readers');
const fixture = (path: string): string => readFileSync(join(FIXTURES_DIR, path), 'utf8');

/** The one-plate reading of a parser's result (files with one absorbance plate). */
function single(result: ParseResult | ParseFileResult): ParseResult {
  return result.ok && 'file' in result ? toSingleReading(result.file) : (result as ParseResult);
}

function problemsOf(
  any: ParseResult | ParseFileResult,
): { code: string; line?: number; well?: string }[] {
  const result = single(any);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ code, line, well }) => ({
    code,
    ...(line === undefined ? {} : { line }),
    ...(well === undefined ? {} : { well }),
  }));
}

function readingOf(any: ParseResult | ParseFileResult) {
  const result = single(any);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.reading;
}

const ROWS = 'ABCDEFGH';
function grid96(value: (row: number, column: number) => string, sep = ','): string[] {
  const out = [sep + Array.from({ length: 12 }, (_, c) => c + 1).join(sep)];
  for (let r = 0; r < 8; r++) {
    out.push(ROWS[r] + sep + Array.from({ length: 12 }, (_, c) => value(r, c)).join(sep));
  }
  return out;
}

describe('grid parser', () => {
  it('treats blank cells as wells not read', () => {
    const text = grid96((r, c) => (r === 2 && c === 3 ? '' : '0.1000')).join('\n');
    const reading = readingOf(parseGrid(text));
    expect(reading.readings).toHaveLength(95);
    expect(reading.readings.some((x) => x.well === 'C4')).toBe(false);
    expect(reading.metadata.wavelengthsNm).toEqual([]);
  });

  it('needs a wavelength above each block when there are several', () => {
    const block = grid96(() => '0.1');
    const text = ['Wavelength (nm),570', ...block, '', ...block].join('\n');
    expect(problemsOf(parseGrid(text))).toEqual([{ code: 'MISSING_WAVELENGTH', line: 12 }]);
  });

  it('takes a block wavelength from a title line', () => {
    const block = grid96(() => '0.1');
    const reading = readingOf(parseGrid(['570 nm', ...block, '', 'OD650', ...block].join('\n')));
    expect(reading.metadata.wavelengthsNm).toEqual([570, 650]);
    expect(reading.readings).toHaveLength(192);
  });

  it('checks the block against the declared plate format and the expected size', () => {
    const block = grid96(() => '0.1');
    expect(problemsOf(parseGrid(['Plate format,384', ...block].join('\n')))).toEqual([
      { code: 'WRONG_PLATE_SIZE', line: 2 },
    ]);
    expect(problemsOf(parseGrid(block.join('\n'), { plateSize: 384 }))).toEqual([
      { code: 'WRONG_PLATE_SIZE' },
    ]);
    expect(problemsOf(parseGrid(['Plate format,1536', ...block].join('\n')))).toEqual([
      { code: 'WRONG_PLATE_SIZE', line: 1 },
    ]);
  });

  it('reports values outside any block', () => {
    const text = [...grid96(() => '0.1'), '', 'I,0.1,0.2,0.3'].join('\n');
    expect(problemsOf(parseGrid(text))).toEqual([{ code: 'UNRECOGNIZED_LINE', line: 11 }]);
  });

  it('keeps unknown header lines as extra metadata', () => {
    const text = [
      'Operator,jdoe',
      'Read date,6/11/2024',
      'Read time,2:02:37 PM',
      ...grid96(() => '1'),
    ].join('\n');
    const { metadata } = readingOf(parseGrid(text));
    expect(metadata.extra).toEqual({ Operator: 'jdoe' });
    expect(metadata.readTime).toBe('2024-06-11T14:02:37');
    expect(metadata.readTimeRaw).toBe('6/11/2024 2:02:37 PM');
  });
});

describe('long parser', () => {
  it('infers a 384-well plate from the wells and honours an expected size', () => {
    const text = 'well,value\nA1,0.1\nP24,0.2\n';
    expect(readingOf(parseLong(text)).plateSize).toBe(384);
    expect(problemsOf(parseLong(text, { plateSize: 96 }))).toEqual([
      { code: 'WELL_OUTSIDE_PLATE', line: 3, well: 'P24' },
    ]);
    expect(problemsOf(parseLong('well,value\nA1,0.1\nQ1,0.2\n'))).toEqual([
      { code: 'WELL_OUTSIDE_PLATE', line: 3, well: 'Q1' },
    ]);
  });

  it('accepts tab-separated tables with decimal commas', () => {
    const reading = readingOf(parseLong('Well\tOD\tWavelength\nB2\t0,125\t570 nm\n'));
    expect(reading.readings).toEqual([
      {
        well: 'B2',
        row: 1,
        column: 1,
        channel: '570',
        wavelengthNm: 570,
        value: 0.125,
        status: 'ok',
        raw: '0,125',
        line: 2,
      },
    ]);
  });

  it('stops after MAX_PROBLEMS problems and says so', () => {
    const rows = Array.from({ length: MAX_PROBLEMS + 20 }, (_, i) => `X${i},1`);
    const problems = problemsOf(parseLong(['well,value', ...rows].join('\n')));
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[MAX_PROBLEMS].code).toBe('TOO_MANY_PROBLEMS');
  });
});

describe('gen5 parser', () => {
  const ok = fixture('gen5/ok/240611_140237_TL-MTT-0731_mtt.txt');

  it('takes the barcode from a Gen5 export file name only', () => {
    expect(readingOf(parseGen5(ok)).metadata.barcode).toBeUndefined();
    expect(
      readingOf(parseGen5(ok, { filename: 'C:\\exports\\240611_140237_TL-MTT-0731_mtt.txt' }))
        .metadata.barcode,
    ).toBe('TL-MTT-0731');
  });

  it('keeps the header lines it does not map', () => {
    const { metadata } = readingOf(parseGen5(ok));
    expect(metadata.extra).toMatchObject({
      'Experiment File Path': 'C:\\Users\\Public\\Documents\\Experiments\\TL-MTT-0731.xpt',
      'Reading Type': 'Reader',
      'Plate Type': '96 WELL PLATE (Use plate lid)',
    });
  });

  it('skips the derived Blank rows and reads only raw measurements', () => {
    const reading = readingOf(parseGen5(ok));
    expect(new Set(reading.readings.map((r) => r.wavelengthNm))).toEqual(new Set([570, 650]));
    const a1 = reading.readings.filter((r) => r.well === 'A1');
    expect(a1.map((r) => r.raw)).toEqual(['0.0883', '0.0381']);
  });

  it('reads each plate of a multi-plate export, refusing one without data', () => {
    const twice = ok + '\nPlate Number\tPlate 2\n';
    // Several plates in one export are read; a plate section without data is refused by name.
    const result = parseGen5(twice);
    expect(problemsOf(result)).toEqual([{ code: 'NO_DATA' }]);
    if (!result.ok) expect(result.problems[0].message).toContain('Plate 2');
  });

  it('reads a Results block without labels when one wavelength is declared', () => {
    const header = [
      'Software Version\t3.12.08',
      'Procedure Details',
      'Read\tabs570',
      '\tAbsorbance Endpoint',
      '\tWavelengths:  570',
      '',
      'Results',
    ];
    const rows = grid96(() => '0.250', '\t');
    const reading = readingOf(parseGen5([...header, ...rows].join('\n')));
    expect(reading.metadata.wavelengthsNm).toEqual([570]);
    expect(reading.readings).toHaveLength(96);
  });
});

describe('softmax parser', () => {
  const ok = fixture('softmax/ok/endpoint-96-570-650.txt');

  it('refuses two plate blocks with the same name', () => {
    const lines = ok.replace(/\r\n/g, '\n').trimEnd().split('\n');
    const trailer = lines.pop()!;
    const plate = lines.slice(lines.findIndex((l) => l.startsWith('Plate:')));
    const text = ['##BLOCKS= 3', ...lines.slice(1), ...plate, trailer].join('\n');
    // Two blocks naming the same plate cannot be told apart.
    expect(problemsOf(parseSoftmax(text))).toEqual([{ code: 'DUPLICATE_PLATE', line: 17 }]);
  });

  it('reads a plate block without the trailing separator, as older exports write it', () => {
    const lines = ok
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((l) => l.replace(/\t+$/, ''));
    const reading = readingOf(parseSoftmax(lines.join('\n')));
    expect(reading.readings).toHaveLength(192);
    expect(reading.metadata.temperatureCelsius).toBe(25.1);
  });

  it('ignores the reduced-data table after the raw rows', () => {
    const lines = ok.replace(/\r\n/g, '\n').split('\n');
    const end = lines.indexOf('~End', 5);
    const reduced = [
      '\t\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t',
      '\t\t1.3\t1.3\t1.3\t\t\t\t\t\t\t\t\t\t',
    ];
    lines.splice(end, 0, ...reduced);
    expect(readingOf(parseSoftmax(lines.join('\n'))).readings).toHaveLength(192);
  });
});

describe('parsePlateReading', () => {
  it('reports an empty file and an unknown format', () => {
    expect(problemsOf(parsePlateReading(' \n\t\n'))).toEqual([{ code: 'EMPTY_FILE' }]);
    expect(problemsOf(parsePlateReading('hello\nworld\n'))).toEqual([{ code: 'UNKNOWN_FORMAT' }]);
  });

  it('does not mistake a grid with a software line for Gen5', () => {
    const text = [
      'Software Version,Magellan 7.2',
      'Wavelength (nm),570',
      ...grid96(() => '0.1'),
    ].join('\n');
    expect(detectPlateReaderFormat(text)).toBe('grid');
    expect(readingOf(parsePlateReading(text)).metadata.software).toBe('Magellan 7.2');
  });

  it('validates format names', () => {
    expect(isPlateReaderFormat('gen5')).toBe(true);
    expect(isPlateReaderFormat('xlsx')).toBe(false);
    expect(isPlateReaderFormat(5)).toBe(false);
  });

  it('strips a byte-order mark', () => {
    const text = '\uFEFF' + fixture('softmax/ok/endpoint-96-570-650.txt');
    expect(detectPlateReaderFormat(text)).toBe('softmax');
    expect(readingOf(parsePlateReading(text)).readings).toHaveLength(192);
  });
});

describe('robustness (property-based)', () => {
  const parsers = [parseGrid, parseLong, parseGen5, parseSoftmax, parsePlateReading];
  const allFixtures = [
    'grid/ok/two-blocks-96-570-650.csv',
    'long/ok/a570-a650-96.csv',
    'gen5/ok/240611_140237_TL-MTT-0731_mtt.txt',
    'gen5/ok/per-read-blocks-384-570-650.txt',
    'softmax/ok/endpoint-96-570-650.txt',
  ].map(fixture);

  // Plain checks, not expect(): this runs thousands of times.
  const check = (text: string): void => {
    detectPlateReaderFormat(text);
    for (const parse of parsers) {
      const result = parse(text);
      if (!result.ok && result.problems.length === 0) throw new Error('failed without problems');
      if (result.ok && 'reading' in result) {
        if (result.reading.readings.some((r) => !Number.isFinite(r.value))) {
          throw new Error('a reading is not a finite number');
        }
      } else if (result.ok) {
        for (const plate of result.file.plates) {
          for (const v of plate.values) {
            if (v.value !== null && !Number.isFinite(v.value)) throw new Error('not finite');
            if ((v.value === null) !== (v.status === 'overflow' || v.status === 'missing')) {
              throw new Error('a value and its status disagree');
            }
          }
        }
      }
    }
    const map = parsePlateMap(text);
    if (!map.ok && map.problems.length === 0) throw new Error('plate map failed without problems');
  };

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => check(s)),
      {
        numRuns: 300,
      },
    );
  });

  it('never throws on plate-like token soup', () => {
    const token = fc.oneof(
      fc.constantFrom(
        '',
        'A',
        'H',
        'P',
        '1',
        '12',
        '24',
        '0.1',
        'OVRFLW',
        'well',
        'value',
        'a570',
        '570',
      ),
      fc.constantFrom(
        'Plate:',
        '~End',
        '##BLOCKS= 1',
        'Results',
        'Layout',
        'Software Version',
        '"',
      ),
      fc.constantFrom(
        'Temperature(¡C)',
        'Wavelengths:  570, 650',
        'PlateFormat',
        'Endpoint',
        '1e309',
      ),
    );
    const line = fc
      .array(token, { maxLength: 30 })
      .chain((cells) => fc.constantFrom(',', '\t', ';').map((d) => cells.join(d)));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => check(lines.join('\n'))),
      { numRuns: 300 },
    );
  });

  it('never throws on damaged real-shaped exports', () => {
    const damaged = fc
      .tuple(
        fc.constantFrom(...allFixtures),
        fc.array(
          fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'x', '\t', ',', '\n', '0.5', 'A')),
          {
            maxLength: 12,
          },
        ),
      )
      .map(([text, edits]) => {
        const lines = text.split('\n');
        for (const [at, len, insert] of edits) {
          const i = at % lines.length;
          const l = lines[i];
          const k = len % (l.length + 1);
          lines[i] = l.slice(0, k) + insert + l.slice(k + 1);
        }
        return lines.join('\n');
      });
    fc.assert(
      fc.property(damaged, (text) => check(text)),
      { numRuns: 200 },
    );
  });
});
