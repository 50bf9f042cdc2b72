import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 4096);
let poolOffset = pool.length;
let lastMs = 0;
let counter = 0;
// The id's text is written into this buffer (dashes in place) and read out as one flat string:
// concatenating 20 pieces built a rope of short strings per id, flattened again wherever the id
// was used (docs/performance.md, "Time-ordered ids").
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where byte i of the UUID is written in its text (two hex digits from there). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * A UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then a 12-bit counter that
 * increases within a millisecond (§6.2 method 1), then 62 random bits. Ids made one after the
 * other sort one after the other, so rows append to the end of the primary-key B-tree instead
 * of dirtying a random page per row: on SQLite that keeps each commit's WAL small and
 * checkpoints rare (docs/performance.md). Same text format as the v4 ids elsewhere.
 */
export function timeOrderedId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const o = poolOffset;
  poolOffset += 16;
  // 48-bit timestamp, big-endian; version 7 with the counter's high bits; variant 10.
  pool[o] = Math.floor(ms / 2 ** 40) & 0xff;
  pool[o + 1] = Math.floor(ms / 2 ** 32) & 0xff;
  pool[o + 2] = (ms >>> 24) & 0xff;
  pool[o + 3] = (ms >>> 16) & 0xff;
  pool[o + 4] = (ms >>> 8) & 0xff;
  pool[o + 5] = ms & 0xff;
  pool[o + 6] = 0x70 | (counter >>> 8);
  pool[o + 7] = counter & 0xff;
  pool[o + 8] = (pool[o + 8] & 0x3f) | 0x80;
  for (let k = 0; k < 16; k++) {
    const v = pool[o + k];
    text[AT[k]] = HEX_DIGITS[v >>> 4];
    text[AT[k] + 1] = HEX_DIGITS[v & 15];
  }
  return text.toString('latin1', 0, 36);
}
