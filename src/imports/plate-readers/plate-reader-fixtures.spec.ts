import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { describeWithFixtures, readFixtureText } from '../../../test/support/shared-fixtures';
import { decodeExport } from './encoding';
import { detectPlateReaderFormat, explainWorkbookFormat } from './format-detection';
import { PLATE_READER_FORMAT_TABLE } from './format-table';
import { parsePlateExport, parsePlateReading } from './parse-plate-reading';
import {
  PLATE_READER_FORMATS,
  type ImportProblem,
  type ParsedPlate,
  type PlateReaderFormat,
  type PlateReaderParseOptions,
  type PlateReadingMetadata,
  type ReadChannel,
  type ValueStatus,
} from '../../analysis/plate/plate-reading';
import { readWorkbook } from './workbook';
import { formatWellName } from '../../analysis/plate/well-position';

const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plate-readers');

interface SpotCheck {
  plate?: string;
  well: string;
  wavelengthNm?: number | null;
  channel?: string;
  raw: string;
  value: number | null;
  status?: ValueStatus;
  line?: number;
}

/** The JSON beside each fixture: what the parser must answer. */
interface FixtureExpectation {
  format: PlateReaderFormat;
  description: string;
  options?: PlateReaderParseOptions;
  /** How the bytes must be decoded (`utf-16le`, `xlsx`, …). */
  encoding?: string;
  // ok fixtures, single absorbance plate (the shape the import stores today)
  plateSize?: 96 | 384;
  readingCount?: number;
  wavelengthsNm?: number[];
  metadata?: Partial<PlateReadingMetadata>;
  spotChecks?: SpotCheck[];
  // ok fixtures, every plate, channel and status
  plates?: {
    name: string;
    barcode?: string;
    plateSize: 96 | 384;
    valueCount: number;
    channels: Partial<ReadChannel>[];
    statuses?: Partial<Record<ValueStatus, number>>;
  }[];
  skipped?: string[];
  // not-ok fixtures
  problems?: Pick<ImportProblem, 'code' | 'line' | 'well' | 'field' | 'wavelengthNm'>[];
}

interface Fixture {
  format: PlateReaderFormat;
  name: string;
  bytes: Buffer;
  /** The decoded text ('' for a workbook). */
  text: string;
  expected: FixtureExpectation;
}

