// A rule no test guarded (issue 13): an unexpected error in the analysis step, after the reading
// was inserted, must fail the import (5xx) and roll everything back: no reading, no values, no
// audit event, the plate still planned. Swallowing it (answering 201 with a reading and no
// analysis, or "not-analysable") fails here.
import { ViabilityAnalysisService } from '../src/assays/viability/viability-analysis.service';
import { api, type User } from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('an unexpected error in the analysis step', () => {
  let t: TestApp;
  let sam: User;
  let plateId: string;
  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    const parental = await createParentalLine(t, sam.key, 'HIG-82');
    const resistant = await createParentalLine(t, sam.key, 'HIG-82 R');
    const layout = (
      await api(t, sam)
        .post('/plate-layouts/import', {
          name: 'failing analysis',
          csv: syntheticPlateMap(),
          materials: { parental, resistant },
          referenceWavelengthNm: 650,
        })
        .expect(201)
    ).body as Body;
    plateId = (
      (await api(t, sam).post('/plates', { barcode: 'FAIL-1', layoutId: layout.id }).expect(201))
        .body as Body
    ).id as string;
  });
  afterAll(() => t?.close());

  it('answers 5xx and stores neither the reading nor its audit event', async () => {
    const before = {
      readings: await count('plate_readings'),
      values: await count('plate_reading_values'),
      audit: await count('audit_events'),
    };
    const analysis = t.app.get(ViabilityAnalysisService);
    const spy = jest
      .spyOn(analysis, 'analysePlate')
      .mockRejectedValue(new Error('a bug in the analysis'));
    try {
      const res = await api(t, sam).postText(`/plates/${plateId}/readings`, syntheticReading(1));
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect({
      readings: await count('plate_readings'),
      values: await count('plate_reading_values'),
      audit: await count('audit_events'),
    }).toEqual(before);
    const plate = (await api(t, sam).get(`/plates/${plateId}`).expect(200)).body as Body;
    expect(plate).toMatchObject({ status: 'planned', readings: [] });
    // Once the analysis works again, the same file imports (nothing half-stored blocks it).
    await api(t, sam).postText(`/plates/${plateId}/readings`, syntheticReading(1)).expect(201);
  });
});
