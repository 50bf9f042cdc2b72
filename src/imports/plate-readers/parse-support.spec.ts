import fc from 'fast-check';

import {
  parseNumberCell,
  parseWavelengthLabel,
  sniffDelimiter,
  toIsoLocal,
  tokenize,
} from './parse-support';

describe('parseNumberCell', () => {
  it.each([
    ['0.0883', 0.0883],
    [' 1.2 ', 1.2],
    ['-0.0003', -0.0003],
    ['+2', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['4.99999999999945E-05', 4.99999999999945e-5],
    ['3', 3],
  ])('reads %p', (raw, value) => {
    expect(parseNumberCell(raw, false)).toBe(value);
  });

  it.each([
    '',
    '  ',
    'OVRFLW',
    '?????',
    '<0.000',
    '>105.000',
    '*0.356*',
    '1.2.3',
    'Infinity',
    'NaN',
    '0x10',
    '1e',
    '-',
    '.',
    '1,5',
    '1 2',
  ])('rejects %p', (raw) => {
    expect(parseNumberCell(raw, false)).toBeNaN();
  });

  it('equals Number() on every decimal string (fast path and fallback)', () => {
    const digits = (max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''));
    const decimal = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        digits(22),
        fc.option(digits(22)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(3))),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`,
      )
      .filter((s) => /\d/.test(s.split(/e/i)[0]) && !/[eE][+-]?$/.test(s));
    fc.assert(
      fc.property(decimal, (s) => {
        const expected = Number(s);
        const got = parseNumberCell(s, false);
        if (Number.isFinite(expected)) return Object.is(got, expected);
        return Number.isNaN(got);
      }),
      { numRuns: 5000 },
    );
    expect(parseNumberCell('1e400', false)).toBeNaN();
    expect(Object.is(parseNumberCell('-0', false), -0)).toBe(true);
    expect(parseNumberCell('0.1', false)).toBe(0.1);
    expect(parseNumberCell('123456789012345678901234567890', false)).toBe(1.2345678901234568e29);
  });

  it('accepts a decimal comma only when asked', () => {
    expect(parseNumberCell('0,0883', true)).toBe(0.0883);
    expect(parseNumberCell('-4,99999999999945E-05', true)).toBe(-4.99999999999945e-5);
    expect(parseNumberCell('0,0883', false)).toBeNaN();
    expect(parseNumberCell('1,234,5', true)).toBeNaN();
    expect(parseNumberCell(',5', true)).toBeNaN();
    expect(parseNumberCell('5,', true)).toBeNaN();
  });
});

describe('toIsoLocal', () => {
  it.each([
    ['2024-06-11 14:02:37', undefined, '2024-06-11T14:02:37'],
    ['2024-06-11T14:02', undefined, '2024-06-11T14:02:00'],
    ['6/11/2024', '2:02:37 PM', '2024-06-11T14:02:37'],
    ['6/11/2024', '12:05:00 AM', '2024-06-11T00:05:00'],
    ['25/11/2024', '09:15:00', '2024-11-25T09:15:00'],
    ['11.06.2024', '14:02', '2024-06-11T14:02:00'],
    ['6/11/2024', undefined, '2024-06-11'],
  ])('reads %p %p', (date, time, iso) => {
    expect(toIsoLocal(date, time)).toBe(iso);
  });

  it.each([['13/13/2024'], ['yesterday'], ['2024-02-40'], ['6/11/2024 25:00']])(
    'rejects %p',
    (date) => {
      expect(toIsoLocal(date)).toBeUndefined();
    },
  );
});

describe('tokenize', () => {
  it('numbers lines exactly, also across quoted newlines and CRLF', () => {
    const t = tokenize('a,b\r\n"x\ny",z\r\n\r\nlast,1\r\n', ',');
    expect(t.rows).toEqual([['a', 'b'], ['x\ny', 'z'], [''], ['last', '1']]);
    expect(t.lines).toEqual([1, 2, 4, 5]);
  });

  it('sniffs the delimiter', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1,5\t2\t3')).toBe('\t');
  });
});

describe('parseWavelengthLabel', () => {
  it.each([
    ['570', 570],
    ['650 nm', 650],
    ['A570', 570],
    ['OD_600', 600],
    ['Abs 450', 450],
  ])('reads %p', (text, nm) => {
    expect(parseWavelengthLabel(text)).toBe(nm);
  });

  it.each(['red', '57', '5700', 'A', ''])('rejects %p', (text) => {
    expect(parseWavelengthLabel(text)).toBeNull();
  });
});
