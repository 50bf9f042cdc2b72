// The README's table of plate-reader formats is the table GET /api/v1/plate-reader-formats serves
// (PLATE_READER_FORMAT_TABLE): the same formats in the same order, files, read modes, several
// plates, and an example file that exists and parses as its format.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATE_READER_FORMAT_TABLE } from './format-table';
import { parsePlateExport } from './parse-plate-reading';

const ROOT = join(__dirname, '..', '..', '..');
const SHORT: Record<string, string> = {
  absorbance: 'abs',
  fluorescence: 'fl',
  luminescence: 'lum',
};

/** The rows of the README table whose header starts with "format (`?format=`)". */
function readmeRows(): string[][] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\|\s*format \(`\?format=`\)/.test(l));
  if (start < 0) throw new Error('README has no plate-reader format table');
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(
      lines[i]
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('the README table of plate-reader formats', () => {
  const rows = readmeRows();

  it('lists the formats the API lists, in its order', () => {
    expect(rows.map((r) => r[0])).toEqual(PLATE_READER_FORMAT_TABLE.map((f) => `\`${f.format}\``));
  });

  it.each(PLATE_READER_FORMAT_TABLE.map((f, k) => [f.format, k] as const))(
    '%s: files, read modes, several plates and an example that parses as it',
    async (format, k) => {
      const f = PLATE_READER_FORMAT_TABLE[k];
      const [, , files, modes, several, example] = rows[k];
      expect([files, modes, several]).toEqual([
        f.files.join(', '),
        f.readModes.map((m) => SHORT[m]).join(', '),
        f.multiplePlates ? 'yes' : 'no',
      ]);
      expect(example).toBe(`\`test/fixtures/plate-readers/${f.example}\``);
      const r = await parsePlateExport(
        readFileSync(join(ROOT, 'test', 'fixtures', 'plate-readers', f.example)),
      );
      expect(r.ok && r.file.format).toBe(format);
    },
  );
});
