import { PLATE_READER_FORMATS } from '../src/imports/plate-readers';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';

describe('GET /plate-reader-formats: what each parser reads', () => {
  let t: TestApp;
  let sci: { key: string };
  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
  });
  afterAll(() => t.close());

  it('lists every format with its files, read modes, layouts and refusals', async () => {
    const res = await t
      .http()
      .get('/api/v1/plate-reader-formats')
      .set('Authorization', `Bearer ${sci.key}`)
      .expect(200);
    expect(res.body.total).toBe(PLATE_READER_FORMATS.length);
    expect(res.body.items.map((f: { format: string }) => f.format)).toEqual([
      ...PLATE_READER_FORMATS,
    ]);
    const gen5 = res.body.items.find((f: { format: string }) => f.format === 'gen5');
    expect(gen5).toMatchObject({
      files: ['text'],
      readModes: ['absorbance', 'fluorescence', 'luminescence'],
      multiplePlates: true,
    });
    expect(gen5.refuses.join(' ')).toContain('kinetic');
    expect(res.body.items.find((f: { format: string }) => f.format === 'magellan').files).toEqual([
      'xlsx',
    ]);
    expect(res.body.physicalLimits).toContainEqual({
      mode: 'absorbance',
      min: -0.5,
      max: 10,
      unit: 'OD',
    });
    expect(res.body.marks).toContain('OVRFLW');
  });

  it('needs an API key', async () => {
    await t.http().get('/api/v1/plate-reader-formats').expect(401);
  });
});
