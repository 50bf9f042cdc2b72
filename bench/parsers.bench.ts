// npm run bench:parsers — time of each plate-reader parser on the 384-well fixtures, and a
// scaling check (time per row must stay flat as files grow). Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlateReading } from '../src/imports/plate-readers';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'plate-readers');

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

const files = [
  'softmax/ok/endpoint-384-570-650.txt',
  'gen5/ok/per-read-blocks-384-570-650.txt',
  'long/ok/value-wavelength-384.csv',
  'grid/ok/single-block-384-570.csv',
];
console.log('parser (384 wells)                          ms/file   files/s');
for (const path of files) {
  const text = readFileSync(join(FIXTURES, path), 'utf8');
  const result = parsePlateReading(text);
  if (!result.ok) throw new Error(`${path} did not parse: ${JSON.stringify(result.problems[0])}`);
  const ms = bestMeanMs(() => parsePlateReading(text));
  console.log(
    `${path.padEnd(42)} ${ms.toFixed(3).padStart(8)} ${Math.round(1000 / ms)
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
  const ms = bestMeanMs(() => parsePlateReading(text, { format: 'long', plateSize: 384 }), 20, 5);
  const rows = lines.length - 1;
  console.log(
    `${String(rows).padStart(14)} ${ms.toFixed(3).padStart(9)} ${((ms * 1000) / rows).toFixed(3).padStart(8)}`,
  );
}
