// Every refusal a plate-reader parser gives for its not-ok fixtures names where the problem is
// (the line, the sheet row, or the plate block; the file or workbook itself for a file-level
// problem) and says what to do about it (issue 18).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parsePlateExport } from './parse-plate-reading';
import { PLATE_READER_FORMATS, type ImportProblem } from '../../analysis/plate/plate-reading';

const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plate-readers');

/** A location at the start of the message: a line, a sheet row, or the whole file. */
const LOCATION =
  /^(Line \d+|Sheet "[^"]+"( row \d+)?|The plate blocks at line \d+|The file|The workbook)\b/;
/** An instruction: what the lab does next. */
const INSTRUCTION =
  /\b(export|correct|keep|check|write|give|close|remove|set|name|send|use|fix|add)\b|\bneeds one\b/i;

/** Whether the message names the line the problem carries. */
function namesItsLine(p: ImportProblem): boolean {
  return p.line === undefined || new RegExp(`\\b(line|row) ${p.line}\\b`, 'i').test(p.message);
}

const cases: [string, Buffer, Record<string, unknown>][] = [];
for (const format of PLATE_READER_FORMATS) {
  const dir = join(FIXTURES_DIR, format, 'not-ok');
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.json')) continue;
    const expected = JSON.parse(
      readFileSync(join(dir, `${name.slice(0, -extname(name).length)}.json`), 'utf8'),
    ) as { format: string; options?: Record<string, unknown> };
    cases.push([
      `${format}/not-ok/${name}`,
      readFileSync(join(dir, name)),
      { ...(expected.options ?? {}), format: expected.format, filename: name },
    ]);
  }
}

describe('plate-reader error messages', () => {
  it('walks a not-ok fixture of every format', () => {
    const formats = new Set(cases.map(([label]) => label.split('/')[0]));
    for (const f of PLATE_READER_FORMATS) expect([f, formats.has(f)]).toEqual([f, true]);
  });

  it.each(cases)('%s: every message has a location and an instruction', async (_, bytes, o) => {
    const r = await parsePlateExport(bytes, o);
    if (r.ok) throw new Error('imported');
    for (const p of r.problems) {
      const said = `${p.code}: ${p.message}`;
      expect([said, LOCATION.test(p.message)]).toEqual([said, true]);
      expect([said, INSTRUCTION.test(p.message)]).toEqual([said, true]);
      expect([said, namesItsLine(p)]).toEqual([said, true]);
    }
  });
});
