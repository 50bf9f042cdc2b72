import fc from 'fast-check';
import { canonicalUnitSymbol, convertUnit, findUnit, KNOWN_UNITS, unitsCompatible } from './units';

describe('units', () => {
  it('resolves aliases to canonical symbols', () => {
    expect(canonicalUnitSymbol('uM')).toBe('µM');
    expect(canonicalUnitSymbol('μM')).toBe('µM'); // Greek mu
    expect(canonicalUnitSymbol(' nmol/L ')).toBe('nM');
    expect(canonicalUnitSymbol('ug/mL')).toBe('µg/mL');
    expect(canonicalUnitSymbol('degC')).toBe('°C');
    expect(canonicalUnitSymbol('MM')).toBeUndefined(); // case matters: mM is not MM
    expect(findUnit('furlong')).toBeUndefined();
  });

  it('converts decades exactly', () => {
    expect(convertUnit(1.5, 'µM', 'nM')).toEqual({ ok: true, value: 1500, unit: 'nM' });
    expect(convertUnit(0.07, 'µM', 'nM')).toEqual({ ok: true, value: 70, unit: 'nM' });
    expect(convertUnit(250, 'nM', 'uM')).toEqual({ ok: true, value: 0.25, unit: 'µM' });
    expect(convertUnit(3, 'mM', 'M')).toEqual({ ok: true, value: 0.003, unit: 'M' });
    expect(convertUnit(500, 'ng/mL', 'µg/mL')).toEqual({ ok: true, value: 0.5, unit: 'µg/mL' });
    expect(convertUnit(1, 'mg/L', 'µg/mL')).toEqual({ ok: true, value: 1, unit: 'µg/mL' });
  });

  it('converts time', () => {
    expect(convertUnit(90, 'min', 'h')).toEqual({ ok: true, value: 1.5, unit: 'h' });
    expect(convertUnit(2, 'd', 'h')).toEqual({ ok: true, value: 48, unit: 'h' });
    expect(convertUnit(1, 'h', 's')).toEqual({ ok: true, value: 3600, unit: 's' });
  });

  it('refuses other dimensions and unknown units', () => {
    expect(convertUnit(1, 'nM', '%')).toMatchObject({ ok: false, code: 'INCOMPATIBLE_UNITS' });
    expect(convertUnit(1, 'µM', 'ng/mL')).toMatchObject({ ok: false, code: 'INCOMPATIBLE_UNITS' });
    expect(convertUnit(1, '%', 'fold')).toMatchObject({ ok: false, code: 'INCOMPATIBLE_UNITS' });
    expect(convertUnit(1, 'cells/mL', 'cells/well')).toMatchObject({ ok: false });
    expect(convertUnit(1, 'parsec', 'nM')).toMatchObject({ ok: false, code: 'UNKNOWN_UNIT' });
    expect(unitsCompatible('cells/well', 'cells/well')).toBe(true);
  });

  it('has unique symbols', () => {
    const symbols = KNOWN_UNITS.map((u) => u.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
  });

  it('round-trips any value between compatible units (property)', () => {
    const pairs = KNOWN_UNITS.flatMap((a) =>
      KNOWN_UNITS.filter((b) => unitsCompatible(a.symbol, b.symbol)).map((b) => [
        a.symbol,
        b.symbol,
      ]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        ([a, b], x) => {
          const there = convertUnit(x, a, b);
          if (!there.ok) return false;
          const back = convertUnit(there.value, b, a);
          return back.ok && Math.abs(back.value - x) <= 1e-13 * Math.abs(x);
        },
      ),
    );
  });
});
