// npm run bench:parsers — time of each plate-reader parser on a fixture of each vendor shape
// (bytes in: decoding, detection and parsing, as an upload is read), in ms a file and MB/s, then
// MB/s per parser over all its files, and a scaling check (time per row must stay flat as files
// grow). The real exports of ../shared/fixtures/real-exports/plates are timed too when that
// folder is present. Prints figures; asserts nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlateExport, parsePlateReading, parsePlateText } from '../src/imports/plate-readers';
import { fixturePath, sharedFixturesPresent } from '../test/support/shared-fixtures';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'plate-readers');
const REAL = fixturePath('real-exports', 'plates');

/** Best mean time over short batches, in ms: the minimum filters out a busy machine's noise. */
function bestMeanMs(fn: () => unknown, batches = 40, perBatch = 20): number {
  for (let i = 0; i < 100; i++) fn();
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / perBatch);
  }
  return best;
}

async function bestMeanMsAsync(
  fn: () => Promise<unknown>,
  batches = 10,
  perBatch = 5,
): Promise<number> {
  for (let i = 0; i < 10; i++) await fn();
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / perBatch);
  }
  return best;
}

/** One fixture per vendor shape (and the 384-well ones of the original four parsers). */
const files = [
  'grid/ok/single-block-384-570.csv',
  'long/ok/value-wavelength-384.csv',
  'gen5/ok/per-read-blocks-384-570-650.txt',
  'gen5/ok/multi-read-abs-fluor-96.txt',
  'gen5/ok/three-plates-utf16le.txt',
  'softmax/ok/endpoint-384-570-650.txt',
  'softmax/ok/two-plates-time-format-96-450.txt',
  'bmg-mars/ok/fluorescence-485-520-384.csv',
  'envision/ok/two-plates-abs-lum-96.csv',
  'kaleido/ok/absorbance-fluorescence-96.csv',
  'skanit/ok/endpoint-340-96.txt',
  'skanit/ok/absorbance-fluorescence-96.xlsx',
  'magellan/ok/od-570-96.xlsx',
  'spark/ok/abs-list-fluor-plate-96.csv',
  'spark/ok/luminescence-plate-96.xlsx',
];

/** The real exports that import (the refused ones are kinetic reads), by name. */
function realExports(): string[] {
  if (!sharedFixturesPresent || !existsSync(REAL)) return [];
  return readdirSync(REAL)
    .filter((f) => !f.startsWith('.') && !f.endsWith('.md'))
    .sort();
}

void (async () => {
  console.log(
    'parser / fixture (bytes in)                                                             KB    ms/file     MB/s   values',
  );
  // Per parser: bytes and milliseconds summed over its files.
  const byParser = new Map<string, { bytes: number; ms: number; files: number }>();
  const inputs = [
    ...files.map((f) => ({ label: f, path: join(FIXTURES, f) })),
    ...realExports().map((f) => ({ label: `real/${f}`, path: join(REAL, f) })),
  ];
  for (const { label, path } of inputs) {
    const bytes = readFileSync(path);
    const first = await parsePlateExport(bytes, { filename: label });
    if (!first.ok) {
      if (label.startsWith('real/')) continue; // a kinetic read, refused as it should be
      throw new Error(`${label} did not parse: ${JSON.stringify(first.problems[0])}`);
    }
    const values = first.file.plates.reduce((n, p) => n + p.values.length, 0);
    const ms = label.endsWith('.xlsx')
      ? await bestMeanMsAsync(() => parsePlateExport(bytes, { filename: label }))
      : await bestMeanMsAsync(() => parsePlateExport(bytes, { filename: label }), 40, 20);
    const mbPerS = bytes.length / 1e6 / (ms / 1000);
    const total = byParser.get(first.file.format) ?? { bytes: 0, ms: 0, files: 0 };
    byParser.set(first.file.format, {
      bytes: total.bytes + bytes.length,
      ms: total.ms + ms,
      files: total.files + 1,
    });
    console.log(
      `${`${first.file.format.padEnd(9)} ${label}`.padEnd(86)} ${(bytes.length / 1024).toFixed(1).padStart(6)} ${ms.toFixed(3).padStart(9)} ${mbPerS.toFixed(1).padStart(8)} ${String(values).padStart(8)}`,
    );
  }

  console.log('\nparser      files      KB    MB/s (all its files, bytes in)');
  for (const [format, t] of [...byParser].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(
      `${format.padEnd(10)} ${String(t.files).padStart(6)} ${(t.bytes / 1024).toFixed(1).padStart(7)} ${(t.bytes / 1e6 / (t.ms / 1000)).toFixed(1).padStart(7)}`,
    );
  }

  // The path a text/csv feed takes today (text in, one absorbance plate out).
  console.log('\none-plate import path (text in)                       ms/file   files/s');
  for (const path of files
    .slice(0, 6)
    .filter((p) => !p.includes('multi') && !p.includes('three'))) {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    const ms = bestMeanMs(() => parsePlateReading(text));
    console.log(
      `${path.padEnd(52)} ${ms.toFixed(3).padStart(9)} ${Math.round(1000 / ms)
        .toString()
        .padStart(9)}`,
    );
  }

  // Long tables of growing length: rows × wavelengths; time per row should not grow.
  console.log('\nlong table rows   ms/file   µs/row');
  for (const wavelengths of [1, 4, 16]) {
    const lines = ['well,value,wavelength'];
    for (let w = 0; w < wavelengths; w++) {
      for (let r = 0; r < 16; r++) {
        for (let c = 1; c <= 24; c++)
          lines.push(
            `${String.fromCharCode(65 + r)}${c},${(0.1 + ((r * c) % 17) / 10).toFixed(4)},${400 + w * 10}`,
          );
      }
    }
    const text = lines.join('\n');
    const ms = bestMeanMs(() => parsePlateText(text, { format: 'long', plateSize: 384 }), 20, 5);
    const rows = lines.length - 1;
    console.log(
      `${String(rows).padStart(14)} ${ms.toFixed(3).padStart(9)} ${((ms * 1000) / rows).toFixed(3).padStart(8)}`,
    );
  }
})();
