// The repository's own LC-MS/MS export fixtures (test/fixtures/lcms): every ok file parses to
// what its JSON states, every not-ok file is refused with exactly the problems it states.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  detectLcmsFormat,
  isLcmsFormat,
  parseLcmsExport,
  parseLongLcms,
  parseMasshunter,
  parseMultiquant,
  parseSkyline,
  parseTargetlynx,
  type LcmsFormat,
  type LcmsPeak,
} from './index';

import { LcmsProblems, MISSING_MARKS, numberOrProblem, readNumberCell } from './lcms-cells';

const ROOT = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'lcms');

interface SpotCheck {
  injection: string;
  dataFile?: string;
  /** Which injection of a repeated name (1-based, file order). */
  occurrence?: number;
  compound: string;
  areaRaw: string;
  area: number | null;
  nominalRaw?: string;
  nominal?: number;
  /** Sample type as written (null: the file gives none). */
  sampleType?: string | null;
  /** Retention time text as written, and its value (null: kept as text only). */
  retentionTimeRaw?: string;
  retentionTime?: number | null;
  internalStandard?: boolean | null;
  /** The internal standard's area on the row, as written, and its value (null: missing). */
  isAreaRaw?: string;
  isArea?: number | null;
}

interface Expectation {
  format?: string;
  encoding?: string;
  injections?: number;
  /** The injections in file order, where given: name, and `#k` for the k-th of a repeated name. */
  injectionOrder?: string[];
  compounds?: string[];
  peaks?: number;
  missingAreas?: number;
  internalStandards?: number;
  spotChecks?: SpotCheck[];
  /** `column`: the column the problem names; `says`: words its message must hold (what to do). */
  problems?: { code: string; line?: number; column?: string; says?: string[] }[];
}

function cases(kind: 'ok' | 'not-ok'): [string, string, Expectation][] {
  const out: [string, string, Expectation][] = [];
  for (const layout of readdirSync(ROOT, { withFileTypes: true })) {
    if (!layout.isDirectory()) continue;
    const dir = join(ROOT, layout.name, kind);
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.json')) continue;
      const stem = f.replace(/\.[^.]+$/, '');
      const exp = JSON.parse(readFileSync(join(dir, `${stem}.json`), 'utf8')) as Expectation;
      out.push([`${layout.name}/${kind}/${f}`, join(dir, f), exp]);
    }
  }
  return out;
}

function find(peaks: LcmsPeak[], s: SpotCheck): LcmsPeak {
  const p = peaks.find(
    (x) =>
      x.injection === s.injection &&
      x.compound === s.compound &&
      (s.dataFile === undefined || x.dataFile === s.dataFile) &&
      (s.occurrence === undefined || x.occurrence === s.occurrence),
  );
  if (!p) throw new Error(`no peak ${s.compound} in ${s.injection}`);
  return p;
}

