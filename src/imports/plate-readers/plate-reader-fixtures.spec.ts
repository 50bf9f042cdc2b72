import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { describeWithFixtures, readFixtureText } from '../../../test/support/shared-fixtures';
import { detectPlateReaderFormat } from './format-detection';
import { parsePlateReading } from './parse-plate-reading';
import {
  PLATE_READER_FORMATS,
  type ImportProblem,
  type PlateReaderFormat,
  type PlateReaderParseOptions,
  type PlateReadingMetadata,
} from './plate-reading';
import { formatWellName } from './wells';

const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plate-readers');

/** The JSON beside each fixture: what the parser must answer. */
interface FixtureExpectation {
  format: PlateReaderFormat;
  description: string;
  options?: PlateReaderParseOptions;
  // ok fixtures
  plateSize?: 96 | 384;
  readingCount?: number;
  wavelengthsNm?: number[];
  metadata?: Partial<PlateReadingMetadata>;
  spotChecks?: { well: string; wavelengthNm: number | null; raw: string; value: number }[];
  // not-ok fixtures
  problems?: Pick<ImportProblem, 'code' | 'line' | 'well' | 'field' | 'wavelengthNm'>[];
}

interface Fixture {
  format: PlateReaderFormat;
  name: string;
  text: string;
  expected: FixtureExpectation;
}

function loadFixtures(kind: 'ok' | 'not-ok'): Fixture[] {
  const out: Fixture[] = [];
  for (const format of PLATE_READER_FORMATS) {
    const dir = join(FIXTURES_DIR, format, kind);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.json')) continue;
      const stem = name.slice(0, -extname(name).length);
      const expected = JSON.parse(
        readFileSync(join(dir, `${stem}.json`), 'utf8'),
      ) as FixtureExpectation;
      out.push({ format, name, text: readFileSync(join(dir, name), 'utf8'), expected });
    }
  }
  return out;
}

/** The located part of a problem, without its message, for exact comparison. */
function locate(p: ImportProblem): Record<string, unknown> {
  const out: Record<string, unknown> = { code: p.code };
  for (const k of ['line', 'well', 'field', 'wavelengthNm'] as const)
    if (p[k] !== undefined) out[k] = p[k];
  return out;
}

const okFixtures = loadFixtures('ok');
const notOkFixtures = loadFixtures('not-ok');

describe('plate-reader fixtures', () => {
  it('has ok and not-ok fixtures for every format', () => {
    for (const format of PLATE_READER_FORMATS) {
      expect(okFixtures.filter((f) => f.format === format).length).toBeGreaterThanOrEqual(2);
      expect(notOkFixtures.filter((f) => f.format === format).length).toBeGreaterThanOrEqual(3);
    }
  });

  describe.each(okFixtures.map((f) => [`${f.format}/ok/${f.name}`, f] as const))('%s', (_, f) => {
    const result = parsePlateReading(f.text, f.expected.options);

    it('parses with the expected size, wells, wavelengths and metadata', () => {
      if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
      const { reading } = result;
      expect(reading.format).toBe(f.format);
      expect(reading.plateSize).toBe(f.expected.plateSize);
      expect(reading.readings).toHaveLength(f.expected.readingCount!);
      expect(reading.metadata.wavelengthsNm).toEqual(f.expected.wavelengthsNm);
      expect(reading.metadata).toMatchObject(f.expected.metadata ?? {});
    });

    it('keeps each raw cell and locates each value', () => {
      if (!result.ok) throw new Error('not ok');
      for (const r of result.reading.readings) {
        expect(formatWellName(r.row, r.column)).toBe(r.well);
        expect(r.value).toBe(Number(r.raw.trim().replace(',', '.')));
        expect(r.line).toBeGreaterThan(0);
      }
      for (const s of f.expected.spotChecks ?? []) {
        const r = result.reading.readings.find(
          (x) => x.well === s.well && x.wavelengthNm === s.wavelengthNm,
        );
        expect(r).toBeDefined();
        expect(r!.raw).toBe(s.raw);
        expect(r!.value).toBeCloseTo(s.value, 12);
      }
    });
  });

  describe.each(notOkFixtures.map((f) => [`${f.format}/not-ok/${f.name}`, f] as const))(
    '%s',
    (_, f) => {
      it('yields exactly the listed problems', () => {
        const result = parsePlateReading(f.text, { format: f.format, ...f.expected.options });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems.map(locate)).toEqual(f.expected.problems);
        for (const p of result.problems) expect(p.message.length).toBeGreaterThan(10);
      });

      it('yields the same problems with the format detected', () => {
        const detected = parsePlateReading(f.text, f.expected.options);
        expect(detected.ok).toBe(false);
        if (!detected.ok) expect(detected.problems.map(locate)).toEqual(f.expected.problems);
      });
    },
  );

  it('detects the format of every fixture', () => {
    for (const f of [...okFixtures, ...notOkFixtures]) {
      const expected = f.text.trim() === '' ? null : f.format;
      expect({
        fixture: `${f.format}/${f.name}`,
        detected: detectPlateReaderFormat(f.text),
      }).toEqual({
        fixture: `${f.format}/${f.name}`,
        detected: expected,
      });
    }
  });

  it('lets an explicit format override detection', () => {
    const long = okFixtures.find((f) => f.format === 'long')!;
    const asGrid = parsePlateReading(long.text, { format: 'grid' });
    expect(asGrid.ok).toBe(false);
    if (!asGrid.ok) expect(asGrid.format).toBe('grid');
  });
});

