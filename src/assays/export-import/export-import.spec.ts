import { createHash } from 'node:crypto';
import { DomainError } from '../../common/errors/domain.error';
import {
  exportContentHash,
  exportDoesNotFit,
  exportUnreadable,
  listedNames,
  nothingWritten,
} from './export-import';

describe('export import plumbing', () => {
  it('hashes the bytes as sent: another encoding of the same text is other content', () => {
    const utf8 = Buffer.from('Sample,Cq\nµ1,28.5\n', 'utf8');
    const latin1 = Buffer.from('Sample,Cq\nµ1,28.5\n', 'latin1');
    expect(exportContentHash(utf8)).toBe(createHash('sha256').update(utf8).digest('hex'));
    expect(exportContentHash(utf8)).toMatch(/^[0-9a-f]{64}$/);
    expect(exportContentHash(latin1)).not.toBe(exportContentHash(utf8));
  });

  it('lists 30 names, then how many more', () => {
    const names = Array.from({ length: 32 }, (_, i) => `n${i + 1}`);
    expect(listedNames(names.slice(0, 30))).toBe(names.slice(0, 30).join(', '));
    expect(listedNames(names)).toBe(`${names.slice(0, 30).join(', ')} and 2 more`);
    expect(listedNames([])).toBe('');
  });

  it('refuses an unreadable file with every problem, saying how it was read', () => {
    const one = exportUnreadable([{ code: 'UNREADABLE', message: 'line 3: bad', line: 3 }]);
    expect(one).toBeInstanceOf(DomainError);
    expect(one.code).toBe('IMPORT_REJECTED');
    expect(one.message).toBe('the file was rejected (1 problem); nothing was stored');
    expect(one.errors).toEqual([{ code: 'UNREADABLE', message: 'line 3: bad', line: 3 }]);
    const two = exportUnreadable(
      [
        { code: 'A', message: 'a' },
        { code: 'B', message: 'b' },
      ],
      'rdml',
    );
    expect(two.message).toBe(
      'the file was rejected (2 problems, read as rdml); nothing was stored',
    );
  });

  it('refuses a file that does not fit its target, counting every problem and listing 200', () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ code: 'P', message: `p${i}` }));
    const e = exportDoesNotFit('batch B1', items);
    expect(e.code).toBe('IMPORT_REJECTED');
    expect(e.message).toBe('the file does not fit batch B1 (250 problems); nothing was stored');
    expect(e.errors).toEqual(items.slice(0, 200));
  });

  it('answers a duplicate or a dry run as not created', () => {
    expect(nothingWritten({ outcome: 'dry-run' })).toEqual({
      created: false,
      report: { outcome: 'dry-run' },
    });
  });
});