describe('LC-MS/MS fixtures: ok', () => {
  it.each(cases('ok'))('%s', (_name, path, exp) => {
    const r = parseLcmsExport(readFileSync(path));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const e = r.export;
    expect(e.format).toBe(exp.format);
    if (exp.encoding) expect(e.encoding).toBe(exp.encoding);
    expect(e.injections).toHaveLength(exp.injections!);
    if (exp.injectionOrder) {
      expect(
        e.injections.map((i) => (i.repeats > 1 ? `${i.name}#${i.occurrence}` : i.name)),
      ).toEqual(exp.injectionOrder);
    }
    expect(e.compounds).toEqual(exp.compounds);
    expect(e.peaks).toHaveLength(exp.peaks!);
    expect(e.peaks.filter((p) => p.area.value === null)).toHaveLength(exp.missingAreas!);
    if (exp.internalStandards !== undefined) {
      expect(e.peaks.filter((p) => p.internalStandard === true)).toHaveLength(
        exp.internalStandards,
      );
    }
    for (const s of exp.spotChecks ?? []) {
      const p = find(e.peaks, s);
      expect(p.area.raw).toBe(s.areaRaw);
      expect(p.area.value).toBe(s.area);
      if (s.nominalRaw !== undefined) {
        expect(p.nominal?.raw).toBe(s.nominalRaw);
        expect(p.nominal?.value).toBe(s.nominal);
      }
      if (s.sampleType !== undefined) expect(p.sampleType).toBe(s.sampleType);
      if (s.retentionTimeRaw !== undefined) {
        expect(p.retentionTime?.raw).toBe(s.retentionTimeRaw);
        expect(p.retentionTime?.value).toBe(s.retentionTime);
      }
      if (s.internalStandard !== undefined) expect(p.internalStandard).toBe(s.internalStandard);
      if (s.isAreaRaw !== undefined) {
        expect(p.isArea?.raw).toBe(s.isAreaRaw);
        expect(p.isArea?.value).toBe(s.isArea);
      }
    }
    // Missing is never 0: every missing area keeps its mark and no number.
    for (const p of e.peaks.filter((x) => x.area.value === null)) {
      expect(p.area.missing).toBeDefined();
    }
  });
});

describe('LC-MS/MS fixtures: not-ok', () => {
  it.each(cases('not-ok'))('%s', (_name, path, exp) => {
    const format = isLcmsFormat(exp.format) ? (exp.format as LcmsFormat) : undefined;
    const r = parseLcmsExport(readFileSync(path), format);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => ({ code: p.code, line: p.line }))).toEqual(
      exp.problems!.map((p) => ({ code: p.code, line: p.line })),
    );
    for (const p of r.problems) expect(p.message.length).toBeGreaterThan(10);
    exp.problems!.forEach((e, i) => {
      const p = r.problems[i];
      if (e.column !== undefined) expect(p.column).toBe(e.column);
      if (e.line !== undefined) expect(p.message).toContain(`Line ${e.line}`);
      for (const words of e.says ?? []) expect(p.message).toContain(words);
    });
  });
});

