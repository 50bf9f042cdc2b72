import { checkConstraint } from './setting-constraints';

describe('checkConstraint', () => {
  const lt = { left: 'low', rule: 'less-than' as const, right: 'high' };
  const le = { ...lt, rule: 'at-most' as const };

  it('compares after converting the right operand to the left unit', () => {
    expect(checkConstraint(lt, { value: 500, unit: 'nM' }, { value: 1, unit: 'µM' })).toEqual({
      holds: true,
    });
    expect(
      checkConstraint(lt, { value: 1000, unit: 'nM' }, { value: 1, unit: 'µM' }),
    ).toMatchObject({
      holds: false,
      message: 'low (1000 nM) must be < high (1 µM)',
    });
    expect(checkConstraint(le, { value: 1000, unit: 'nM' }, { value: 1, unit: 'µM' })).toEqual({
      holds: true,
    });
    expect(checkConstraint(le, { value: 5 }, { value: 4 })).toMatchObject({ holds: false });
  });

  it('uses the author message', () => {
    const r = checkConstraint(
      { ...lt, message: 'Thresholds are crossed' },
      { value: 80, unit: '%' },
      { value: 70, unit: '%' },
    );
    expect(r).toEqual({
      holds: false,
      message: 'Thresholds are crossed: low (80 %) must be < high (70 %)',
    });
  });

  it('cannot evaluate operands of different dimensions', () => {
    expect(
      checkConstraint(lt, { value: 1, unit: 'nM' }, { value: 1, unit: '%' }).holds,
    ).toBeUndefined();
    expect(checkConstraint(lt, { value: 1 }, { value: 1, unit: '%' }).holds).toBeUndefined();
  });
});
