import { toMicromolar } from './concentration-units';

describe('toMicromolar', () => {
  it('rescales without float noise', () => {
    expect(toMicromolar(0.07, 'mM')).toBe(70);
    expect(toMicromolar(0.025, 'mM')).toBe(25);
    expect(toMicromolar(25, 'nM')).toBe(0.025);
    expect(toMicromolar(7, 'pM')).toBe(0.000007);
    expect(toMicromolar(2.5e-5, 'M')).toBe(25);
  });

  it('returns a value already in µM exactly as written, and nothing for mass units', () => {
    expect(toMicromolar(0.1 + 0.2, 'uM')).toBe(0.1 + 0.2);
    expect(toMicromolar(1.2345678901234567, 'uM')).toBe(1.2345678901234567);
    expect(toMicromolar(5, 'mg/mL')).toBeUndefined();
  });
});