describe('LC-MS/MS parsing: bytes and layouts', () => {
  it('refuses an empty file, a workbook and a binary file, saying what to send', () => {
    const empty = parseLcmsExport(Buffer.from('  \n'));
    expect(!empty.ok && empty.problems[0].code).toBe('EMPTY_FILE');
    expect(!empty.ok && empty.problems[0].message).toContain('export the results');
    for (const parse of [
      parseLongLcms,
      parseSkyline,
      parseMasshunter,
      parseMultiquant,
      parseTargetlynx,
    ]) {
      const r = parse('\n');
      expect(!r.ok && [r.problems[0].code, r.problems[0].message]).toEqual([
        'EMPTY_FILE',
        expect.stringContaining('export the results'),
      ]);
    }
    const pdf = parseLcmsExport(Buffer.from('%PDF-1.4 report'));
    expect(!pdf.ok && pdf.problems[0].code).toBe('BINARY_FILE');
  });

  it('names the layouts it reads when none matches', () => {
    const r = parseLcmsExport(Buffer.from('a,b,c\n1,2,3\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].code).toBe('UNKNOWN_FORMAT');
    expect(r.problems[0].message).toContain('Skyline');
    expect(r.problems[0].message).toContain('TargetLynx');
  });

  it('reads UTF-16LE with a byte-order mark', () => {
    const text = 'sample,type,analyte,nominal,area,is_area\nCAL1,calibrator,aza,0.5,5987,1211745\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = parseLcmsExport(bytes);
    expect(r.ok && r.export.encoding).toBe('utf-16le');
    expect(r.ok && r.export.peaks[0].area.value).toBe(5987);
  });
});

describe('LC-MS/MS parsing: the long layout detected reads what it reads when named', () => {
  // Detection tokenizes the text and, when that is the whole text, the long parser takes its
  // table instead of tokenizing again (docs/performance.md, "LC-MS/MS exports: tokenized
  // once, numbers read first"): the answer must be the parser's own, ok or not, for every
  // kind of text.
  const dir = join(ROOT, 'long');
  const files = ['ok', 'not-ok'].flatMap((kind) =>
    readdirSync(join(dir, kind))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => readFileSync(join(dir, kind, f), 'utf8'))
      // A file refused for a missing column is not detected as the long layout at all.
      .filter((t) => detectLcmsFormat(t) === 'long'),
  );
  const header = 'sample,type,analyte,nominal,area,is_area';
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => `CAL${i},calibrator,aza,${i + 1},${1000 + i},1211745`);
  const texts: [string, string][] = [
    ...files.map((t, i): [string, string] => [`fixture ${i}`, t]),
    ['CRLF line ends', [header, ...rows(3)].join('\r\n') + '\r\n'],
    ['byte-order mark', '\uFEFF' + [header, ...rows(3)].join('\n')],
    ['a quoted field over two lines', `${header}\n"CAL\n1",calibrator,aza,1,1000,1211745\n`],
    ['an unclosed quote', `${header}\n"CAL1,calibrator,aza,1,1000,1211745\n`],
    [
      'semicolons and decimal commas',
      `${header.replace(/,/g, ';')}\nCAL1;calibrator;aza;0,5;1000,5;1211745\n`,
    ],
    // Longer than detection reads: the parser tokenizes the whole text itself.
    ['past the detection prefix', [header, ...rows(2000)].join('\n') + '\n'],
  ];

  it('covers the long fixtures, ok and not ok', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(texts)('%s', (_, text) => {
    const detected = parseLcmsExport(Buffer.from(text, 'utf8'));
    const named = parseLongLcms(text.replace(/^\uFEFF/, ''));
    if (detected.ok) delete (detected.export as { encoding?: string }).encoding;
    expect(detected).toEqual(named);
  });

  it('reads every row of a text longer than detection reads', () => {
    const text = [header, ...rows(2000)].join('\n') + '\n';
    expect(text.length).toBeGreaterThan(65536);
    const r = parseLcmsExport(Buffer.from(text, 'utf8'));
    expect(r.ok && r.export.peaks.length).toBe(2000);
  });
});

describe('LC-MS/MS cells: missing marks', () => {
  // A cell is read as a number first and as a missing mark only when it is none: that holds
  // only while no mark reads as a number (docs/performance.md, "LC-MS/MS exports: tokenized
  // once, numbers read first").
  it('reads every missing mark as missing, in any case and padding, in both decimal modes', () => {
    for (const mark of MISSING_MARKS) {
      for (const raw of [mark, mark.toLowerCase(), mark.toUpperCase(), ` ${mark}\t`]) {
        for (const decimalComma of [false, true]) {
          const r = readNumberCell(raw, 3, 'area', decimalComma);
          expect(r).toEqual({ ok: true, cell: { raw, value: null, missing: raw.trim() } });
          const problems = new LcmsProblems();
          expect(numberOrProblem(problems, raw, 3, 'area', decimalComma)).toEqual(
            r.ok ? r.cell : null,
          );
          expect(problems.length).toBe(0);
        }
      }
    }
  });

  it('reads numbers, blanks and refusals alike through both entry points', () => {
    for (const raw of ['12.5', ' 1e3 ', '-0', '', '  ', undefined, '1,5', '1.234,5', 'abc']) {
      for (const decimalComma of [false, true]) {
        const r = readNumberCell(raw, 3, 'area', decimalComma);
        const problems = new LcmsProblems();
        const cell = numberOrProblem(problems, raw, 3, 'area', decimalComma);
        expect(cell).toEqual(r.ok ? r.cell : null);
        expect(problems.toArray()).toEqual(r.ok ? [] : [r.problem]);
      }
    }
  });
});
