// The qPCR parsers against ThioLab's own fixtures (test/fixtures/qpcr/ok and not-ok): what each
// ok file gives, and for each not-ok file the reason and the place it names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';

import { detectQpcrFormat, parseQpcrExport } from './parse-qpcr-export';
import type { ParsedQpcrExport, QpcrParseResult } from './qpcr-export';
import { readCqCell } from './qpcr-cells';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'qpcr');
const bytes = (kind: 'ok' | 'not-ok', name: string) => readFileSync(join(DIR, kind, name));

function ok(r: QpcrParseResult): ParsedQpcrExport {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('Cq cells', () => {
  it.each(['Undetermined', 'N/A', 'NaN', 'No Cq', 'No Ct', '', '  '])(
    '"%s" is undetermined, never a number, and keeps its text',
    (text) => {
      expect(readCqCell(text)).toEqual({ ok: true, cq: null, status: 'undetermined', raw: text });
    },
  );
  it('reads a plain number and keeps the text as written', () => {
    expect(readCqCell('24.5120')).toEqual({
      ok: true,
      cq: 24.512,
      status: 'determined',
      raw: '24.5120',
    });
  });
  it.each([
    ['24,5', 'decimal comma'],
    ['0', 'outside'],
    ['101', 'outside'],
    ['-1', 'outside'],
    ['low', 'neither a number'],
    ['24.5 cycles', 'neither a number'],
  ])('refuses "%s" (%s)', (text, says) => {
    const r = readCqCell(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });
  it('RDML −1 is undetermined only in RDML', () => {
    expect(readCqCell('-1.0', true)).toMatchObject({
      cq: null,
      status: 'undetermined',
      raw: '-1.0',
    });
  });
});

describe('ok fixtures', () => {
  it('long CSV: every no-Cq spelling is undetermined, standards keep their quantity', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'long-no-cq-words.csv')));
    expect(v.format).toBe('long-csv');
    const r = v.runs[0].reactions;
    expect(r).toHaveLength(10);
    expect(r.filter((x) => x.cqStatus === 'undetermined').map((x) => [x.well, x.cqRaw])).toEqual([
      ['A2', 'Undetermined'],
      ['A3', 'N/A'],
      ['A4', 'NaN'],
      ['A5', 'No Cq'],
      ['A6', ''],
      ['C1', 'Undetermined'],
    ]);
    expect(r.every((x) => x.cqStatus === 'determined' || x.cq === null)).toBe(true);
    expect(r.find((x) => x.well === 'B2')).toMatchObject({
      task: 'standard',
      quantity: 10,
      cq: 23.45,
    });
    expect(r.find((x) => x.well === 'C1')?.task).toBe('ntc');
    expect(r.find((x) => x.well === 'C2')).toMatchObject({
      task: 'unknown',
      target: 'GAPDH',
      cq: 18,
    });
    expect(v.runs[0].plateSize).toBe(96);
  });

  it('QuantStudio text: Results section only, Omit kept, thousands separators in quantities', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'quantstudio-results.txt')));
    expect(v.format).toBe('quantstudio-text');
    expect(v.metadata['Instrument Type']).toBe('QuantStudio(TM) 5 System');
    expect(v.metadata.Chemistry).toBe('SYBR_GREEN');
    expect(v.runs[0]).toMatchObject({ name: 'efflux panel', plateSize: 96 });
    const r = v.runs[0].reactions;
    expect(r.map((x) => x.well)).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(r[1]).toMatchObject({ omitted: true, cq: null, cqRaw: 'Undetermined' });
    expect(r[2]).toMatchObject({
      task: 'standard',
      sample: '',
      quantity: 10000,
      quantityRaw: '10,000.000',
    });
    expect(r[3]).toMatchObject({ task: 'ntc', cq: null });
  });

  // The 7500 (v2) and StepOne software name the well under Well (A1) and write no Well Position
  // column; the layout as a COG-UK script writes it for 7500 Fast upload ("* Instrument Type =
  // sds7500fast", Cт with a Cyrillic т, "* Passive Reference =" empty). It was refused for
  // lacking Well Position.
  it('7500 / StepOne text export: wells under Well, Cт columns, empty header value', async () => {
    const file = bytes('ok', '7500-results.txt');
    expect(detectQpcrFormat(file)).toBe('quantstudio-text');
    const v = ok(await parseQpcrExport(file));
    expect(v.metadata['Instrument Type']).toBe('sds7500fast');
    expect(v.metadata['Passive Reference']).toBe('');
    expect(v.runs[0].plateSize).toBe(96);
    expect(
      v.runs[0].reactions.map((x) => [x.well, x.sample, x.task, x.cq, x.cqRaw, x.quantity]),
    ).toEqual([
      ['A1', 'P1', 'unknown', 24.512, '24.512', null],
      ['A2', 'P1', 'unknown', null, 'Undetermined', null],
      ['B1', 'STD_1000', 'standard', 20.1, '20.1', 1000],
      ['H12', 'NTC', 'ntc', null, 'Undetermined', null],
    ]);
  });

  // pyQPCR's reader of StepOne and 7500 exports (parseAppliedUniv) takes "TXT files and CSV files
  // (comma separated)", rows one cell short, "Reference Sample = …" lines. The CSV was refused:
  // its [Results] table was split on tabs only.
  it('StepOnePlus Results exported as CSV: comma table, a row one cell short, trailing key lines', async () => {
    const file = bytes('ok', 'steponeplus-results.csv');
    expect(detectQpcrFormat(file)).toBe('quantstudio-text');
    const v = ok(await parseQpcrExport(file));
    expect(v.metadata['Instrument Type']).toBe('steponeplus');
    expect(
      v.runs[0].reactions.map((x) => [x.well, x.task, x.cq, x.cqRaw, x.quantity, x.quantityRaw]),
    ).toEqual([
      ['A1', 'unknown', 24.512, '24.512', null, ''],
      ['A2', 'unknown', null, 'Undetermined', null, ''],
      ['B1', 'standard', 20.1, '20.1', 1000, '1,000.000'],
      ['H12', 'ntc', null, 'Undetermined', null, ''],
    ]);
    expect(v.runs[0].reactions[3].source).toBe('line 13');
  });

  it('the same CSV saved with ; and decimal commas (cells padded) reads the same numbers', async () => {
    const text = [
      '* Block Type = 96well;;;',
      '* Instrument Type = steponeplus;;;',
      '[Results];;;',
      'Well;Sample Name;Target Name;Task;Cт;Quantity',
      'A1;P1;ABCC1;UNKNOWN;24,512;',
      'B1;STD;ABCC1;STANDARD;20,1;1000,5',
    ].join('\n');
    const v = ok(await parseQpcrExport(Buffer.from(text)));
    expect(v.metadata['Instrument Type']).toBe('steponeplus');
    expect(v.runs[0].reactions.map((x) => [x.well, x.cq, x.cqRaw, x.quantity])).toEqual([
      ['A1', 24.512, '24,512', null],
      ['B1', 20.1, '20,1', 1000.5],
    ]);
  });

  it('a QuantStudio Results table with well numbers but no Well Position is refused per line', async () => {
    const text = bytes('ok', 'quantstudio-results.txt')
      .toString('utf8')
      .replace(/\tWell Position\tOmit/, '\tOmit')
      .replace(/^(\d+)\t[A-P]\d+\t(false|true)/gm, '$1\t$2');
    const r = await parseQpcrExport(Buffer.from(text));
    expect(r.ok ? [] : r.problems[0]).toMatchObject({
      where: 'line 13',
      field: 'well',
      message: '"1" is not a well name (A1…P24)',
    });
  });

  it('QuantStudio Design & Analysis Excel: the Results sheet under its metadata rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Results');
    ws.addRow(['Block Type', '384-Well Block']);
    ws.addRow(['Instrument Type', 'QuantStudio 7 Pro']);
    ws.addRow(['Chemistry', 'TAQMAN']);
    ws.addRow([]);
    ws.addRow([
      'Well',
      'Well Position',
      'Omit',
      'Sample',
      'Target',
      'Task',
      'Reporter',
      'Cq',
      'Quantity',
    ]);
    ws.addRow([1, 'A1', false, 'P1', 'ABCC1', 'UNKNOWN', 'FAM', 24.5]);
    ws.addRow([2, 'P24', false, 'NTC', 'ABCC1', 'NTC', 'FAM', 'Undetermined']);
    ws.addRow([3, 'B1', false, 'STD', 'ABCC1', 'STANDARD', 'FAM', 20.25, 1000]);
    wb.addWorksheet('Amplification Data').addRow(['Well', 'Cycle', 'Rn']);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(detectQpcrFormat(file)).toBe('quantstudio-xlsx');
    const v = ok(await parseQpcrExport(file));
    expect(v.metadata['Instrument Type']).toBe('QuantStudio 7 Pro');
    expect(v.runs[0].plateSize).toBe(384);
    expect(v.runs[0].reactions).toMatchObject([
      { well: 'A1', cq: 24.5, source: 'sheet "Results" row 6' },
      { well: 'P24', cq: null, task: 'ntc' },
      { well: 'B1', task: 'standard', quantity: 1000 },
    ]);
  });

  it('CFX Cq Results: Unkn-01/Std/NTC/NRT contents, NaN Cq, quoted note with a comma', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'cfx-cq-results.csv')));
    expect(v.format).toBe('cfx-csv');
    expect(v.runs[0].reactions.map((x) => [x.well, x.task, x.cq, x.quantity])).toEqual([
      ['A1', 'unknown', 24.512, null],
      ['A2', 'unknown', null, null],
      ['B1', 'standard', 20.1, 1000],
      ['C1', 'ntc', null, null],
      ['D1', 'no-rt', null, null],
    ]);
    expect(v.runs[0].reactions[0].cqRaw).toBe('24.5120000000');
  });

  it('RDML 1.1 bare XML: positions to wells, −1 and missing Cq undetermined, excl, standards, primers', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'rdml-1.1.xml')));
    expect(v.format).toBe('rdml');
    expect(v.metadata.rdmlVersion).toBe('1.1');
    const run = v.runs[0];
    expect(run).toMatchObject({ name: 'plate 1', plateSize: 96 });
    expect(run.reactions.map((x) => [x.well, x.target, x.task, x.cq, x.omitted])).toEqual([
      ['A1', 'ABCC1', 'unknown', 24.512, false],
      ['A2', 'ABCC1', 'unknown', null, false],
      ['A3', 'ABCC1', 'unknown', 25, true],
      ['B1', 'ABCC1', 'standard', 20.1, false],
      ['C1', 'ABCC1', 'ntc', null, false],
      ['H12', 'GAPDH', 'unknown', 18, false],
      ['H12', 'ABCC1', 'unknown', 24.6, false],
    ]);
    expect(run.reactions[1].cqRaw).toBe('-1');
    expect(run.reactions[3].quantity).toBe(1000);
    expect(v.targets.find((t) => t.name === 'ABCC1')).toMatchObject({
      type: 'target',
      amplificationFactor: 1.95,
      forwardPrimer: 'ACGT',
      reversePrimer: 'TGCA',
    });
    expect(v.targets.find((t) => t.name === 'GAPDH')?.type).toBe('reference');
  });

  // RDML 1.0 (shape from rdmlpython migrate_version_1_0_to_1_1) was refused as unsupported.
  it('RDML 1.0: pcrFormat in words, reactions named by well, dyeId as text', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'rdml-1.0.xml')));
    expect(v.metadata.rdmlVersion).toBe('1.0');
    expect(v.runs[0]).toMatchObject({ name: 'plate 1', plateSize: 96 });
    expect(
      v.runs[0].reactions.map((x) => [x.well, x.target, x.task, x.cq, x.cqRaw, x.quantity]),
    ).toEqual([
      ['A1', 'ABCC1', 'unknown', 24.512, '24.512', null],
      ['A2', 'ABCC1', 'unknown', null, '-1', null],
      ['B1', 'ABCC1', 'standard', 27.3, '27.30', 100],
      ['C1', 'ABCC1', 'ntc', null, '', null],
      ['H12', 'GAPDH', 'unknown', 18, '18.0', null],
    ]);
    expect(v.targets.map((t) => [t.name, t.type, t.dye])).toEqual([
      ['ABCC1', 'target', 'SYBR'],
      ['GAPDH', 'reference', 'SYBR'],
    ]);
  });

  it('RDML 1.4 zipped (rdml_data.xml inside a zip) reads the same', async () => {
    const xml = bytes('ok', 'rdml-1.1.xml')
      .toString('utf8')
      .replace('version="1.1"', 'version="1.4"');
    const zip = zipSync({ 'rdml_data.xml': new TextEncoder().encode(xml) });
    expect(detectQpcrFormat(zip)).toBe('rdml');
    const v = ok(await parseQpcrExport(zip));
    expect(v.metadata.rdmlVersion).toBe('1.4');
    expect(v.runs[0].reactions).toHaveLength(7);
  });

  it('a UTF-16 long CSV with a BOM is decoded from its bytes', async () => {
    const text = bytes('ok', 'long-no-cq-words.csv').toString('utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(ok(await parseQpcrExport(utf16)).runs[0].reactions).toHaveLength(10);
  });

  // Found by test/hostile-qpcr-imports.e2e-spec.ts: a spreadsheet that quotes every cell wrote
  // a header the format detection did not recognise, so the file was refused as unknown.
  it('a European CFX export (; between fields, decimal commas) reads the same Cq values, as written', async () => {
    const comma = ok(await parseQpcrExport(bytes('ok', 'cfx-cq-results-decimal-comma.csv')));
    const point = ok(await parseQpcrExport(bytes('ok', 'cfx-cq-results.csv')));
    expect(comma.format).toBe('cfx-csv');
    const read = (v: ParsedQpcrExport) =>
      v.runs[0].reactions.map((x) => [x.well, x.task, x.cq, x.quantity]);
    expect(read(comma)).toEqual(read(point));
    expect(comma.runs[0].reactions[0].cqRaw).toBe('24,5120000000');
  });

  it('a decimal-comma QuantStudio text export reads its Ct and quantities, the text kept as written', async () => {
    const v = ok(await parseQpcrExport(bytes('ok', 'quantstudio-results-decimal-comma.txt')));
    expect(
      v.runs[0].reactions.map((x) => [x.well, x.cq, x.cqRaw, x.quantity, x.quantityRaw]),
    ).toEqual([
      ['A1', 24.512, '24,512', null, ''],
      ['A2', null, 'Undetermined', null, ''],
      ['A3', 20.1, '20,100', 10000, '10000,000'],
      ['A4', null, 'Undetermined', null, ''],
    ]);
  });

  // Modelled on the Design & Analysis 2.7 export in GabPescador/qPCRAnalysis
  // (inst/extdata/Results_20240213_184604.csv): `# Key: Value` lines instead of `* Key = Value`,
  // no [Results] heading, Sample/Target/Cq columns, UNDETERMINED, comma-delimited. It was refused
  // as "none of the qPCR formats".
  it('a QuantStudio Design & Analysis 2 Results CSV (# header lines) reads its Cq as written', async () => {
    const file = bytes('ok', 'quantstudio-da2-results.csv');
    expect(detectQpcrFormat(file)).toBe('quantstudio-text');
    const v = ok(await parseQpcrExport(file));
    expect(v.metadata['Block Type']).toBe('384-Well Block');
    expect(v.metadata['Plugin Name and Version']).toBe(
      'Primary Analysis v1.8.0, Standard Curve v1.7.0',
    );
    expect(v.metadata['Instrument Type']).toBe('QuantStudio™ 7 Pro System');
    expect(v.runs[0].plateSize).toBe(384);
    expect(
      v.runs[0].reactions.map((x) => [
        x.well,
        x.sample,
        x.target,
        x.task,
        x.cq,
        x.cqRaw,
        x.omitted,
      ]),
    ).toEqual([
      ['A1', 'P1', 'ABCC1', 'unknown', 24.51234567, '24.51234567', false],
      ['A2', 'P1', 'ABCC1', 'unknown', 36.25, '36.25', false],
      ['A3', 'P1', 'ABCC1', 'unknown', null, 'UNDETERMINED', true],
      ['B1', 'NTC', 'ABCC1', 'ntc', null, 'UNDETERMINED', false],
      ['P24', 'P1', 'GAPDH', 'unknown', 18, '18.00', false],
    ]);
    expect(v.runs[0].reactions[0].source).toBe('line 10');
  });

  it('the Design & Analysis export as tab-delimited text reads decimal commas as written', async () => {
    const text = [
      '# File Name: x.eds',
      '# Block Type: 96-Well Block',
      'Well\tWell Position\tOmit\tSample\tTarget\tTask\tReporter\tAmp Status\tCq',
      '1\tA1\tFALSE\tP1\tABCC1\tUNKNOWN\tSYBR\tAMP\t24,512',
      '2\tA2\tFALSE\tP1\tABCC1\tUNKNOWN\tSYBR\tNO_AMP\tUNDETERMINED',
    ].join('\r\n');
    const v = ok(await parseQpcrExport(Buffer.from(text)));
    expect(v.runs[0].plateSize).toBe(96);
    expect(v.runs[0].reactions.map((x) => [x.well, x.cq, x.cqRaw])).toEqual([
      ['A1', 24.512, '24,512'],
      ['A2', null, 'UNDETERMINED'],
    ]);
  });

  it('a ; long CSV whose Cqs show a decimal comma reads its quantities with it too', async () => {
    const text =
      'well;sample;target;cq;task;quantity\nA1;S;ABCC1;24,5;standard;0,25\nA2;S;ABCC1;25;standard;12,5\n';
    expect(
      ok(await parseQpcrExport(Buffer.from(text))).runs[0].reactions.map((x) => [x.cq, x.quantity]),
    ).toEqual([
      [24.5, 0.25],
      [25, 12.5],
    ]);
  });

  it('a decimal comma is not guessed where the file does not show one', async () => {
    // Comma-delimited: "24,5" is two cells (refused by the cell count; see not-ok fixtures).
    // ;-delimited with whole-number Cqs only: "1,000" could be a thousand or one.
    const r = await parseQpcrExport(
      Buffer.from('well;sample;target;cq;task;quantity\nA1;S;ABCC1;24;standard;1,000\n'),
    );
    expect(r.ok ? [] : r.problems).toEqual([
      expect.objectContaining({
        where: 'line 2',
        field: 'quantity',
        message: expect.stringContaining('write the quantity with a decimal point'),
      }),
    ]);
    expect(readCqCell('24,5').ok).toBe(false);
    expect(readCqCell('24,5', false, true)).toEqual({
      ok: true,
      cq: 24.5,
      status: 'determined',
      raw: '24,5',
    });
  });

  it('a long CSV or CFX file whose header cells are quoted is recognised and read', async () => {
    const long = '"well";"sample";"target";"cq"\n"A1";"P1";"ABCC1";"24.512"\n';
    expect(detectQpcrFormat(Buffer.from(long))).toBe('long-csv');
    expect(ok(await parseQpcrExport(Buffer.from(long))).runs[0].reactions[0]).toMatchObject({
      well: 'A1',
      cq: 24.512,
      cqRaw: '24.512',
    });
    const cfx = bytes('ok', 'cfx-cq-results.csv').toString('utf8').split(/\r?\n/);
    cfx[0] = cfx[0]
      .split(',')
      .map((c) => `"${c}"`)
      .join(',');
    expect(detectQpcrFormat(Buffer.from(cfx.join('\n')))).toBe('cfx-csv');
  });
});