function loadFixtures(kind: 'ok' | 'not-ok'): Fixture[] {
  const out: Fixture[] = [];
  for (const format of PLATE_READER_FORMATS) {
    const dir = join(FIXTURES_DIR, format, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.json')) continue;
      const stem = name.slice(0, -extname(name).length);
      const expected = JSON.parse(
        readFileSync(join(dir, `${stem}.json`), 'utf8'),
      ) as FixtureExpectation;
      const bytes = readFileSync(join(dir, name));
      const decoded = decodeExport(bytes);
      const text = decoded.kind === 'text' ? decoded.text : '';
      out.push({ format, name, bytes, text, expected });
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

function statusCounts(plate: ParsedPlate): Partial<Record<ValueStatus, number>> {
  const out: Partial<Record<ValueStatus, number>> = {};
  for (const v of plate.values) out[v.status] = (out[v.status] ?? 0) + 1;
  return out;
}

describe('plate-reader fixtures', () => {
  it('has ok and not-ok fixtures for every format', () => {
    for (const info of PLATE_READER_FORMAT_TABLE) {
      const ok = okFixtures.filter((f) => f.format === info.format);
      const notOk = notOkFixtures.filter((f) => f.format === info.format);
      expect({ format: info.format, ok: ok.length >= 1, notOk: notOk.length >= 1 }).toEqual({
        format: info.format,
        ok: true,
        notOk: true,
      });
      // Every kind of file the format comes as has a fixture.
      for (const kind of info.files) {
        const ext = kind === 'xlsx' ? /\.xlsx$/ : /\.(txt|csv)$/;
        expect({ format: info.format, kind, has: ok.some((f) => ext.test(f.name)) }).toEqual({
          format: info.format,
          kind,
          has: true,
        });
      }
    }
  });

  describe.each(okFixtures.map((f) => [`${f.format}/ok/${f.name}`, f] as const))('%s', (_, f) => {
    if (f.expected.plates) {
      it("reads every plate, channel and status, each value equal to the file's text", async () => {
        const result = await parsePlateExport(f.bytes, f.expected.options);
        if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
        const { file } = result;
        expect(file.format).toBe(f.format);
        if (f.expected.encoding) expect(file.encoding).toBe(f.expected.encoding);
        expect(file.plates.map((p) => p.block.name)).toEqual(f.expected.plates!.map((p) => p.name));
        f.expected.plates!.forEach((want, k) => {
          const plate = file.plates[k];
          expect(plate.plateSize).toBe(want.plateSize);
          expect(plate.values).toHaveLength(want.valueCount);
          if (want.barcode !== undefined) expect(plate.metadata.barcode).toBe(want.barcode);
          expect(plate.channels).toHaveLength(want.channels.length);
          want.channels.forEach((c, i) => expect(plate.channels[i]).toMatchObject(c));
          if (want.statuses) expect(statusCounts(plate)).toEqual(want.statuses);
          for (const v of plate.values) {
            expect(formatWellName(v.row, v.column)).toBe(v.well);
            if (v.status === 'ok') expect(v.value).toBe(Number(v.raw.trim().replace(',', '.')));
            if (v.status === 'overflow' || v.status === 'missing') expect(v.value).toBeNull();
            expect(v.line).toBeGreaterThan(0);
            expect(plate.channels.some((c) => c.key === v.channel)).toBe(true);
          }
        });
        expect(file.skipped.map((s) => s.name)).toEqual(f.expected.skipped ?? []);
        for (const s of file.skipped) expect(s.reason.length).toBeGreaterThan(10);
        if (f.expected.metadata) expect(file.plates[0].metadata).toMatchObject(f.expected.metadata);
        for (const s of f.expected.spotChecks ?? []) {
          const plate = s.plate
            ? file.plates.find((p) => p.block.name === s.plate)!
            : file.plates[0];
          const v = plate.values.find((x) => x.well === s.well && x.channel === s.channel);
          expect(v).toBeDefined();
          expect(v!.raw).toBe(s.raw);
          if (s.value === null) expect(v!.value).toBeNull();
          else expect(v!.value).toBeCloseTo(s.value, 12);
          if (s.status) expect(v!.status).toBe(s.status);
          if (s.line !== undefined) expect(v!.line).toBe(s.line);
        }
      });
      return;
    }
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
        expect(r!.value).toBeCloseTo(s.value!, 12);
      }
    });
  });

  describe.each(notOkFixtures.map((f) => [`${f.format}/not-ok/${f.name}`, f] as const))(
    '%s',
    (_, f) => {
      it('yields exactly the listed problems, each saying what to do', async () => {
        const result = await parsePlateExport(f.bytes, { format: f.format, ...f.expected.options });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems.map(locate)).toEqual(f.expected.problems);
        for (const p of result.problems) expect(p.message.length).toBeGreaterThan(10);
      });

      it('yields the same problems with the format detected', async () => {
        const detected = await parsePlateExport(f.bytes, f.expected.options);
        expect(detected.ok).toBe(false);
        if (!detected.ok) expect(detected.problems.map(locate)).toEqual(f.expected.problems);
      });
    },
  );

  it('detects the format of every fixture', async () => {
    for (const f of [...okFixtures, ...notOkFixtures]) {
      const workbook = /\.xlsx$/.test(f.name);
      const expected = !workbook && f.text.trim() === '' ? null : f.format;
      const detected = workbook
        ? explainWorkbookFormat(await readWorkbook(f.bytes)).format
        : detectPlateReaderFormat(f.text);
      expect({ fixture: `${f.format}/${f.name}`, detected }).toEqual({
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
