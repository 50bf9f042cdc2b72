/**
 * The audit hash is defined once (src/audit/audit-chain.ts) and computed in two places: in
 * Node (chainHash: SQLite, and PostgreSQL outside a transaction) and by PostgreSQL itself
 * (chainHashSql, inside a transaction). On each engine, events appended by every path, with
 * awkward text, chain and verify as chainHash computes them.
 */
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { AuditEventsRepository } from '../../src/audit/audit-events.repository';
import { AuditService } from '../../src/audit/audit.service';
import { chainHash, GENESIS_HASH, verifyChain } from '../../src/audit/audit-chain';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { createMediumContext, type MediumContext } from './support/medium-context';

const AWKWARD = `it's "quoted" \\ back\\slash, 6-TG 10 µM, Z′ < 0.5,\nnew line, 😀, $1 ? %s`;

function event(i: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return Object.assign(new AuditEvent(), {
    occurredAt: new Date(Date.UTC(2026, 11, 6, 8, 0, i)).toISOString(),
    actorId: i % 2 ? null : '00000000-0000-4000-8000-000000000001',
    actorName: i % 2 ? 'system:medium' : AWKWARD,
    action: 'probe',
    entity: 'probe',
    entityId: `parity-${i}`,
    before: i % 3 ? null : JSON.stringify({ text: AWKWARD, n: i }),
    after: JSON.stringify({ list: [AWKWARD, null, 1.5e-7], i }),
    reason: i % 2 ? AWKWARD : null,
    ...overrides,
  });
}

describe(`audit chain parity (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  beforeAll(async () => {
    ctx = await createMediumContext();
  });
  afterAll(() => ctx.close());

  it('stores the hash chainHash computes, whichever path appends', async () => {
    const repo = ctx.get(AuditEventsRepository);
    const uow = ctx.get(UnitOfWork);
    // Outside a unit of work (as start-up work appends).
    await ctx.dataSource.transaction((m) => repo.append(m, [event(1)]));
    // Inside a unit of work: on PostgreSQL the server hashes (chainHashSql).
    await uow.run((m) => repo.append(m, [event(2), event(3), event(4)]));
    await uow.run((m) => repo.append(m, [event(5)]));

    const rows = await ctx.dataSource.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
    const probes = rows.filter((r) => r.entity === 'probe');
    expect(probes.map((r) => r.entityId)).toEqual([1, 2, 3, 4, 5].map((i) => `parity-${i}`));
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prevHash).toBe(prev);
      expect(r.hash).toBe(chainHash(prev, { ...r, seq: Number(r.seq) }));
      prev = r.hash;
    }
    expect(verifyChain(rows.map((r) => ({ ...r, seq: Number(r.seq) }))).ok).toBe(true);
    expect(probes.find((r) => r.entityId === 'parity-2')?.actorName).toBe(AWKWARD);
  });

  it('AuditService.record chains with the other events and the trail verifies', async () => {
    const audit = ctx.get(AuditService);
    await ctx.get(UnitOfWork).run(async (m) => {
      await audit.record(m, {
        actor: { system: 'medium' },
        action: 'probe',
        entity: 'probe' as never,
        id: 'via-service',
        after: { text: AWKWARD },
        reason: AWKWARD,
      });
    });
    const verdict = await audit.verify();
    expect(verdict.ok).toBe(true);
    expect(verdict.firstBrokenId).toBeNull();
  });

  it("reads the anchor's head and the hash at a seq as the trail holds them", async () => {
    const repo = ctx.get(AuditEventsRepository);
    const m = ctx.dataSource.manager;
    const trail = () => ctx.dataSource.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
    const before = await trail();
    const last = before[before.length - 1];
    expect(await repo.head(m)).toEqual({ seq: Number(last.seq), hash: last.hash });

    await ctx.get(UnitOfWork).run((tx) => repo.append(tx, [event(6), event(7)]));
    const after = await trail();
    const newest = after[after.length - 1];
    expect(newest.entityId).toBe('parity-7');
    const head = await repo.head(m);
    expect(head).toEqual({ seq: Number(newest.seq), hash: newest.hash });
    expect(typeof head?.seq).toBe('number');

    for (const r of after) expect(await repo.hashAt(m, Number(r.seq))).toBe(r.hash);
    expect(await repo.hashAt(m, Number(newest.seq) + 1)).toBeNull();
    expect(await repo.hashAt(m, 0)).toBeNull();
  });
});
