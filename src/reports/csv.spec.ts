import fc from 'fast-check';
import Papa from 'papaparse';
import { csvCell, csvText, toCsv } from './csv';

/** What a spreadsheet would run as a formula: the rule every text cell must escape. */
const looksLikeFormula = (cell: string) => /^(?:[\t\r]|\s*[=+\-@])/.test(cell);

describe('CSV writer', () => {
  it('neutralises formula starts in text cells, quoted or not', () => {
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText("=cmd|' /C calc'!A0\n")).toBe(`"'=cmd|' /C calc'!A0\n"`);
    expect(csvText('@x,y')).toBe(`"'@x,y"`);
    expect(csvText('-')).toBe("'-");
    expect(csvText('ok "quoted"')).toBe('"ok ""quoted"""');
    expect(csvText('plain')).toBe('plain');
  });

  it('writes numbers from numbers, negative ones included, and text numbers as text', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(-1e21)).toBe('-1e+21');
    expect(csvCell(2.5e-5)).toBe('0.000025');
    expect(csvCell(-0)).toBe('0');
    expect(csvCell(10n)).toBe('10');
    expect(csvCell('-0.5')).toBe("'-0.5");
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe("'-Infinity");
    expect(csvCell(Number.NaN)).toBe('NaN');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
  });

  it('round-trips any text and any finite number, and no text cell starts a formula (property)', () => {
    const columns = [
      { header: 'text', value: (r: { s: string; n: number }) => r.s },
      { header: 'number', value: (r: { s: string; n: number }) => r.n },
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            s: fc.oneof(
              fc.string({ unit: 'grapheme' }),
              fc
                .tuple(
                  fc.constantFrom('', ' ', '\n', '\r\n', '\t', '\r', '  \n '),
                  fc.constantFrom('=', '+', '-', '@'),
                  fc.string(),
                )
                .map((p) => p.join('')),
            ),
            n: fc.double({ noNaN: true, noDefaultInfinity: true }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const parsed = Papa.parse<string[]>(toCsv(columns, rows), { newline: '\r\n' }).data;
          expect(parsed[0]).toEqual(['text', 'number']);
          rows.forEach((r, i) => {
            const [text, number] = parsed[i + 1];
            expect(looksLikeFormula(text)).toBe(false);
            expect([r.s, `'${r.s}`]).toContain(text);
            if (text !== r.s) expect(looksLikeFormula(r.s)).toBe(true);
            expect(Number(number)).toBe(r.n === 0 ? 0 : r.n);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
