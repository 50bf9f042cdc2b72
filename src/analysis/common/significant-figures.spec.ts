import {
  DISPLAY_SIGNIFICANT_FIGURES,
  formatSignificant,
  withoutBinaryResidue,
} from './significant-figures';

describe('formatSignificant (the one rule for display strings)', () => {
  it('writes 4 significant figures by default, without trailing zeros', () => {
    expect(DISPLAY_SIGNIFICANT_FIGURES).toBe(4);
    expect(formatSignificant(2.2476888049321686)).toBe('2.248');
    expect(formatSignificant(1.8900000001)).toBe('1.89');
    expect(formatSignificant(2)).toBe('2');
    expect(formatSignificant(200)).toBe('200');
    expect(formatSignificant(12.609805897199411)).toBe('12.61');
    expect(formatSignificant(85.85482983067065)).toBe('85.85');
  });

  it('rounds large and small values to 4 figures without an exponent where JavaScript writes none', () => {
    expect(formatSignificant(12345)).toBe('12350');
    expect(formatSignificant(0.00123456)).toBe('0.001235');
    expect(formatSignificant(1.23456e-7)).toBe('1.235e-7');
    expect(formatSignificant(9.9996)).toBe('10');
  });

  it('removes the float noise of a unit conversion', () => {
    expect(formatSignificant(0.000024999999999999998)).toBe('0.000025');
    expect(formatSignificant(70.00000000000001)).toBe('70');
  });

  it('takes another number of figures when asked, and writes non-finite values as they are', () => {
    expect(formatSignificant(85.85482983067065, 3)).toBe('85.9');
    expect(formatSignificant(-0.5)).toBe('-0.5');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(Number.NaN)).toBe('NaN');
    expect(formatSignificant(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('withoutBinaryResidue (computed values at the response boundary)', () => {
  it('removes the residue of means, sums and differences of measured values', () => {
    const mean = (28.55 + 28.56 + 28.57) / 3;
    expect(mean).not.toBe(28.56);
    expect(withoutBinaryResidue(mean)).toBe(28.56);
    expect(withoutBinaryResidue(0.1 + 0.2)).toBe(0.3);
    expect(withoutBinaryResidue(12926.043000000001)).toBe(12926.043);
    expect(withoutBinaryResidue(6.5859999999999985)).toBe(6.586);
    expect(withoutBinaryResidue(0.07 * 1000)).toBe(70);
  });

  it('leaves short decimals as they are and moves an estimate only in its 16th digit', () => {
    for (const x of [28.56, -0.5, 2.5e-5, 1.23456789012345e-7, 12345678901234.5, 25]) {
      expect(withoutBinaryResidue(x)).toBe(x);
    }
    const estimate = 2.2476888049321686;
    expect(Math.abs(withoutBinaryResidue(estimate) - estimate) / estimate).toBeLessThan(1e-14);
  });

  it('returns zero, null and non-finite values as they are', () => {
    expect(withoutBinaryResidue(null)).toBeNull();
    expect(Object.is(withoutBinaryResidue(-0), -0)).toBe(true);
    expect(withoutBinaryResidue(Number.NaN)).toBeNaN();
    expect(withoutBinaryResidue(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});
