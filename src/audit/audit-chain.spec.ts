import { createHash } from 'node:crypto';
import { ChainedFields, chainHash, chainPrefix, GENESIS_HASH, verifyChain } from './audit-chain';

function event(seq: number, overrides: Partial<ChainedFields> = {}): ChainedFields {
  return {
    seq,
    occurredAt: `2026-11-23T08:00:0${seq}.000Z`,
    actorId: 'u1',
    actorName: 'Ada',
    action: 'update',
    entity: 'user',
    entityId: 'x',
    before: '{"a":1}',
    after: '{"a":2}',
    reason: null,
    ...overrides,
  };
}

function chain(n: number): (ChainedFields & { prevHash: string; hash: string })[] {
  const out: (ChainedFields & { prevHash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = event(i);
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('chainPrefix + seq + "}" is the canonical event a database hashes once it knows the seq', () => {
    for (const e of [
      event(7),
      event(123456, { actorId: null, before: null, reason: 'why "not" µ' }),
    ]) {
      const { seq, ...rest } = e;
      const prev = createHash('sha256').update(String(seq)).digest('hex');
      const viaPrefix = createHash('sha256')
        .update(prev + chainPrefix(rest) + String(seq) + '}')
        .digest('hex');
      expect(viaPrefix).toBe(chainHash(prev, e));
    }
  });

  it('is sha256(previous hash + canonical event), keys sorted', () => {
    const e = event(1);
    const canonical =
      '{"action":"update","actorId":"u1","actorName":"Ada","after":"{\\"a\\":2}","before":"{\\"a\\":1}",' +
      '"entity":"user","entityId":"x","occurredAt":"2026-11-23T08:00:01.000Z","reason":null,"seq":1}';
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonical)
      .digest('hex');
    expect(chainHash(GENESIS_HASH, e)).toBe(expected);
  });

  it('verifies an intact chain and resumes from a cursor', () => {
    const c = chain(5);
    const whole = verifyChain(c);
    expect(whole).toMatchObject({ ok: true, events: 5, firstBrokenId: null });
    const first = verifyChain(c.slice(0, 2));
    expect(verifyChain(c.slice(2), first.cursor)).toMatchObject({ ok: true, events: 3 });
  });

  it('names the first edited, missing or relinked event', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], actorName: 'Mallory' };
    expect(verifyChain(edited)).toMatchObject({ ok: false, firstBrokenId: 3 });

    const missing = chain(5).filter((e) => e.seq !== 4);
    expect(verifyChain(missing)).toMatchObject({ ok: false, firstBrokenId: 5 });

    // Recomputing one hash after an edit is not enough: the next link breaks.
    const rehashed = chain(5);
    rehashed[1] = { ...rehashed[1], reason: 'forged' };
    rehashed[1].hash = chainHash(rehashed[1].prevHash, rehashed[1]);
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, firstBrokenId: 3 });
  });
});
