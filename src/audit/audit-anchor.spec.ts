import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  checkpointSigned,
  makeCheckpoint,
  parseCheckpoint,
  readLastAnchorLine,
} from './audit-anchor';
import { defaultAnchorFile } from './audit-anchor.service';

const head = { seq: 42, hash: 'a'.repeat(64) };
const KEY = 'k'.repeat(32);

describe('audit anchor checkpoints', () => {
  it('are signed with the key and refuse any change or another key', () => {
    const c = makeCheckpoint(head, new Date('2026-12-06T10:00:00Z'), KEY);
    expect(c).toMatchObject({ seq: 42, hash: head.hash, at: '2026-12-06T10:00:00.000Z' });
    expect(checkpointSigned(c, KEY)).toBe(true);
    expect(checkpointSigned({ ...c, seq: 41 }, KEY)).toBe(false);
    expect(checkpointSigned({ ...c, hash: 'b'.repeat(64) }, KEY)).toBe(false);
    expect(checkpointSigned(c, 'x'.repeat(32))).toBe(false);
    expect(checkpointSigned(makeCheckpoint(head, new Date(), null), KEY)).toBe(false);
  });

  it('parse only well-formed lines', () => {
    const c = makeCheckpoint(head, new Date(), KEY);
    expect(parseCheckpoint(JSON.stringify(c))).toEqual(c);
    for (const bad of [
      '',
      'x',
      '{}',
      '{"seq":0,"hash":"' + 'a'.repeat(64) + '","at":"2026-01-01"}',
      '{"seq":1,"hash":"zz","at":"2026-01-01"}',
    ]) {
      expect(parseCheckpoint(bad)).toBeNull();
    }
  });

  it('read the last line of a long file from its tail only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchor-spec-'));
    try {
      const file = join(dir, 'a.jsonl');
      expect(readLastAnchorLine(file)).toBeNull();
      const lines = Array.from({ length: 5000 }, (_, i) =>
        JSON.stringify(makeCheckpoint({ seq: i + 1, hash: head.hash }, new Date(), null)),
      );
      writeFileSync(file, lines.join('\n') + '\n\n');
      expect(parseCheckpoint(readLastAnchorLine(file)!)?.seq).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('live beside the SQLite file, or per PostgreSQL database under data/', () => {
    expect(defaultAnchorFile({ SQLITE_PATH: '/var/lib/thiolab/lab.sqlite' })).toBe(
      '/var/lib/thiolab/lab.audit-anchor.jsonl',
    );
    expect(defaultAnchorFile({ SQLITE_PATH: ':memory:' })).toBeNull();
    expect(
      defaultAnchorFile({ SQLITE_PATH: 'x', DATABASE_URL: 'postgres://u:p@db:5432/thiolab' }),
    ).toBe(resolve('data/audit-anchor.thiolab.jsonl'));
  });
});
