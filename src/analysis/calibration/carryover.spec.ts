import { evaluateCarryover, parseFractionText } from './carryover';

describe('evaluateCarryover (ICH M10 carry-over after the ULOQ calibrator)', () => {
  const base = { lloqAnalyteAreas: [6000, 6200], internalStandardAreas: [1_200_000, 1_300_000] };

  it('passes a blank at 10 % of the LLOQ and 1 % of the IS', () => {
    const r = evaluateCarryover({
      ...base,
      blankAnalyteArea: 610,
      blankInternalStandardArea: 12_500,
    });
    expect(r.analytePercentOfLloq).toBeCloseTo(10, 9);
    expect(r.internalStandardPercentOfMean).toBeCloseTo(1, 9);
    expect(r.pass).toBe(true);
    expect(r.method).toBe('ich-m10-carryover');
  });

  it('fails the analyte rule above 20 % of the LLOQ response', () => {
    const r = evaluateCarryover({
      ...base,
      blankAnalyteArea: 1300,
      blankInternalStandardArea: null,
    });
    expect(r.analytePass).toBe(false);
    expect(r.internalStandardPass).toBe(true);
    expect(r.pass).toBe(false);
  });

  it('fails the IS rule above 5 % of the mean IS response', () => {
    const r = evaluateCarryover({
      ...base,
      blankAnalyteArea: null,
      blankInternalStandardArea: 90_000,
    });
    expect(r.internalStandardPercentOfMean).toBeCloseTo(7.2, 9);
    expect(r.internalStandardPass).toBe(false);
  });

  it('treats a blank without peaks as nothing carried over, and a value on the limit as passing', () => {
    expect(
      evaluateCarryover({ ...base, blankAnalyteArea: null, blankInternalStandardArea: null }).pass,
    ).toBe(true);
    expect(
      evaluateCarryover({ ...base, blankAnalyteArea: 1220, blankInternalStandardArea: 62_500 })
        .pass,
    ).toBe(true);
  });

  it('takes its limits from options', () => {
    const r = evaluateCarryover(
      { ...base, blankAnalyteArea: 610, blankInternalStandardArea: null },
      { maxPercentOfLloq: 5 },
    );
    expect(r.analytePass).toBe(false);
    expect(r.options).toEqual({ maxPercentOfLloq: 5, maxPercentOfIs: 5 });
  });

  it('refuses empty reference areas', () => {
    expect(() =>
      evaluateCarryover({
        ...base,
        lloqAnalyteAreas: [],
        blankAnalyteArea: 1,
        blankInternalStandardArea: 1,
      }),
    ).toThrow(/lloqAnalyteAreas/);
  });
});

describe('parseFractionText', () => {
  it('reads 2/3 exactly and decimals', () => {
    expect(parseFractionText('2/3')).toBe(2 / 3);
    expect(parseFractionText('0.75')).toBe(0.75);
  });
  it('refuses text and values above 1', () => {
    expect(() => parseFractionText('two thirds')).toThrow();
    expect(() => parseFractionText('4/3')).toThrow();
  });
});