describe('not-ok fixtures', () => {
  const cases: [string, string, string][] = [
    ['long-decimal-comma.csv', 'line 2', 'the row has 5 cells, the header 4'],
    ['long-bad-cq.csv', 'line 3', 'Cq "low" is neither a number'],
    ['long-unknown-task.csv', 'line 2', 'task "calibrator" is not one of'],
    ['long-missing-column.csv', 'line 1', 'the header lacks target'],
    ['long-duplicate-well.csv', 'line 3', 'well A1 appears twice'],
    ['long-standard-without-quantity.csv', 'line 2', 'a standard needs its quantity'],
    ['long-bad-well.csv', 'line 2', '"Z99" is not a well name'],
    ['cfx-short-row.csv', 'line 3', 'the row has 8 cells, the header 16'],
    ['quantstudio-no-results.txt', 'file', 'the Results table is empty'],
    ['steponeplus-decimal-comma.csv', 'line 8', 'the row has 11 cells, the header 10'],
    [
      'quantstudio-da2-stray-comma.csv',
      'line 6',
      'the row has 26 cells, the header 25; fix the row',
    ],
    ['rdml-bad-version.xml', 'file', 'RDML version "2.0" is not supported'],
    ['rdml-1.3-dpcr-partitions.xml', 'file', 'holds digital PCR partitions, no qPCR reaction'],
    [
      'rdml-curves-without-cq.xml',
      'run "raw"',
      'holds amplification curves but no reaction states a Cq',
    ],
    ['rdml-1.0-rotor.xml', 'run "rotor 1"', 'pcrFormat "72-well rotor; 1-72" names tube positions'],
    ['rdml-1.2-rotor.xml', 'run "plate 1"', 'rowLabel "123" (72 × 1) names tube positions'],
    ['rdml-undeclared-sample.xml', 'reaction 1 of run "r"', 'sample "P2" is not declared'],
    ['rdml-malformed.xml', 'XML line 3', 'the XML is malformed: <sample> opened on line 2 is not'],
    ['rdml-doctype.xml', 'file', 'DOCTYPE'],
    ['rdml-position-off-plate.xml', 'reaction 97 of run "r"', 'no position on the 8×12 plate'],
  ];
  it.each(cases)('%s is refused at %s: %s', async (name, where, says) => {
    // A header without its columns is recognised by nothing: the format is named.
    const format = name.startsWith('long-missing') ? 'long-csv' : undefined;
    const r = await parseQpcrExport(bytes('not-ok', name), format);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].where).toContain(where);
    expect(r.problems[0].message).toContain(says);
  });

  it('the bad-Cq file names every bad row, not only the first', async () => {
    const r = await parseQpcrExport(bytes('not-ok', 'long-bad-cq.csv'));
    expect(r.ok ? [] : r.problems.map((p) => p.where)).toEqual(['line 3', 'line 4']);
  });

  it.each([undefined, 'long-csv', 'cfx-csv', 'quantstudio-text'] as const)(
    'an empty file (format %s) is refused saying what to send instead',
    async (format) => {
      for (const text of ['', ' \r\n\t\n', '\ufeff\n']) {
        const r = await parseQpcrExport(Buffer.from(text), format);
        expect(r.ok ? '' : r.problems[0].message).toMatch(/empty: export .* again/);
      }
    },
  );

  it('a QuantStudio export whose Results section holds no row says to export it again', async () => {
    const r = await parseQpcrExport(Buffer.from('* Block Type = 96-Well Block\n[Results]\n'));
    expect(r.ok ? '' : r.problems[0].message).toContain('export again with the Results included');
  });

  it('a file of no known kind is refused with the formats listed', async () => {
    const r = await parseQpcrExport(Buffer.from('hello,world\n1,2\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toContain('rdml, quantstudio-text');
  });
});
