import { sameDose, toStoredDose } from './stored-dose';

describe('stored doses', () => {
  it('keeps the entered value and canonical unit beside the molar value', () => {
    expect(toStoredDose({ value: 1.5, unit: 'uM' }, 'currentDose')).toEqual({
      ok: true,
      dose: { value: 1.5, unit: 'µM', valueMolar: 1.5e-6 },
    });
    expect(toStoredDose({ value: 250, unit: 'nmol/L' }, 'd')).toEqual({
      ok: true,
      dose: { value: 250, unit: 'nM', valueMolar: 2.5e-7 },
    });
  });

  it.each([
    [{ value: 5, unit: 'ng/mL' }, 'currentDose.unit', 'UNIT_NOT_MOLAR'],
    [{ value: 5, unit: '%' }, 'currentDose.unit', 'UNIT_NOT_MOLAR'],
    [{ value: 5, unit: 42 }, 'currentDose.unit', 'UNIT_NOT_MOLAR'],
    [{ value: -1, unit: 'µM' }, 'currentDose.value', 'DOSE_NEGATIVE'],
    [{ value: Number.NaN, unit: 'µM' }, 'currentDose.value', 'DOSE_NOT_A_NUMBER'],
    [{ value: '1', unit: 'µM' }, 'currentDose.value', 'DOSE_NOT_A_NUMBER'],
  ])('refuses %j naming %s', (dose, field, code) => {
    expect(toStoredDose(dose, 'currentDose')).toMatchObject({
      ok: false,
      problem: { field, code },
    });
  });

  it('compares doses across units', () => {
    const a = { value: 0.25, unit: 'µM', valueMolar: 2.5e-7 };
    const b = { value: 250, unit: 'nM', valueMolar: 2.5e-7 * (1 + 1e-12) };
    expect(sameDose(a, b)).toBe(true);
    expect(sameDose(a, { value: 0.3, unit: 'µM', valueMolar: 3e-7 })).toBe(false);
    expect(sameDose(null, null)).toBe(true);
    expect(sameDose(a, null)).toBe(false);
  });
});
