import { applyCustodyEvent, type CustodyState } from './custody-rules';

const frozenSample: CustodyState = {
  kind: 'fecal-sample',
  status: 'available',
  location: 'Freezer A',
  frozen: true,
  freezeThawCount: 0,
};

describe('custody rules', () => {
  it('thaws a frozen sample, counting one cycle, and may move it', () => {
    const r = applyCustodyEvent(frozenSample, { type: 'thawed', toLocation: 'Bench 1' });
    expect(r).toEqual({
      ok: true,
      state: { ...frozenSample, frozen: false, freezeThawCount: 1, location: 'Bench 1' },
      fromLocation: 'Freezer A',
      toLocation: 'Bench 1',
    });
  });

  it('refreezes a thawed sample without counting, and refuses to freeze a frozen one', () => {
    const thawed = { ...frozenSample, frozen: false, freezeThawCount: 1 };
    const r = applyCustodyEvent(thawed, { type: 'frozen' });
    expect(r.ok && r.state).toEqual({ ...thawed, frozen: true });
    expect(applyCustodyEvent(frozenSample, { type: 'frozen' })).toMatchObject({
      ok: false,
      refusal: { field: 'type', code: 'ALREADY_FROZEN' },
    });
    expect(applyCustodyEvent(thawed, { type: 'thawed' })).toMatchObject({
      ok: false,
      refusal: { code: 'NOT_FROZEN' },
    });
  });

  it('refuses freezing and thawing of kinds that are not stored frozen', () => {
    const line: CustodyState = {
      kind: 'cell-line',
      status: 'available',
      location: 'Incubator',
      frozen: null,
      freezeThawCount: null,
    };
    for (const type of ['thawed', 'frozen'] as const) {
      expect(applyCustodyEvent(line, { type })).toMatchObject({
        ok: false,
        refusal: { code: 'NOT_FREEZABLE' },
      });
    }
  });

  it('moves only to a new place, from where the material is', () => {
    expect(
      applyCustodyEvent(frozenSample, { type: 'moved', toLocation: 'Freezer B' }),
    ).toMatchObject({ ok: true, state: { location: 'Freezer B' }, fromLocation: 'Freezer A' });
    expect(applyCustodyEvent(frozenSample, { type: 'moved' })).toMatchObject({
      ok: false,
      refusal: { field: 'toLocation', code: 'LOCATION_REQUIRED' },
    });
    expect(
      applyCustodyEvent(frozenSample, { type: 'moved', toLocation: ' Freezer A ' }),
    ).toMatchObject({ ok: false, refusal: { code: 'SAME_LOCATION' } });
    expect(
      applyCustodyEvent(frozenSample, {
        type: 'moved',
        fromLocation: 'Freezer Z',
        toLocation: 'B',
      }),
    ).toMatchObject({ ok: false, refusal: { field: 'fromLocation', code: 'LOCATION_MISMATCH' } });
  });

  it('ends use with consumed or discarded, after which nothing is allowed', () => {
    for (const type of ['consumed', 'discarded'] as const) {
      const r = applyCustodyEvent(frozenSample, { type });
      expect(r.ok && r.state.status).toBe(type);
      if (!r.ok) continue;
      expect(applyCustodyEvent(r.state, { type: 'moved', toLocation: 'X' })).toMatchObject({
        ok: false,
        refusal: { code: 'MATERIAL_NOT_AVAILABLE' },
      });
    }
  });
});
