import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type User = { id: string; key: string; password: string };
type Definition = Record<string, unknown> & {
  key: string;
  version: number;
  title: string;
  settings: Record<string, Record<string, unknown>>;
};

/** qpcr-expression has a version 2 (MIQE requirements); every other file is at version 1. */
const LATEST_FILE_VERSION: Record<string, number> = {
  'anaerobic-coculture': 2,
  'qpcr-expression': 2,
};
const FILE_VERSIONS = 10;

const FILE_KEYS = [
  'anaerobic-coculture',
  'atp-luminescence-viability',
  'efflux-inhibitor',
  'lcms-quantification',
  'mtt-viability',
  'qpcr-expression',
  'resazurin-viability',
  'resistance-induction',
];

describe('protocols: versioned SOP templates with review and e-signature', () => {
  let t: TestApp;
  let alice: User; // scientist, author
  let sam: User; // another scientist
  let bob: User; // manager, reviewer
  let carol: User; // manager who authors
  let ivan: User; // instrument
  const as = (u: User | string) => ({
    Authorization: `Bearer ${typeof u === 'string' ? u : u.key}`,
  });
  const get = (u: User | string, path: string) => t.http().get(`/api/v1${path}`).set(as(u));
  const post = (u: User | string, path: string, body?: object) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set(as(u))
      .send(body ?? {});
  const put = (u: User | string, path: string, body: object) =>
    t.http().put(`/api/v1${path}`).set(as(u)).send(body);
  const auditOf = async (id: string): Promise<{ action: string; [k: string]: unknown }[]> =>
    (await get(t.adminKey, `/audit?entity=protocol_version&entityId=${id}`).expect(200)).body;

  // Loaded lazily so that the entities see the engine chosen by createTestApp.
  const loader = async () => {
    const { ProtocolFilesLoader } = await import('../src/protocols/protocol-files-loader.service');
    return t.app.get(ProtocolFilesLoader);
  };

  let mttId: string;
  let mttV1: { id: string; contentHash: string; definition: Definition };

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUserWithKey(t, 'alice', ['scientist']);
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    bob = await createUserWithKey(t, 'bob', ['manager']);
    carol = await createUserWithKey(t, 'carol', ['manager']);
    ivan = await createUserWithKey(t, 'ivan', ['instrument']);
  });
  afterAll(() => t.close());

  describe('protocol files loaded at start', () => {
    it('are the SOP templates of protocols/, each an approved version per file', async () => {
      const res = await get(alice, '/protocols').expect(200);
      expect(res.body.items.map((p: { key: string }) => p.key)).toEqual(FILE_KEYS);
      for (const p of res.body.items) {
        expect(p).toMatchObject({
          latestApprovedVersion: LATEST_FILE_VERSION[p.key as string] ?? 1,
          createdById: null,
        });
        expect(p.latestApprovedVersionId).toEqual(expect.any(String));
      }
      mttId = res.body.items.find((p: { key: string }) => p.key === 'mtt-viability').id;
      const versions = await get(alice, `/protocols/${mttId}/versions`).expect(200);
      expect(versions.body.items).toHaveLength(1);
      expect(versions.body.items[0]).toMatchObject({
        key: 'mtt-viability',
        version: 1,
        status: 'approved',
        authorId: null,
        source: 'file',
        sourceFile: 'mtt-viability.v1.yaml',
        approvedById: 'system',
      });
      mttV1 = versions.body.items[0];
      expect(mttV1.definition).toMatchObject({ key: 'mtt-viability', version: 1 });
    });

    it('are signed by the system over the exact content of the file', async () => {
      const { loadProtocolFiles, defaultProtocolsDir } =
        await import('../src/protocols/definition/protocol-files');
      const fromFile = loadProtocolFiles(defaultProtocolsDir()).files.find(
        (f) => f.definition.key === 'mtt-viability',
      );
      expect(mttV1.contentHash).toBe(fromFile?.contentHash);

      const sigs = await get(alice, `/protocol-versions/${mttV1.id}/signatures`).expect(200);
      expect(sigs.body.items).toHaveLength(1);
      expect(sigs.body.items[0]).toMatchObject({
        entity: 'protocol_version',
        entityId: mttV1.id,
        signerId: 'system',
        signerName: 'system:protocol-files',
        meaning: 'approved',
        contentHash: mttV1.contentHash,
      });
      const audit = await auditOf(mttV1.id);
      expect(audit.map((e) => [e.action, e.actorName])).toEqual([
        ['create', 'system:protocol-files'],
        ['sign:approved', 'system:protocol-files'],
      ]);
    });

    it('load nothing new when the same content is loaded again (restart)', async () => {
      const count = async (table: string) =>
        Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
      const before = {
        versions: await count('protocol_versions'),
        signatures: await count('electronic_signatures'),
        audit: await count('audit_events'),
      };
      expect(before.versions).toBe(FILE_VERSIONS);
      const report = await (await loader()).load();
      expect(report.inserted).toEqual([]);
      expect(report.unchanged).toHaveLength(FILE_VERSIONS);
      expect({
        versions: await count('protocol_versions'),
        signatures: await count('electronic_signatures'),
        audit: await count('audit_events'),
      }).toEqual(before);
    });

    it('refuse to boot on a bad file, naming the file, line and key path', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'thiolab-protocols-'));
      try {
        const text = readFileSync(join('protocols', 'mtt-viability.v1.yaml'), 'utf8');
        const lines = text.split('\n');
        // seedingDensity: default 5000 within [500, 50000]; 99999 breaks the max.
        const at = lines.findIndex((l) => l.trim() === 'default: 5000');
        expect(at).toBeGreaterThan(0);
        lines[at] = lines[at].replace('5000', '99999');
        mkdirSync(join(dir, 'protocols'));
        writeFileSync(join(dir, 'protocols', 'mtt-viability.v1.yaml'), lines.join('\n'));
        const cwd = process.cwd();
        process.chdir(dir);
        try {
          // The bootstrap hook itself throws, so Nest's init (and the server start) fails.
          await expect((await loader()).onApplicationBootstrap()).rejects.toThrow(
            new RegExp(
              `mtt-viability\\.v1\\.yaml:${at + 1}:\\d+ settings\\.seedingDensity\\.default DEFAULT_ABOVE_MAX`,
            ),
          );
        } finally {
          process.chdir(cwd);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuse a file whose stored version has other content (approved is immutable)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'thiolab-protocols-'));
      try {
        cpSync('protocols', dir, { recursive: true });
        const file = join(dir, 'qpcr-expression.v1.yaml');
        const text = readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited in place');
        writeFileSync(file, text);
        await expect((await loader()).load(dir)).rejects.toThrow(
          /qpcr-expression\.v1\.yaml: qpcr-expression version 1 is already stored with other content/,
        );
        const qpcr = (await get(alice, '/protocols').expect(200)).body.items.find(
          (p: { key: string }) => p.key === 'qpcr-expression',
        );
        expect(qpcr.title).not.toBe('Edited in place');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('roles', () => {
    it('instruments cannot touch protocols', async () => {
      const r = await get(ivan, '/protocols').expect(403);
      expect(r.body.code).toBe('FORBIDDEN_ROLE');
      await post(ivan, '/protocols', { ...mttV1.definition, key: 'x-instrument' }).expect(403);
      await get(ivan, `/protocol-versions/${mttV1.id}`).expect(403);
    });

    it('scientists cannot approve, reject or retire', async () => {
      for (const action of ['approve', 'reject', 'retire']) {
        const r = await post(alice, `/protocol-versions/${mttV1.id}/${action}`, {
          password: alice.password,
          reason: 'because',
          comments: 'because',
        }).expect(403);
        expect(r.body.code).toBe('FORBIDDEN_ROLE');
      }
    });
  });

  describe('bad definitions', () => {
    it('answers a bad JSON definition with 400 naming every key path, and writes nothing', async () => {
      const before = (await get(alice, '/protocols').expect(200)).body.items.length;
      const bad = structuredClone(mttV1.definition) as Partial<Definition>;
      bad.key = 'mtt-bad';
      delete bad.title;
      bad.settings!.seedingDensity.default = 99999;
      bad.settings!.plateFormat.type = 'colour';
      const r = await post(alice, '/protocols', bad).expect(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('INVALID_PROTOCOL_DEFINITION');
      const items = r.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]);
      expect(items).toEqual(
        expect.arrayContaining([
          ['title', 'MISSING_KEY'],
          ['settings.seedingDensity.default', 'DEFAULT_ABOVE_MAX'],
          ['settings.plateFormat.type', 'NOT_ONE_OF'],
        ]),
      );
      expect((await get(alice, '/protocols').expect(200)).body.items.length).toBe(before);
    });

    it('answers a bad YAML definition with the line of each problem', async () => {
      const bad = structuredClone(mttV1.definition);
      bad.key = 'mtt-bad-yaml';
      bad.settings.seedingDensity.default = 99999;
      const text = stringify(bad);
      const line = text.split('\n').findIndex((l) => l.includes('99999')) + 1;
      const r = await t
        .http()
        .post('/api/v1/protocols')
        .set(as(alice))
        .set('Content-Type', 'text/yaml')
        .send(text)
        .expect(400);
      expect(r.body.errors).toEqual([
        expect.objectContaining({
          field: 'settings.seedingDensity.default',
          code: 'DEFAULT_ABOVE_MAX',
          line,
        }),
      ]);
    });

    it('accepts a valid YAML definition (application/yaml)', async () => {
      const def = { ...structuredClone(mttV1.definition), key: 'mtt-yaml', title: 'MTT (YAML)' };
      const r = await t
        .http()
        .post('/api/v1/protocols')
        .set(as(sam))
        .set('Content-Type', 'application/yaml')
        .send(stringify(def))
        .expect(201);
      expect(r.body).toMatchObject({ key: 'mtt-yaml', title: 'MTT (YAML)', createdById: sam.id });
      expect(r.body.versions).toEqual([
        expect.objectContaining({ version: 1, status: 'draft', authorId: sam.id }),
      ]);
    });

    it('refuses a key that is taken, and a version number the server did not assign', async () => {
      const taken = await post(alice, '/protocols', mttV1.definition).expect(409);
      expect(taken.body).toMatchObject({
        code: 'PROTOCOL_KEY_TAKEN',
        errors: [expect.objectContaining({ field: 'key' })],
      });
      const v3 = await post(alice, '/protocols', {
        ...mttV1.definition,
        key: 'mtt-v3',
        version: 3,
      }).expect(400);
      expect(v3.body.errors).toEqual([
        expect.objectContaining({ field: 'version', code: 'VERSION_MISMATCH' }),
      ]);
    });
  });

  describe('review lifecycle of a new protocol', () => {
    let protocolId: string;
    let versionId: string;
    const definition = () => {
      const d = structuredClone(mttV1.definition);
      d.key = 'mtt-viability-384';
      d.title = 'MTT viability on 384-well plates';
      delete (d as Partial<Definition>).version; // the server numbers versions
      return d;
    };

    it('a scientist creates a protocol with a private draft v1', async () => {
      const r = await post(alice, '/protocols', definition()).expect(201);
      expect(r.body).toMatchObject({ key: 'mtt-viability-384', latestApprovedVersion: null });
      expect(r.body.versions).toEqual([
        expect.objectContaining({ version: 1, status: 'draft', authorId: alice.id, source: 'api' }),
      ]);
      protocolId = r.body.id;
      versionId = r.body.versions[0].id;
      const v = await get(alice, `/protocol-versions/${versionId}`).expect(200);
      expect(v.body.definition).toMatchObject({ key: 'mtt-viability-384', version: 1 });
    });

    it('hides the draft from other lab members: 404 as if it did not exist', async () => {
      for (const who of [sam, bob]) {
        const r = await get(who, `/protocol-versions/${versionId}`).expect(404);
        expect(r.body.code).toBe('NOT_FOUND');
        await get(who, `/protocols/${protocolId}`).expect(404);
        await get(who, `/protocols/${protocolId}/versions`).expect(404);
        await get(who, `/protocol-versions/${versionId}/signatures`).expect(404);
        const list = await get(who, '/protocols').expect(200);
        expect(list.body.items.map((p: { key: string }) => p.key)).not.toContain(
          'mtt-viability-384',
        );
        await put(who, `/protocol-versions/${versionId}/definition`, definition()).expect(404);
        await post(who, `/protocol-versions/${versionId}/submit`).expect(404);
      }
      // An unknown id answers the same.
      const unknown = await get(sam, '/protocol-versions/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      // Admins see every draft.
      await get(t.adminKey, `/protocol-versions/${versionId}`).expect(200);
    });

    it('the author edits the draft', async () => {
      const d = definition();
      d.settings.plateFormat.default = '384';
      const r = await put(alice, `/protocol-versions/${versionId}/definition`, d).expect(200);
      expect(r.body.definition.settings.plateFormat.default).toBe('384');
      const first = (await auditOf(versionId))[0];
      expect(r.body.contentHash).not.toBe((first.after as { contentHash: string }).contentHash);
      const audit = await auditOf(versionId);
      expect(audit.map((e) => e.action)).toEqual(['create', 'update-definition']);
      expect(audit[1]).toMatchObject({
        before: { definition: { settings: { plateFormat: { default: '96' } } } },
        after: { contentHash: r.body.contentHash },
      });
      const badKey = await put(alice, `/protocol-versions/${versionId}/definition`, {
        ...d,
        key: 'other',
      }).expect(400);
      expect(badKey.body.errors).toEqual([
        expect.objectContaining({ field: 'key', code: 'KEY_MISMATCH' }),
      ]);
    });

    it('submit: the version is in review and visible to every lab member', async () => {
      const r = await post(alice, `/protocol-versions/${versionId}/submit`).expect(200);
      expect(r.body).toMatchObject({ status: 'in_review' });
      expect(r.body.submittedAt).toEqual(expect.any(String));
      await get(sam, `/protocol-versions/${versionId}`).expect(200);
      await get(bob, `/protocols/${protocolId}`).expect(200);
    });

    it('a version in review is immutable', async () => {
      const r = await put(alice, `/protocol-versions/${versionId}/definition`, definition()).expect(
        409,
      );
      expect(r.body).toMatchObject({
        code: 'PROTOCOL_VERSION_IMMUTABLE',
        errors: [expect.objectContaining({ field: 'status', code: 'NOT_A_DRAFT' })],
      });
    });

    it('refuses an illegal transition with 409 naming from and to', async () => {
      const retire = await post(bob, `/protocol-versions/${versionId}/retire`, {
        reason: 'not yet',
      }).expect(409);
      expect(retire.body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        action: 'retire',
        from: 'in_review',
        to: 'retired',
        allowedActions: ['withdraw', 'reject', 'approve'],
        errors: [expect.objectContaining({ field: 'status', code: 'ILLEGAL_TRANSITION' })],
      });
      const again = await post(alice, `/protocol-versions/${versionId}/submit`).expect(409);
      expect(again.body).toMatchObject({ from: 'in_review', to: 'in_review' });
    });

    it('reject needs comments, and returns the version to its author as a draft', async () => {
      const none = await post(bob, `/protocol-versions/${versionId}/reject`, {}).expect(400);
      expect(none.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'comments' })]),
      );
      const r = await post(bob, `/protocol-versions/${versionId}/reject`, {
        comments: 'State the reference wavelength',
      }).expect(200);
      expect(r.body).toMatchObject({
        status: 'draft',
        reviewComments: 'State the reference wavelength',
        submittedAt: null,
      });
      await get(bob, `/protocol-versions/${versionId}`).expect(404);
    });

    it('withdraw: only the author takes a version back from review', async () => {
      await post(alice, `/protocol-versions/${versionId}/submit`).expect(200);
      const notAuthor = await post(bob, `/protocol-versions/${versionId}/withdraw`).expect(403);
      expect(notAuthor.body).toMatchObject({ code: 'OWNER_ONLY' });
      const r = await post(alice, `/protocol-versions/${versionId}/withdraw`, {
        reason: 'one more fix',
      }).expect(200);
      expect(r.body.status).toBe('draft');
      await post(alice, `/protocol-versions/${versionId}/submit`).expect(200);
    });

    it('approval with a wrong password is refused, audited as refused, and changes nothing else', async () => {
      const auditBefore = await auditOf(versionId);
      const r = await post(bob, `/protocol-versions/${versionId}/approve`, {
        password: 'not my password at all',
        reason: 'reviewed against the SOP',
      }).expect(403);
      expect(r.body).toMatchObject({
        code: 'REAUTHENTICATION_FAILED',
        errors: [expect.objectContaining({ field: 'password' })],
      });
      expect((await get(bob, `/protocol-versions/${versionId}`).expect(200)).body.status).toBe(
        'in_review',
      );
      expect((await get(bob, `/protocol-versions/${versionId}/signatures`)).body.items).toEqual([]);
      // The refused attempt is the one new event (issue 13 item 7); nothing else changed.
      const auditAfter = await auditOf(versionId);
      expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(auditAfter.slice(auditBefore.length)).toEqual([
        expect.objectContaining({
          action: 'sign-refused:approved',
          actorId: bob.id,
          reason: 'reviewed against the SOP',
        }),
      ]);
      expect(auditAfter.map((e) => e.action)).not.toContain('approve');
    });

    it('approval needs a reason with the signature', async () => {
      const r = await post(bob, `/protocol-versions/${versionId}/approve`, {
        password: bob.password,
      }).expect(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['reason']),
      );
      expect(r.body.errors.every((e: { field: string }) => e.field === 'reason')).toBe(true);
    });

    it('a manager approves by e-signature over the exact content', async () => {
      const r = await post(bob, `/protocol-versions/${versionId}/approve`, {
        password: bob.password,
        reason: 'reviewed against the SOP',
      }).expect(200);
      expect(r.body).toMatchObject({ status: 'approved', approvedById: bob.id });
      expect(r.body.approvedAt).toEqual(expect.any(String));
      const sigs = await get(sam, `/protocol-versions/${versionId}/signatures`).expect(200);
      expect(sigs.body.items).toEqual([
        expect.objectContaining({
          signerId: bob.id,
          signerName: 'bob',
          meaning: 'approved',
          reason: 'reviewed against the SOP',
          contentHash: r.body.contentHash,
        }),
      ]);
      const audit = await auditOf(versionId);
      expect(audit.map((e) => e.action)).toEqual([
        'create',
        'update-definition',
        'submit',
        'reject',
        'submit',
        'withdraw',
        'submit',
        'sign-refused:approved',
        'sign:approved',
        'approve',
      ]);
      expect(audit.find((e) => e.action === 'reject')).toMatchObject({
        actorName: 'bob',
        reason: 'State the reference wavelength',
        before: { status: 'in_review' },
        after: { status: 'draft' },
      });
      expect(audit[audit.length - 1]).toMatchObject({
        actorName: 'bob',
        before: { status: 'in_review' },
        after: { status: 'approved', contentHash: r.body.contentHash },
      });
      const p = await get(sam, `/protocols/${protocolId}`).expect(200);
      expect(p.body).toMatchObject({
        latestApprovedVersion: 1,
        latestApprovedVersionId: versionId,
      });
    });

    it('an approved version is immutable and cannot go back to review', async () => {
      const edit = await put(alice, `/protocol-versions/${versionId}/definition`, definition());
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('PROTOCOL_VERSION_IMMUTABLE');
      const submit = await post(alice, `/protocol-versions/${versionId}/submit`).expect(409);
      expect(submit.body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        from: 'approved',
        to: 'in_review',
      });
    });

    let v2Id: string;
    it('a change makes a new draft version, copied from the latest approved one', async () => {
      const r = await post(alice, `/protocols/${protocolId}/versions`).expect(201);
      expect(r.body).toMatchObject({ version: 2, status: 'draft', authorId: alice.id });
      v2Id = r.body.id;
      const v1 = (await get(alice, `/protocol-versions/${versionId}`).expect(200)).body;
      expect(r.body.definition).toEqual({ ...v1.definition, version: 2 });

      const d = structuredClone(r.body.definition);
      d.settings.seedingDensity.default = 8000;
      await put(alice, `/protocol-versions/${v2Id}/definition`, d).expect(200);
      // v1 did not change.
      expect((await get(alice, `/protocol-versions/${versionId}`)).body.contentHash).toBe(
        v1.contentHash,
      );
    });

    it('the diff v1 → v2 shows the changed setting', async () => {
      const r = await get(alice, `/protocols/${protocolId}/versions/1/diff/2`).expect(200);
      expect(r.body).toMatchObject({
        from: { key: 'mtt-viability-384', version: 1 },
        to: { key: 'mtt-viability-384', version: 2 },
        identical: false,
        counts: { added: 0, removed: 0, changed: 1 },
      });
      expect(r.body.changes).toEqual([
        expect.objectContaining({
          section: 'settings',
          id: 'seedingDensity',
          kind: 'changed',
          fields: [{ field: 'default', before: 5000, after: 8000 }],
        }),
      ]);
      // v2 is still alice's private draft.
      await get(sam, `/protocols/${protocolId}/versions/1/diff/2`).expect(404);
      const none = await get(alice, `/protocols/${protocolId}/versions/1/diff/7`).expect(404);
      expect(none.body.errors).toEqual([expect.objectContaining({ field: 'b' })]);
    });

    it('retire needs a manager and a reason', async () => {
      await post(alice, `/protocol-versions/${versionId}/retire`, { reason: 'old' }).expect(403);
      const noReason = await post(bob, `/protocol-versions/${versionId}/retire`, {}).expect(400);
      expect(noReason.body.errors.every((e: { field: string }) => e.field === 'reason')).toBe(true);
      const r = await post(bob, `/protocol-versions/${versionId}/retire`, {
        reason: 'superseded by the 1536-well SOP',
      }).expect(200);
      expect(r.body.status).toBe('retired');
      expect(r.body.retiredAt).toEqual(expect.any(String));
      const again = await post(bob, `/protocol-versions/${versionId}/retire`, {
        reason: 'twice',
      }).expect(409);
      expect(again.body).toMatchObject({ from: 'retired', to: 'retired' });
      const audit = await auditOf(versionId);
      expect(audit[audit.length - 1]).toMatchObject({
        action: 'retire',
        reason: 'superseded by the 1536-well SOP',
      });
    });

    it('only approved versions can start runs', async () => {
      const { ProtocolVersionsReader } = await import('../src/protocols/protocol-versions.reader');
      const reader = t.app.get(ProtocolVersionsReader);
      const m = t.dataSource.manager;
      await expect(reader.getApprovedVersion(m, mttV1.id)).resolves.toMatchObject({
        id: mttV1.id,
        status: 'approved',
      });
      for (const [id, code] of [
        [versionId, 'NOT_APPROVED'], // retired
        [v2Id, 'NOT_APPROVED'], // draft
        ['00000000-0000-4000-8000-000000000000', 'NOT_FOUND'],
      ]) {
        await expect(reader.getApprovedVersion(m, id)).rejects.toMatchObject({
          code: 'PROTOCOL_VERSION_NOT_APPROVED',
          errors: [expect.objectContaining({ field: 'protocolVersionId', code })],
        });
      }
    });
  });

  describe('separation of duties', () => {
    it('a manager can never approve (or reject) their own version', async () => {
      const d = { ...structuredClone(mttV1.definition), key: 'carol-sop', title: "Carol's SOP" };
      delete (d as Partial<Definition>).version;
      const created = await post(carol, '/protocols', d).expect(201);
      const id = created.body.versions[0].id;
      await post(carol, `/protocol-versions/${id}/submit`).expect(200);
      const self = await post(carol, `/protocol-versions/${id}/approve`, {
        password: carol.password,
        reason: 'looks right to me',
      }).expect(403);
      expect(self.body).toMatchObject({
        code: 'SELF_APPROVAL_FORBIDDEN',
        action: 'approve',
        from: 'in_review',
        to: 'approved',
      });
      const selfReject = await post(carol, `/protocol-versions/${id}/reject`, {
        comments: 'hmm',
      }).expect(403);
      expect(selfReject.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
      expect((await get(carol, `/protocol-versions/${id}`)).body.status).toBe('in_review');
      expect((await get(carol, `/protocol-versions/${id}/signatures`)).body.items).toEqual([]);
      // Another manager may.
      await post(bob, `/protocol-versions/${id}/approve`, {
        password: bob.password,
        reason: 'second pair of eyes',
      }).expect(200);
    });

    it('a new version needs an approved one to copy, or a definition', async () => {
      const yamlProtocol = (await get(sam, '/protocols').expect(200)).body.items.find(
        (p: { key: string }) => p.key === 'mtt-yaml',
      );
      const r = await post(sam, `/protocols/${yamlProtocol.id}/versions`).expect(409);
      expect(r.body.errors).toEqual([
        expect.objectContaining({ field: 'definition', code: 'NO_APPROVED_VERSION' }),
      ]);
      const withDef = await post(sam, `/protocols/${yamlProtocol.id}/versions`, {
        ...structuredClone(mttV1.definition),
        key: 'mtt-yaml',
        version: 2,
        title: 'MTT (YAML) v2',
      }).expect(201);
      expect(withDef.body).toMatchObject({ version: 2, status: 'draft', title: 'MTT (YAML) v2' });
    });

    it('documents every protocol route in the OpenAPI description', async () => {
      const doc = (await t.http().get('/docs-json').expect(200)).body;
      const paths = Object.keys(doc.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/protocols',
          '/api/v1/protocols/{id}',
          '/api/v1/protocols/{id}/versions',
          '/api/v1/protocols/{id}/versions/{a}/diff/{b}',
          '/api/v1/protocol-versions/{id}',
          '/api/v1/protocol-versions/{id}/definition',
          '/api/v1/protocol-versions/{id}/signatures',
          ...['submit', 'withdraw', 'reject', 'approve', 'retire'].map(
            (a) => `/api/v1/protocol-versions/{id}/${a}`,
          ),
        ]),
      );
      expect(Object.keys(doc.paths['/api/v1/protocols'].post.requestBody.content)).toEqual([
        'application/json',
        'text/yaml',
        'application/yaml',
      ]);
      expect(doc.components.schemas.ProtocolDefinitionDto.properties).toHaveProperty('settings');
    });

    it('leaves the audit chain intact', async () => {
      const verdict = await get(t.adminKey, '/audit/verify').expect(200);
      expect(verdict.body).toMatchObject({ ok: true, firstBrokenId: null });
    });
  });
});
