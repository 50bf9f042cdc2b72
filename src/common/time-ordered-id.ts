import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 4096);
let poolOffset = pool.length;
let lastMs = 0;
let counter = 0;
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

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
  const b = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  // 48-bit timestamp, big-endian.
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | (counter >>> 8); // version 7, counter high bits
  b[7] = counter & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  return (
    HEX[b[0]] +
    HEX[b[1]] +
    HEX[b[2]] +
    HEX[b[3]] +
    '-' +
    HEX[b[4]] +
    HEX[b[5]] +
    '-' +
    HEX[b[6]] +
    HEX[b[7]] +
    '-' +
    HEX[b[8]] +
    HEX[b[9]] +
    '-' +
    HEX[b[10]] +
    HEX[b[11]] +
    HEX[b[12]] +
    HEX[b[13]] +
    HEX[b[14]] +
    HEX[b[15]]
  );
}
