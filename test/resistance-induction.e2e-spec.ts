import {
  approvedVersionId,
  bearer,
  createDerivedPopulation,
  createParentalLine,
} from './support/runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type User = { id: string; key: string };

/**
 * A 12-passage selection with the default escalation rule of resistance-induction v1: start
 * 0.25 µM, × 1.5 after 2 passages ≥ 70 % viability, back to the previous lower dose after 2
 * passages below 50 %, hold 3 passages after a step down, 3 significant digits, 1 % tolerance.
 * Each row: the suggestion expected before the passage (rule, µM), then what was done.
 */
const HISTORY: {
  rule: string;
  suggested: number;
  dose: { value: number; unit: string };
  viabilityPercent: number;
  deviationReason?: string;
}[] = [
  { rule: 'start', suggested: 0.25, dose: { value: 0.25, unit: 'µM' }, viabilityPercent: 85 },
  { rule: 'hold', suggested: 0.25, dose: { value: 0.25, unit: 'µM' }, viabilityPercent: 80 },
  { rule: 'step-up', suggested: 0.375, dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 75 },
  // The same dose in another unit is not a deviation.
  { rule: 'hold', suggested: 0.375, dose: { value: 375, unit: 'nM' }, viabilityPercent: 72 },
  { rule: 'step-up', suggested: 0.563, dose: { value: 0.563, unit: 'uM' }, viabilityPercent: 45 },
  { rule: 'hold', suggested: 0.563, dose: { value: 0.563, unit: 'µM' }, viabilityPercent: 40 },
  { rule: 'step-down', suggested: 0.375, dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 78 },
  { rule: 'hold', suggested: 0.375, dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 80 },
  // Step-up condition met, but the population is still recovering from the step down.
  { rule: 'hold', suggested: 0.375, dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 82 },
  // The scientist overrides the step-up to 0.563 µM: a deviation with its reason.
  {
    rule: 'step-up',
    suggested: 0.563,
    dose: { value: 500, unit: 'nM' },
    viabilityPercent: 76,
    deviationReason: 'cautious step after the earlier crash at 0.563 µM',
  },
  { rule: 'hold', suggested: 0.5, dose: { value: 0.5, unit: 'µM' }, viabilityPercent: 74 },
  { rule: 'step-up', suggested: 0.75, dose: { value: 0.75, unit: 'µM' }, viabilityPercent: 71 },
];

const dateOf = (n: number) =>
  new Date(Date.UTC(2025, 2, 1 + (n - 1) * 4)).toISOString().slice(0, 10);

