import { assessDrugLevels, classifyMmp, classifyTgn } from './drug-levels';

describe('erythrocyte thiopurine metabolite levels', () => {
  it.each([
    [0, 'sub-therapeutic'],
    [234.9, 'sub-therapeutic'],
    [235, 'therapeutic'],
    [310, 'therapeutic'],
    [450, 'therapeutic'],
    [450.1, 'toxic'],
    [900, 'toxic'],
  ])('6-TGN %p pmol/8×10⁸ RBC is %s', (value, status) => {
    expect(classifyTgn(value).status).toBe(status);
  });

  it.each([
    [1200, 'below-hepatotoxic-threshold'],
    [5700, 'below-hepatotoxic-threshold'],
    [5701, 'hepatotoxic-risk'],
  ])('6-MMP %p is %s', (value, status) => {
    expect(classifyMmp(value).status).toBe(status);
  });

  it('explains the range and unit', () => {
    expect(classifyTgn(500).explanation).toBe(
      '6-TGN 500 pmol/8×10⁸ RBC is above 450: myelotoxicity risk',
    );
    expect(classifyMmp(8000)).toMatchObject({ unit: 'pmol/8×10⁸ RBC', value: 8000 });
  });

  it('assesses whichever levels are present and reports bad values as problems', () => {
    expect(assessDrugLevels({})).toEqual({ problems: [] });
    const a = assessDrugLevels({ tgnPmolPer8e8Rbc: 180, mmpPmolPer8e8Rbc: null });
    expect(a.tgn?.status).toBe('sub-therapeutic');
    expect(a.mmp).toBeUndefined();
    const b = assessDrugLevels({ tgnPmolPer8e8Rbc: -1, mmpPmolPer8e8Rbc: Number.NaN });
    expect(b.problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'tgnPmolPer8e8Rbc LEVEL_NEGATIVE',
      'mmpPmolPer8e8Rbc LEVEL_NOT_A_NUMBER',
    ]);
  });

  it('throws on a malformed value when called directly', () => {
    expect(() => classifyTgn(Number.NaN)).toThrow(RangeError);
    expect(() => classifyMmp(-5)).toThrow(RangeError);
  });
});