describeWithFixtures('shared MTT grid exports (../shared/fixtures)', () => {
  const cases = [
    ['mtt', 'parental-vs-resistant', 'grid_570nm.csv', 570, 'TL-MTT-0731'],
    ['mtt', 'parental-vs-resistant', 'grid_650nm.csv', 650, 'TL-MTT-0731'],
    ['efflux', 'mk571-reversal', 'plate1_resistant_grid_570nm.csv', 570, 'TL-EFX-0112'],
    ['efflux', 'mk571-reversal', 'plate2_parental_grid_650nm.csv', 650, undefined],
  ] as const;

  it.each(cases)('%s/%s/%s parses as a 96-well grid', (assay, folder, file, nm, barcode) => {
    const text = readFixtureText(assay, folder, file);
    expect(detectPlateReaderFormat(text)).toBe('grid');
    const result = parsePlateReading(text, { requiredWavelengthsNm: [nm], plateSize: 96 });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.reading.plateSize).toBe(96);
    expect(result.reading.readings).toHaveLength(96);
    expect(result.reading.metadata.wavelengthsNm).toEqual([nm]);
    expect(result.reading.metadata.temperatureCelsius).toBe(25.1);
    expect(result.reading.metadata.readTime).toMatch(/^2024-06-\d\dT\d\d:\d\d:\d\d$/);
    if (barcode) expect(result.reading.metadata.barcode).toBe(barcode);
  });

  it('the grid and long exports of one plate carry the same raw values', () => {
    const long = parsePlateReading(readFixtureText('mtt', 'parental-vs-resistant', 'long.csv'));
    const g570 = parsePlateReading(
      readFixtureText('mtt', 'parental-vs-resistant', 'grid_570nm.csv'),
    );
    const g650 = parsePlateReading(
      readFixtureText('mtt', 'parental-vs-resistant', 'grid_650nm.csv'),
    );
    if (!long.ok || !g570.ok || !g650.ok) throw new Error('a shared fixture did not parse');
    expect(long.reading.format).toBe('long');
    const key = (r: { well: string; wavelengthNm: number | null; raw: string }): string =>
      `${r.well}@${r.wavelengthNm}=${r.raw}`;
    const fromGrids = [...g570.reading.readings, ...g650.reading.readings].map(key).sort();
    expect(long.reading.readings.map(key).sort()).toEqual(fromGrids);
  });
});
