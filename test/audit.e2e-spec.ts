import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

describe('audit trail: recorded with every change, append-only, hash-chained', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records who changed what, before and after, with a reason', async () => {
    const user = await createUserWithKey(t, 'cleo', ['scientist']);
    await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin())
      .send({ roles: ['scientist', 'manager'] })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/users/${user.id}/deactivate`)
      .set(admin())
      .send({ reason: 'moved to another institute' })
      .expect(200);

    const res = await t
      .http()
      .get('/api/v1/audit')
      .query({ entity: 'user', entityId: user.id })
      .set(admin())
      .expect(200);
    expect(res.body.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'update',
      'deactivate',
    ]);
    const [created, updated, deactivated] = res.body;
    expect(created).toMatchObject({
      actorName: 'Administrator',
      before: null,
      after: { username: 'cleo', roles: ['scientist'] },
    });
    expect(created.after.passwordHash).toBeUndefined();
    expect(updated).toMatchObject({
      before: { roles: ['scientist'] },
      after: { roles: ['scientist', 'manager'] },
    });
    expect(deactivated).toMatchObject({
      reason: 'moved to another institute',
      after: { active: false },
    });
    expect(new Date(created.occurredAt).toISOString()).toBe(created.occurredAt);
    const all = (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin())).body;
    expect(updated.prevHash).toBe(all.find((e: { seq: number }) => e.seq === updated.seq - 1).hash);
  });

  it('does not record a change that failed: the audit entry rolls back with it', async () => {
    const before = (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin())).body
      .length;
    await t
      .http()
      .post('/api/v1/users')
      .set(admin())
      .send({ username: 'cleo', displayName: 'dup', roles: ['scientist'] })
      .expect(409);
    const after = (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin())).body
      .length;
    expect(after).toBe(before);
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post('/api/v1/users')
          .set(admin())
          .send({ username: `par${i}`, displayName: `P ${i}`, roles: ['scientist'] })
          .expect(201),
      ),
    );
    const verdict = await t.http().get('/api/v1/audit/verify').set(admin()).expect(200);
    expect(verdict.body).toMatchObject({ ok: true, firstBrokenId: null });
    const all = (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin())).body;
    expect(verdict.body.events).toBe(all.length);
    expect(all.map((e: { seq: number }) => e.seq)).toEqual(
      all.map((_: unknown, i: number) => i + 1),
    );
  });

  it('refuses UPDATE and DELETE at the database, whatever the client', async () => {
    await expect(
      t.dataSource.query(`UPDATE audit_events SET reason = 'edited' WHERE seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(
      /append-only/,
    );
    if (t.engine === 'postgres') {
      await expect(t.dataSource.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    }
  });

  it('detects a row edited behind the API', async () => {
    const events = (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin())).body;
    const victim = events[2].seq;
    // A DBA with raw access lifts the guard, edits history and puts the guard back.
    if (t.engine === 'postgres') {
      await t.dataSource.query(
        'ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete',
      );
      await t.dataSource.query(`UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = $1`, [
        victim,
      ]);
      await t.dataSource.query(
        'ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete',
      );
    } else {
      await t.dataSource.query('DROP TRIGGER audit_events_no_update');
      await t.dataSource.query(`UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = ?`, [
        victim,
      ]);
    }
    const verdict = await t.http().get('/api/v1/audit/verify').set(admin()).expect(200);
    expect(verdict.body).toMatchObject({ ok: false, firstBrokenId: victim });
    expect(verdict.body.reason).toMatch(/hash/);
  });

  it('is readable by managers and admins only', async () => {
    const sci = await createUserWithKey(t, 'dora', ['scientist']);
    await t
      .http()
      .get('/api/v1/audit')
      .set({ Authorization: `Bearer ${sci.key}` })
      .expect(403);
  });
});
