import { createTestApp, TestApp } from './support/test-app';

describe('names, barcodes and codes refuse control characters (problem+json naming the field)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });
  const cellLine = (over: Record<string, unknown>) => ({
    name: 'HIG-82',
    species: 'Oryctolagus cuniculus',
    passageNumber: 4,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['BEL', 'HIG\u0007-82', 'U+0007', 4],
    ['newline', 'HIG-82\n=cmd', 'U+000A', 7],
    ['C1 next line', 'HIG\u0085-82', 'U+0085', 4],
    ['NUL', '\u0000HIG', 'U+0000', 1],
    ['right-to-left override', 'HIG-82\u202Egpj.exe', 'U+202E', 7],
  ])('refuses a name with %s', async (_what, name, codePoint, at) => {
    const res = await t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(admin())
      .send(cellLine({ name }))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      {
        field: 'name',
        code: 'NO_CONTROL_CHARACTERS',
        message: expect.stringContaining(`found ${codePoint} at character ${at}`),
      },
    ]);
  });

  it('lets free text keep its line breaks and tabs but not other controls', async () => {
    await t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(admin())
      .send(cellLine({ name: 'HIG-82 A', notes: 'thawed 2x\n\tsplit 1:4\r\nok' }))
      .expect(201);
    const res = await t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(admin())
      .send(cellLine({ name: 'HIG-82 B', notes: 'ok\u001b[31m red' }))
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'notes', code: 'NO_CONTROL_CHARACTERS' }),
    ]);
  });

  it('refuses them in PATCH bodies, instrument names, display names and query filters', async () => {
    const created = await t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(admin())
      .send(cellLine({ name: 'HIG-82 C' }))
      .expect(201);
    const patch = await t
      .http()
      .patch(`/api/v1/materials/${created.body.id}`)
      .set(admin())
      .send({ tissue: 'synovium\u0000x' })
      .expect(400);
    expect(patch.body.errors).toEqual([
      expect.objectContaining({ field: 'tissue', code: 'NO_CONTROL_CHARACTERS' }),
    ]);

    const instrument = await t
      .http()
      .post('/api/v1/instruments')
      .set(admin())
      .send({ name: 'Reader\t2', model: 'Synergy H1' })
      .expect(400);
    expect(instrument.body.errors).toEqual([
      expect.objectContaining({ field: 'name', code: 'NO_CONTROL_CHARACTERS' }),
    ]);

    const user = await t
      .http()
      .post('/api/v1/users')
      .set(admin())
      .send({ username: 'eve', displayName: 'Eve\u2028Admin', roles: ['scientist'] })
      .expect(400);
    expect(user.body.errors).toEqual([
      expect.objectContaining({ field: 'displayName', code: 'NO_CONTROL_CHARACTERS' }),
    ]);

    const search = await t
      .http()
      .get('/api/v1/materials')
      .query({ search: 'HIG\r\n' })
      .set(admin())
      .expect(400);
    expect(search.body.errors).toEqual([
      expect.objectContaining({ field: 'search', code: 'NO_CONTROL_CHARACTERS' }),
    ]);
  });
});
