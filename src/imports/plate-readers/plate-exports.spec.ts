import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { decodeExport } from './encoding';
import { PLATE_READER_FORMAT_TABLE } from './format-table';
import { parsePlateExport, parsePlateText } from './parse-plate-reading';
import { PLATE_READER_FORMATS, type ParseFileResult } from '../../analysis/plate/plate-reading';

const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plate-readers');
const fixture = (path: string): Buffer => readFileSync(join(FIXTURES_DIR, path));

function problems(r: ParseFileResult): { code: string; message: string }[] {
  if (r.ok) throw new Error('expected the file to be refused');
  return r.problems;
}

describe('encodings are read from the bytes', () => {
  const text = 'Read mode,Absorbance\nComment,37 °C, 5 % CO₂\n';

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'utf-8',
    ],
    ['UTF-16LE with BOM', iconv.encode(text, 'utf-16le', { addBOM: true }), 'utf-16le'],
    ['UTF-16BE with BOM', iconv.encode(text, 'utf-16be', { addBOM: true }), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(text, 'utf-16le'), 'utf-16le'],
  ])('%s', (_, bytes, encoding) => {
    const d = decodeExport(bytes);
    expect(d).toEqual({ kind: 'text', text, encoding });
  });

  it('reads bytes that are not UTF-8 as Windows-1252 (°C and µl as older readers write them)', () => {
    const latin = Buffer.from([...Buffer.from('Temperature '), 0xb0, 0x43, 0x20, 0xb5, 0x6c]);
    expect(decodeExport(latin)).toEqual({
      kind: 'text',
      text: 'Temperature °C µl',
      encoding: 'windows-1252',
    });
  });

  it('recognises an Excel workbook and names binary files that are not one', () => {
    expect(decodeExport(fixture('magellan/ok/od-570-96.xlsx'))).toEqual({ kind: 'xlsx' });
    const kinds = [
      [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], 'Excel 97–2003'],
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], 'PDF'],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'PNG'],
      [[0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], 'zip archive'],
      [[0x41, 0x31, 0x00, 0x02, 0x03, 0x30], 'binary file'],
    ] as const;
    for (const [bytes, what] of kinds) {
      const d = decodeExport(Buffer.from(bytes));
      expect(d.kind).toBe('binary');
      if (d.kind === 'binary') expect(d.what).toContain(what);
    }
  });

  it('parses the same plate from UTF-8, UTF-16LE and UTF-16BE bytes', async () => {
    const utf8 = fixture('softmax/ok/endpoint-96-570-650.txt');
    const text = utf8.toString('utf8');
    const results = await Promise.all(
      [
        utf8,
        iconv.encode(text, 'utf-16le', { addBOM: true }),
        iconv.encode(text, 'utf-16be', { addBOM: true }),
      ].map((b) => parsePlateExport(b)),
    );
    const values = results.map((r) => {
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.file.plates[0].values.map((v) => `${v.well}@${v.channel}=${v.raw}`);
    });
    expect(values[1]).toEqual(values[0]);
    expect(values[2]).toEqual(values[0]);
    expect(results.map((r) => (r.ok ? r.file.encoding : null))).toEqual([
      'utf-8',
      'utf-16le',
      'utf-16be',
    ]);
  });
});

describe('what stays refused is said plainly', () => {
  it('a binary file that is not a workbook says what it is', async () => {
    const p = problems(await parsePlateExport(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1')));
    expect(p.map((x) => x.code)).toEqual(['BINARY_FILE']);
    expect(p[0].message).toContain('a PDF document');
    expect(p[0].message).toContain('export the plate data as text');
  });

  it('an unknown text file names the closest format and why it did not match', () => {
    const bmgWithoutHeader = 'Absorbance\n\nRaw Data (450)\n\nsome,thing\n';
    const p = problems(parsePlateText(bmgWithoutHeader));
    expect(p.map((x) => x.code)).toEqual(['UNKNOWN_FORMAT']);
    expect(p[0].message).toContain('The closest is BMG MARS CSV (format=bmg-mars)');
    expect(p[0].message).toContain('has a "Raw Data (…)" title');
    expect(p[0].message).toContain('but not "ID1:", "Test name:" or "User:" header cells');
    expect(p[0].message).toContain('ThioLab reads: Plate grid (grid), Long table (long), Gen5');
  });

  it('a text file with nothing recognisable says so', () => {
    const p = problems(parsePlateText('hello\nworld\n'));
    expect(p[0].message).toContain('Nothing in it looks like a plate export');
  });

  it('an unknown workbook names the closest workbook format', async () => {
    // A workbook with Magellan's "Well positions" column but none of its settings.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['Value', 'Well positions']);
    ws.addRow([0.1, 'A1']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const p = problems(await parsePlateExport(bytes));
    expect(p.map((x) => x.code)).toEqual(['UNKNOWN_FORMAT']);
    expect(p[0].message).toContain('The closest is Magellan Excel workbook (format=magellan)');
    expect(p[0].message).toContain('but not a "Date of measurement:" line');
  });

  it('a format= that reads the other kind of file says so', async () => {
    expect(problems(parsePlateText('a,b\n', { format: 'magellan' }))[0].message).toContain(
      'reads Excel workbooks',
    );
    const xlsx = await parsePlateExport(fixture('magellan/ok/od-570-96.xlsx'), { format: 'gen5' });
    expect(problems(xlsx)[0].message).toContain('this file is an Excel workbook');
  });
});

describe('the format table', () => {
  it('describes every parser once, with an example that exists', () => {
    expect(PLATE_READER_FORMAT_TABLE.map((f) => f.format).sort()).toEqual(
      [...PLATE_READER_FORMATS].sort(),
    );
    for (const f of PLATE_READER_FORMAT_TABLE) {
      if (f.example.includes('/ok/')) expect(existsSync(join(FIXTURES_DIR, f.example))).toBe(true);
      expect(f.readModes.length).toBeGreaterThan(0);
    }
  });
});
