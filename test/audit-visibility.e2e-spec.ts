import { AuditService } from '../src/audit/audit.service';
import { approvedVersionId } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type User = { id: string; key: string };
type AuditRow = {
  seq: number;
  entity: string;
  entityId: string;
  action: string;
  [k: string]: unknown;
};

describe('audit reads apply the visibility rules of the records they describe', () => {
  let t: TestApp;
  let alice: User; // scientist, author of a private draft
  let mona: User; // manager
  const as = (u: User | string) => ({
    Authorization: `Bearer ${typeof u === 'string' ? u : u.key}`,
  });
  const audit = async (u: User | string, query: Record<string, string | number>) =>
    (await t.http().get('/api/v1/audit').query(query).set(as(u)).expect(200)).body as AuditRow[];

  let mttProtocolId: string;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUserWithKey(t, 'alice', ['scientist']);
    mona = await createUserWithKey(t, 'mona', ['manager']);
    const versionId = await approvedVersionId(t, 'mtt-viability', alice.key);
    mttProtocolId = (
      await t.http().get(`/api/v1/protocol-versions/${versionId}`).set(as(alice)).expect(200)
    ).body.protocolId;
    draftId = (
      await t
        .http()
        .post(`/api/v1/protocols/${mttProtocolId}/versions`)
        .set(as(alice))
        .send({})
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it("hides a private draft's events from a manager who gets 404 on the draft", async () => {
    await t.http().get(`/api/v1/protocol-versions/${draftId}`).set(as(mona)).expect(404);
    expect(await audit(mona, { entity: 'protocol_version', entityId: draftId })).toEqual([]);
    const everything = await audit(mona, { limit: 1000 });
    expect(everything.filter((e) => e.entityId === draftId)).toEqual([]);
    expect(JSON.stringify(everything)).not.toContain(draftId);
    // The admin, who may read drafts, sees its history; so will the reviewer once it is submitted.
    const adminView = await audit(t.adminKey, { entity: 'protocol_version', entityId: draftId });
    expect(adminView.map((e) => e.action)).toEqual(['create']);
    expect(adminView[0].after).toMatchObject({ status: 'draft' });
    await t
      .http()
      .post(`/api/v1/protocol-versions/${draftId}/submit`)
      .set(as(alice))
      .send({})
      .expect(200);
    const reviewerView = await audit(mona, { entity: 'protocol_version', entityId: draftId });
    expect(reviewerView.map((e) => e.action)).toEqual(['create', 'submit']);
  });

  it('hides a protocol whose only version is a private draft', async () => {
    const definition = (
      await t.http().get(`/api/v1/protocol-versions/${draftId}`).set(as(alice)).expect(200)
    ).body.definition;
    const created = await t
      .http()
      .post('/api/v1/protocols')
      .set(as(alice))
      .send({ ...definition, key: 'alice-secret-assay', version: 1, title: 'Secret assay' })
      .expect(201);
    await t.http().get(`/api/v1/protocols/${created.body.id}`).set(as(mona)).expect(404);
    expect(await audit(mona, { entity: 'protocol', entityId: created.body.id })).toEqual([]);
    expect(JSON.stringify(await audit(mona, { limit: 1000 }))).not.toContain('alice-secret-assay');
    expect(await audit(t.adminKey, { entity: 'protocol', entityId: created.body.id })).toHaveLength(
      1,
    );
  });

  it("hides another member's API key events from a manager, as GET /api-keys/:id does", async () => {
    const keys = (
      await t
        .http()
        .get('/api/v1/api-keys')
        .query({ userId: alice.id })
        .set(as(t.adminKey))
        .expect(200)
    ).body.items as { id: string }[];
    await t.http().get(`/api/v1/api-keys/${keys[0].id}`).set(as(mona)).expect(404);
    expect(await audit(mona, { entity: 'api_key', entityId: keys[0].id })).toEqual([]);
    expect(await audit(t.adminKey, { entity: 'api_key', entityId: keys[0].id })).not.toEqual([]);
    const own = (await t.http().get('/api/v1/api-keys').set(as(mona)).expect(200)).body.items as {
      id: string;
    }[];
    expect(await audit(mona, { entity: 'api_key', entityId: own[0].id })).not.toEqual([]);
  });

  it('fills a page past hidden events, so paging by afterSeq reaches the end', async () => {
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post(`/api/v1/protocols/${mttProtocolId}/versions`)
        .set(as(alice))
        .send({})
        .expect(201);
    }
    await createUserWithKey(t, 'late', ['scientist']); // visible events after the hidden ones
    const all = await audit(mona, { limit: 1000 });
    const paged: AuditRow[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await audit(mona, { limit: 2, afterSeq });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      paged.push(...page);
      afterSeq = page[page.length - 1].seq;
    }
    expect(paged.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect(
      paged.some(
        (e) => e.entity === 'user' && (e.after as { username?: string })?.username === 'late',
      ),
    ).toBe(true);
  });

  describe('donors: the privacy rules apply to what the audit trail shows', () => {
    let donorId: string;

    beforeAll(async () => {
      donorId = (
        await t
          .http()
          .post('/api/v1/materials/donors')
          .set(as(alice))
          .send({
            code: 'RA-D901',
            condition: 'RA',
            responderStatus: 'non-responder',
            samplingTimepoint: 'pre-azathioprine',
            consentReference: 'ETH-2023-114/C07',
          })
          .expect(201)
      ).body.id;
    });

    it('refuses personal data in a donor custody note (it would reach the audit trail)', async () => {
      const res = await t
        .http()
        .post(`/api/v1/materials/${donorId}/custody-events`)
        .set(as(alice))
        .send({ type: 'moved', toLocation: 'Clinic fridge 2', notes: 'call jane.doe@example.org' })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'PERSONAL_DATA_NOT_ALLOWED' });
      expect(res.body.errors[0]).toMatchObject({ field: 'notes', code: 'EMAIL_NOT_ALLOWED' });
    });

    it('withholds personal data that an older event holds', async () => {
      // An event written before these rules existed, with personal data in the reason and the state.
      const service = t.app.get(AuditService);
      await t.dataSource.transaction((m) =>
        service.record(m, {
          actor: { system: 'legacy-import' },
          action: 'update',
          entity: 'material',
          id: donorId,
          before: { kind: 'donor', name: 'RA-D901', attributes: { notes: 'ok' } },
          after: {
            kind: 'donor',
            name: 'RA-D901',
            attributes: { notes: 'Mr Smith, born 12/03/1961' },
          },
          reason: 'phone +44 20 7946 0958',
        }),
      );
      const events = await audit(mona, { entity: 'material', entityId: donorId });
      const legacy = events.find((e) => e.actorName === 'system:legacy-import')!;
      expect(legacy).toMatchObject({
        reason: '[withheld: personal data]',
        after: { name: 'RA-D901', attributes: { notes: '[withheld: personal data]' } },
        before: { attributes: { notes: 'ok' } },
      });
      // The written values whole: bare digits such as 1961 also occur by chance in hashes and ids.
      expect(JSON.stringify(events)).not.toMatch(/Smith|12\/03\/1961|7946 0958/);
      // The chain still verifies: only the reader's view is withheld, not the stored event.
      expect((await t.http().get('/api/v1/audit/verify').set(as(mona)).expect(200)).body.ok).toBe(
        true,
      );
    });
  });
});
