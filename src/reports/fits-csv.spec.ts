import Papa from 'papaparse';
import { FIT_FLAG_COLUMNS, type FitCsvRow, fitsToCsv } from './fits-csv';

const row: FitCsvRow = {
  id: 'f1',
  plateId: 'p1',
  runId: null,
  analysisId: 'a1',
  materialId: 'm1',
  materialName: '=HYPERLINK("x")',
  inhibitor: 'MK571 25 µM',
  inhibitorConcentrationMolar: 2.5e-5,
  model: 'LL4',
  status: 'current',
  supersededById: null,
  fitStatus: 'fitted',
  converged: true,
  convergence: 'ftol',
  iterations: 12,
  n: 27,
  nParams: 4,
  df: 23,
  concentrationUnit: 'µM',
  b: 1.508186197499107,
  bSe: 0.11,
  c: -0.5,
  cSe: 0.7,
  d: 98.4,
  dSe: 4.6,
  e: 2.2476888049321686,
  eSe: 0.19,
  f: 1,
  fSe: null,
  lnE: 0.81,
  seLnE: 0.084,
  ic50: 2.2476888049321686,
  seLnIc50: 0.084,
  ic50Ci95Low: 1.89,
  ic50Ci95High: 2.67,
  ic50Absolute: 2.395,
  ic50Bound: null,
  halfMaximalConcentration: null,
  ic50CiReliable: null,
  flagSeverities: [],
  ic50Display: '2.248 µM (95 % CI 1.89–2.673)',
  rss: 104.3,
  residualSe: 2.13,
  rSquared: 0.9947,
  tQuantile: 2.0687,
  maxReplicateCvPct: 5,
  testedMin: 0.78125,
  testedMax: 200,
  distinctConcentrations: 9,
  flags: ['low-r-squared', 'ambiguous-ci'],
  method: 'dose-response/log-logistic-least-squares',
  methodVersion: '1.0.0',
  inputHash: 'abc',
  options: { model: 'LL4' },
  createdAt: '2024-06-11T14:02:37.000Z',
  createdById: 'u1',
  reason: 'import',
};

describe('fitsToCsv', () => {
  const parsed = Papa.parse<Record<string, string>>(fitsToCsv([row]), { header: true });

  it('writes one row per fit with full-precision numbers', () => {
    expect(parsed.data).toHaveLength(1);
    const r = parsed.data[0];
    expect(Number(r.ic50)).toBe(row.ic50);
    expect(Number(r.b)).toBe(row.b);
    expect(r.c).toBe('-0.5'); // numbers are never formula-escaped
    expect(r.f_se).toBe('');
    expect(r.concentration_unit).toBe('µM');
  });

  it('has a flags list and a 0/1 column per known flag', () => {
    const r = parsed.data[0];
    expect(r.flags).toBe('low-r-squared;ambiguous-ci');
    expect(r.flag_low_r_squared).toBe('1');
    expect(r.flag_ic50_above_range).toBe('0');
    for (const f of FIT_FLAG_COLUMNS)
      expect(parsed.meta.fields).toContain(`flag_${f.replace(/-/g, '_')}`);
  });

  it('escapes text a spreadsheet would run as a formula', () => {
    expect(parsed.data[0].material_name.startsWith("'=")).toBe(true);
  });
});

describe('fitsToCsv: formula neutralisation, newlines or not', () => {
  it.each([
    ["=cmd|' /C calc'!A0\n"],
    ["=cmd|' /C calc'!A0\r\nsecond line"],
    ['+1+1\n'],
    ['-2+3\nx'],
    ['@SUM(A1:A2)\n'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['\n=1+1'],
    ['  =1+1'],
  ])('writes a material named %j as inert text', (name) => {
    const csv = fitsToCsv([{ ...row, materialName: name }]);
    const cell = Papa.parse<Record<string, string>>(csv, { header: true }).data[0].material_name;
    expect(cell).toBe(`'${name}`);
  });

  it('keeps negative numbers as numbers', () => {
    const csv = fitsToCsv([{ ...row, c: -12.5, b: -1.2e-7, lnE: -0 }]);
    const r = Papa.parse<Record<string, string>>(csv, { header: true }).data[0];
    expect(r.c).toBe('-12.5');
    expect(r.b).toBe('-1.2e-7');
    expect(Number(r.b)).toBe(-1.2e-7);
    expect(r.ln_e).toBe('0');
  });
});
