// Every importer that reads delimited text through the shared tokenizer refuses a file in which a
// quote opens a field and never closes it (papaparse's MissingQuotes): every line after the quote
// would otherwise be one field, and the wells, peaks or reactions on those lines would be missing
// without a word. The refusal names the quote's line and says what to do (issue 13).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticPlateMap } from '../../test/support/synthetic-mtt';
import { parseLcmsText } from './lcms/parse-lcms-export';
import type { LcmsFormat } from './lcms/lcms-export';
import { parsePlateMap } from './plate-maps/plate-map.parser';
import { parsePlateText } from './plate-readers/parse-plate-reading';
import { tokenize } from './plate-readers/parse-support';
import type { PlateReaderFormat } from '../analysis/plate/plate-reading';
import { parseQpcrExport } from './qpcr/parse-qpcr-export';
import type { QpcrExportFormat } from './qpcr/qpcr-export';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

/**
 * The text with a quote opening the first field of a data line: the first non-blank line at or
 * after `from` (default: 60 % into the file) that follows every quote the file already has.
 */
function withUnclosedQuote(text: string, from?: number): { text: string; line: number } {
  const lines = text.split('\n');
  let at = from ?? Math.floor(lines.length * 0.6);
  for (let k = 0; k < lines.length; k++) if (lines[k].includes('"')) at = Math.max(at, k + 1);
  while (at < lines.length && lines[at].trim() === '') at++;
  if (at >= lines.length) throw new Error('no line to put the quote on');
  lines[at] = `"${lines[at]}`;
  return { text: lines.join('\n'), line: at + 1 };
}

/** What every refusal says besides its line. */
const WHAT_TO_DO = /Line \d+: a quote \(".*never closed.*close the quote or remove it/;

describe('tokenize: a quote left open', () => {
  it('marks the line the quote opens on, after quoted fields that span lines', () => {
    const t = tokenize('a,b\n"x\ny",2\n3,4\n5,"6\n7,8\n', ',');
    expect(t.unclosedQuoteLine).toBe(5);
    expect(t.rows).toHaveLength(4);
  });

  it('marks nothing when every quote closes, nor in a text without quotes', () => {
    expect(tokenize('a,b\n"x\ny",2\n', ',').unclosedQuoteLine).toBeUndefined();
    expect(tokenize('a,b\n1,2\n', ',').unclosedQuoteLine).toBeUndefined();
  });

  it('counts CRLF line ends as one line each', () => {
    expect(tokenize('a;b\r\n1;2\r\n"3;4\r\n5;6\r\n', ';').unclosedQuoteLine).toBe(3);
  });
});

const PLATE_READER_CASES: [PlateReaderFormat, string][] = [
  ['grid', 'plate-readers/grid/ok/two-blocks-96-570-650.csv'],
  ['long', 'plate-readers/long/ok/a570-a650-96.csv'],
  ['gen5', 'plate-readers/gen5/ok/multi-read-abs-fluor-96.txt'],
  ['gen5', 'plate-readers/gen5/ok/comma-delimited-96-570-650.csv'],
  ['softmax', 'plate-readers/softmax/ok/endpoint-96-570-650.txt'],
  ['bmg-mars', 'plate-readers/bmg-mars/ok/absorbance-450-650-96.csv'],
  ['envision', 'plate-readers/envision/ok/two-plates-abs-lum-96.csv'],
  ['kaleido', 'plate-readers/kaleido/ok/absorbance-fluorescence-96.csv'],
  ['skanit', 'plate-readers/skanit/ok/endpoint-340-96.txt'],
  ['spark', 'plate-readers/spark/ok/abs-list-fluor-plate-96.csv'],
];

describe.each(PLATE_READER_CASES)('plate reader %s (%s)', (format, path) => {
  it('reads the file as it is, and refuses it with a quote left open, naming its line', () => {
    expect(parsePlateText(fixture(path), { format }).ok).toBe(true);
    const { text, line } = withUnclosedQuote(fixture(path));
    const r = parsePlateText(text, { format });
    if (r.ok) throw new Error('imported');
    expect(r.problems).toEqual([
      { code: 'UNCLOSED_QUOTE', line, message: expect.stringMatching(WHAT_TO_DO) },
    ]);
    expect(r.problems[0].message).toContain(`Line ${line}:`);
  });
});

const LCMS_CASES: [LcmsFormat, string][] = [
  ['long', 'lcms/long/ok/minimal-comma.csv'],
  ['long', 'lcms/long/ok/thiopurines-semicolon-rt.csv'],
  ['masshunter', 'lcms/masshunter/ok/thiopurines-wide.csv'],
  ['skyline', 'lcms/skyline/ok/thiopurines-heavy-is.csv'],
  ['multiquant', 'lcms/multiquant/ok/thiopurines-is-column.txt'],
];

describe.each(LCMS_CASES)('LC-MS/MS %s (%s)', (format, path) => {
  it('reads the file as it is, and refuses it with a quote left open, naming its line', () => {
    expect(parseLcmsText(fixture(path), format).ok).toBe(true);
    const { text, line } = withUnclosedQuote(fixture(path));
    const r = parseLcmsText(text, format);
    if (r.ok) throw new Error('imported');
    expect(r.problems).toEqual([
      { code: 'UNCLOSED_QUOTE', line, message: expect.stringMatching(WHAT_TO_DO) },
    ]);
  });
});

const QPCR_CASES: [QpcrExportFormat, string, number?][] = [
  ['long-csv', 'qpcr/ok/long-no-cq-words.csv'],
  ['cfx-csv', 'qpcr/ok/cfx-cq-results.csv'],
  // A line of the [Results] section (the only one read).
  ['quantstudio-text', 'qpcr/ok/quantstudio-results.txt', 13],
];

describe.each(QPCR_CASES)('qPCR %s (%s)', (format, path, from) => {
  it('reads the file as it is, and refuses it with a quote left open, naming its line', async () => {
    expect((await parseQpcrExport(Buffer.from(fixture(path)), format)).ok).toBe(true);
    const { text, line } = withUnclosedQuote(fixture(path), from);
    const r = await parseQpcrExport(Buffer.from(text), format);
    if (r.ok) throw new Error('imported');
    expect(r.problems).toEqual([
      { where: `line ${line}`, message: expect.stringMatching(WHAT_TO_DO) },
    ]);
  });
});

describe('plate map', () => {
  it('reads the map as it is, and refuses it with a quote left open, naming its line', () => {
    expect(parsePlateMap(syntheticPlateMap()).ok).toBe(true);
    const { text, line } = withUnclosedQuote(syntheticPlateMap());
    const r = parsePlateMap(text);
    if (r.ok) throw new Error('imported');
    expect(r.problems).toEqual([
      { code: 'UNCLOSED_QUOTE', line, message: expect.stringMatching(WHAT_TO_DO) },
    ]);
  });
});