describe('resistance induction: passage log and dose escalation', () => {
  let t: TestApp;
  let sam: User;
  let mia: User;
  let riVersion: string;
  let parental: string;
  let derived: string;
  let runId: string;

  const api = (u: User) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(u.key)),
    post: (path: string, body: object = {}) =>
      t.http().post(`/api/v1${path}`).set(bearer(u.key)).send(body),
  });
  const passage = (n: number, extra: object = {}) => ({
    passageNumber: n,
    date: dateOf(n),
    dose: HISTORY[n - 1].dose,
    viabilityPercent: HISTORY[n - 1].viabilityPercent,
    confluencePercent: 85,
    viableCount: 410000,
    splitRatio: '1:3',
    ...(HISTORY[n - 1].deviationReason ? { deviationReason: HISTORY[n - 1].deviationReason } : {}),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    riVersion = await approvedVersionId(t, 'resistance-induction', sam.key);
    parental = await createParentalLine(t, sam.key, 'HIG-82');
    derived = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R1');
    const run = await api(sam)
      .post('/runs', {
        protocolVersionId: riVersion,
        title: 'HIG-82 6-TG selection',
        materials: [
          { materialId: parental, role: 'parental-line' },
          { materialId: derived, role: 'derived-population' },
        ],
      })
      .expect(201);
    runId = run.body.id;
  });
  afterAll(() => t.close());

  it('logs passages only while the run is in progress', async () => {
    const early = await api(sam).post(`/runs/${runId}/passages`, passage(1)).expect(409);
    expect(early.body).toMatchObject({
      code: 'RUN_NOT_IN_PROGRESS',
      errors: [{ field: 'status', code: 'RUN_NOT_IN_PROGRESS' }],
    });
    await api(sam).post(`/runs/${runId}/start`).expect(200);
  });

  it('suggests the start dose before any passage, explaining the rule', async () => {
    const next = await api(sam).get(`/runs/${runId}/next-dose`).expect(200);
    expect(next.body).toMatchObject({
      runId,
      materialId: derived,
      deviationTolerancePercent: 1,
      suggestion: { rule: 'start', dose: { value: 0.25, unit: 'µM' } },
      history: [],
    });
    expect(next.body.suggestion.explanation).toBe('no passage yet: start at 0.25 µM');
    expect(next.body.settings).toMatchObject({ stepFactor: 1.5, holdPassagesAfterStepDown: 3 });
  });

  it('replays a 12-passage history, checking each suggestion and the override', async () => {
    for (let n = 1; n <= HISTORY.length; n++) {
      const expected = HISTORY[n - 1];
      const next = await api(sam).get(`/runs/${runId}/next-dose`).expect(200);
      expect([n, next.body.suggestion.rule]).toEqual([n, expected.rule]);
      expect(next.body.suggestion.dose.unit).toBe('µM');
      expect(next.body.suggestion.dose.value).toBeCloseTo(expected.suggested, 9);
      expect(next.body.suggestion.explanation).toEqual(expect.any(String));

      if (expected.deviationReason) {
        // Without a reason the override is refused, and nothing is written.
        const refused = await api(sam)
          .post(`/runs/${runId}/passages`, { ...passage(n), deviationReason: undefined })
          .expect(400);
        expect(refused.body.errors).toEqual([
          expect.objectContaining({ field: 'deviationReason', code: 'DEVIATION_REASON_REQUIRED' }),
        ]);
        expect(refused.body.errors[0].message).toContain('0.563 µM');
        const count = (await api(sam).get(`/runs/${runId}/passages`).expect(200)).body.items.length;
        expect(count).toBe(n - 1);
      }
      const res = await api(sam).post(`/runs/${runId}/passages`, passage(n)).expect(201);
      expect(res.body).toMatchObject({
        passageNumber: n,
        date: dateOf(n),
        suggestedRule: expected.rule,
        deviation: Boolean(expected.deviationReason),
        recordedById: sam.id,
        materialId: derived,
      });
      expect(res.body.suggestedDose.value).toBeCloseTo(expected.suggested, 9);
    }

    const next = await api(sam).get(`/runs/${runId}/next-dose`).expect(200);
    expect(next.body.suggestion).toMatchObject({
      rule: 'hold',
      dose: { value: 0.75, unit: 'µM' },
      currentDose: { value: 0.75, unit: 'µM' },
      passagesAtCurrentDose: 1,
      consecutiveStepUp: 1,
      basedOnPassages: [12],
    });
    expect(next.body.suggestion.explanation).toBe(
      'P12 71 % at 0.75 µM: 1 of 2 consecutive passages with viability ≥ 70 %; hold 0.75 µM',
    );
    // The replayed history: every passage with the suggestion made before it.
    expect(
      next.body.history.map((s: { suggestion: { rule: string } }) => s.suggestion.rule),
    ).toEqual(HISTORY.map((h) => h.rule));
    expect(
      next.body.history
        .filter((s: { deviation: boolean }) => s.deviation)
        .map((s: { passageNumber: number }) => s.passageNumber),
    ).toEqual([10]);
    const hold9 = next.body.history[8].suggestion;
    expect(hold9.explanation).toContain('stepped down at passage 7');
    const down7 = next.body.history[6].suggestion;
    expect(down7.explanation).toContain('the previous lower dose');
  });

  it('logs the override as a deviation with its reason, linked to the passage', async () => {
    const passages = (await api(sam).get(`/runs/${runId}/passages`).expect(200)).body.items;
    expect(passages.map((p: { passageNumber: number }) => p.passageNumber)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(passages[3]).toMatchObject({ dose: { value: 375, unit: 'nM' }, deviation: false });
    expect(passages[3].doseMolar).toBeCloseTo(3.75e-7, 15);
    expect(passages[4].dose).toEqual({ value: 0.563, unit: 'µM' });
    const p10 = passages[9];
    expect(p10).toMatchObject({ deviation: true, dose: { value: 500, unit: 'nM' } });
    const deviations = (await api(mia).get(`/runs/${runId}/deviations`).expect(200)).body.items;
    expect(deviations).toHaveLength(1);
    expect(deviations[0]).toMatchObject({
      id: p10.deviationId,
      kind: 'dose-override',
      passageId: p10.id,
      reason: HISTORY[9].deviationReason,
      recordedById: sam.id,
    });
    expect(deviations[0].description).toBe(
      'passage 10: 6-TG at 500 nM instead of the suggested 0.563 µM (rule step-up)',
    );
  });

  it("keeps the derived population's current dose and selection history", async () => {
    const material = (await api(sam).get(`/materials/${derived}`).expect(200)).body;
    expect(material.attributes.currentDose).toMatchObject({ value: 0.75, unit: 'µM' });
    const doses = material.attributes.selectionHistory.map(
      (e: { dose: { value: number; unit: string } }) => `${e.dose.value} ${e.dose.unit}`,
    );
    // Only dose changes are history entries.
    expect(doses).toEqual(['0.25 µM', '0.375 µM', '0.563 µM', '0.375 µM', '500 nM', '0.75 µM']);
    const override = material.attributes.selectionHistory[4];
    expect(override).toMatchObject({
      passageNumber: 10,
      source: `run:${runId}`,
      reason: HISTORY[9].deviationReason,
    });
  });

  it('refuses bad passages naming the field and the rule, writing nothing', async () => {
    const cases: [object, string, string][] = [
      [{ viabilityPercent: 120 }, 'viabilityPercent', 'PERCENT_OUT_OF_RANGE'],
      [{ confluencePercent: -1 }, 'confluencePercent', 'PERCENT_OUT_OF_RANGE'],
      [{ dose: { value: 0.75, unit: 'mg/mL' } }, 'dose.unit', 'WRONG_UNIT_DIMENSION'],
      [{ dose: { value: -1, unit: 'µM' } }, 'dose.value', 'INVALID_DOSE'],
      [{ viableCount: -5 }, 'viableCount', 'INVALID_COUNT'],
      [{ passageNumber: 12 }, 'passageNumber', 'PASSAGE_NUMBER_NOT_INCREASING'],
      [{ date: '2025-01-01' }, 'date', 'BEFORE_PREVIOUS_PASSAGE'],
      [{ splitRatio: 'half' }, 'splitRatio', 'MATCHES'],
      [{ date: 'next tuesday' }, 'date', 'IS_ISO8601'],
    ];
    for (const [extra, field, code] of cases) {
      const res = await api(sam)
        .post(`/runs/${runId}/passages`, {
          ...passage(12),
          passageNumber: 13,
          date: '2025-05-20',
          dose: { value: 0.75, unit: 'µM' },
          ...extra,
        })
        .expect(400);
      expect([field, res.body.errors[0]]).toEqual([
        field,
        expect.objectContaining({ field, code }),
      ]);
    }
    expect((await api(sam).get(`/runs/${runId}/passages`).expect(200)).body.items).toHaveLength(12);
  });

  it('uses the run parameters: another start dose and rule', async () => {
    const run = await api(sam)
      .post('/runs', {
        protocolVersionId: riVersion,
        title: 'fast escalation',
        parameters: {
          startDoseMicromolar: '100 nM',
          stepUpConsecutivePassages: 1,
          stepFactor: 2,
          deviationTolerancePercent: 10,
        },
        materials: [
          { materialId: parental, role: 'parental-line' },
          { materialId: derived, role: 'derived-population' },
        ],
      })
      .expect(201);
    const id = run.body.id;
    await api(sam).post(`/runs/${id}/start`).expect(200);
    const first = await api(sam).get(`/runs/${id}/next-dose`).expect(200);
    expect(first.body.suggestion).toMatchObject({
      rule: 'start',
      dose: { value: 0.1, unit: 'µM' },
    });
    // Within the 10 % tolerance: no deviation, no reason needed.
    const p1 = await api(sam)
      .post(`/runs/${id}/passages`, {
        passageNumber: 1,
        date: '2025-06-01',
        dose: { value: 105, unit: 'nM' },
        viabilityPercent: 90,
      })
      .expect(201);
    expect(p1.body.deviation).toBe(false);
    const next = await api(sam).get(`/runs/${id}/next-dose`).expect(200);
    expect(next.body.suggestion.rule).toBe('step-up');
    expect(next.body.suggestion.dose.value).toBeCloseTo(0.21, 9);
  });

  it('refuses passage logs on runs of other protocols or without a derived population', async () => {
    const mtt = await api(sam)
      .post('/runs', {
        protocolVersionId: await approvedVersionId(t, 'mtt-viability', sam.key),
        title: 'MTT',
        materials: [{ materialId: parental, role: 'cell-lines' }],
      })
      .expect(201);
    await api(sam).post(`/runs/${mtt.body.id}/start`).expect(200);
    const wrong = await api(sam).get(`/runs/${mtt.body.id}/next-dose`).expect(409);
    expect(wrong.body.code).toBe('NOT_A_DOSE_ESCALATION_RUN');
    await api(sam).post(`/runs/${mtt.body.id}/passages`, passage(1)).expect(409);

    const bare = await api(sam)
      .post('/runs', {
        protocolVersionId: riVersion,
        title: 'parental only',
        materials: [{ materialId: parental, role: 'parental-line' }],
      })
      .expect(201);
    await api(sam).post(`/runs/${bare.body.id}/start`).expect(200);
    const none = await api(sam).post(`/runs/${bare.body.id}/passages`, passage(1)).expect(409);
    expect(none.body).toMatchObject({
      code: 'NO_DERIVED_POPULATION',
      errors: [{ field: 'materials' }],
    });
    // A parental line in the derived-population slot cannot carry a selection dose.
    const misfiled = await api(sam)
      .post('/runs', {
        protocolVersionId: riVersion,
        title: 'misfiled',
        materials: [
          { materialId: parental, role: 'parental-line' },
          { materialId: parental, role: 'derived-population' },
        ],
      })
      .expect(201);
    await api(sam).post(`/runs/${misfiled.body.id}/start`).expect(200);
    const notDerived = await api(sam)
      .post(`/runs/${misfiled.body.id}/passages`, passage(1))
      .expect(400);
    expect(notDerived.body.errors[0]).toMatchObject({
      field: 'materials',
      code: 'NOT_A_DERIVED_POPULATION',
    });
    expect(
      (await api(sam).get(`/runs/${misfiled.body.id}/passages`).expect(200)).body.items,
    ).toEqual([]);
  });

  it('signs the passage log with the approval and locks it', async () => {
    await api(sam).post(`/runs/${runId}/complete`).expect(200);
    await api(sam).post(`/runs/${runId}/submit`).expect(200);
    const approved = await api(mia)
      .post(`/runs/${runId}/approve`, {
        password: 'correct horse battery staple',
        reason: 'selection log complete',
      })
      .expect(200);
    expect(approved.body.status).toBe('approved');
    const locked = await api(sam).post(`/runs/${runId}/passages`, passage(12)).expect(409);
    expect(locked.body.code).toBe('RUN_LOCKED');
    // next-dose stays readable on an approved run.
    await api(mia).get(`/runs/${runId}/next-dose`).expect(200);
  });
});
