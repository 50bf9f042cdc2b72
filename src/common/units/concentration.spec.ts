import fc from 'fast-check';
import {
  bestMolarUnit,
  concentration,
  convertConcentration,
  formatConcentration,
  fromMolar,
  isMolarUnit,
  MOLAR_UNITS,
  parseMolarUnit,
  toMolar,
} from './concentration';

describe('molar concentrations', () => {
  it('parses every accepted spelling', () => {
    expect(parseMolarUnit('uM')).toBe('µM');
    expect(parseMolarUnit('µM')).toBe('µM');
    expect(parseMolarUnit('μM')).toBe('µM');
    expect(parseMolarUnit('pM')).toBe('pM');
    expect(parseMolarUnit('mmol/L')).toBe('mM');
    expect(parseMolarUnit('ng/mL')).toBeUndefined();
    expect(parseMolarUnit('%')).toBeUndefined();
    expect(isMolarUnit('M')).toBe(true);
  });

  it('converts to and from canonical molar', () => {
    expect(toMolar(1, 'M')).toBe(1);
    expect(toMolar(250, 'nM')).toBe(2.5e-7);
    expect(toMolar(2.247689, 'µM')).toBe(2.247689e-6);
    expect(fromMolar(2.5e-7, 'µM')).toBe(0.25);
    expect(convertConcentration(0.5, 'mM', 'µM')).toBe(500);
    expect(convertConcentration(12, 'pM', 'nM')).toBe(0.012);
  });

  it('throws for non-molar units (programmer error)', () => {
    expect(() => toMolar(1, 'ng/mL')).toThrow(RangeError);
    expect(() => fromMolar(1, '%')).toThrow(RangeError);
    expect(() => concentration(1, 'h')).toThrow(RangeError);
  });

  it('keeps the entered value and unit for display', () => {
    const c = concentration(375, 'nmol/L');
    expect(c).toEqual({ valueMolar: 3.75e-7, enteredValue: 375, enteredUnit: 'nM' });
    expect(formatConcentration(c)).toBe('375 nM');
  });

  it('picks a readable unit', () => {
    expect(bestMolarUnit(2.5e-7)).toBe('nM');
    expect(bestMolarUnit(2.2e-5)).toBe('µM');
    expect(bestMolarUnit(0.002)).toBe('mM');
    expect(bestMolarUnit(3e-15)).toBe('pM');
    expect(bestMolarUnit(0)).toBe('µM');
  });

  it('the same concentration in any unit has the same molar value (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MOLAR_UNITS),
        fc.constantFrom(...MOLAR_UNITS),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        (a, b, x) => {
          const inB = convertConcentration(x, a, b);
          const ma = toMolar(x, a);
          const mb = toMolar(inB, b);
          return Math.abs(ma - mb) <= 1e-13 * ma;
        },
      ),
    );
  });
});
