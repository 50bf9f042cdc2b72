import { type CsvColumn, type CsvValue, toCsv } from './csv';

/** One fit, flat, as exported: every parameter, its SE, the IC50 and the flags. */
export interface FitCsvRow {
  id: string;
  plateId: string;
  runId: string | null;
  analysisId: string;
  materialId: string | null;
  materialName: string | null;
  inhibitor: string | null;
  inhibitorConcentrationMolar: number | null;
  model: string;
  status: string;
  supersededById: string | null;
  fitStatus: string;
  converged: boolean;
  convergence: string | null;
  iterations: number;
  n: number;
  nParams: number;
  df: number;
  concentrationUnit: string;
  b: number | null;
  bSe: number | null;
  c: number | null;
  cSe: number | null;
  d: number | null;
  dSe: number | null;
  e: number | null;
  eSe: number | null;
  f: number | null;
  fSe: number | null;
  lnE: number | null;
  seLnE: number | null;
  ic50: number | null;
  seLnIc50: number | null;
  ic50Ci95Low: number | null;
  ic50Ci95High: number | null;
  ic50Absolute: number | null;
  ic50Bound: string | null;
  /** The fitted half-maximal concentration (relative e), whether or not it is the IC50. */
  halfMaximalConcentration: number | null;
  /** false: the CI is unreliable (bottom-extrapolated); null without a CI. */
  ic50CiReliable: boolean | null;
  ic50Display: string;
  rss: number | null;
  residualSe: number | null;
  rSquared: number | null;
  tQuantile: number | null;
  maxReplicateCvPct: number | null;
  testedMin: number | null;
  testedMax: number | null;
  distinctConcentrations: number;
  flags: string[];
  /** "flag:severity" for each flag. */
  flagSeverities: string[];
  method: string;
  methodVersion: string;
  inputHash: string;
  options: Record<string, unknown>;
  createdAt: string;
  createdById: string | null;
  reason: string | null;
}

/** Every quality flag a fit can carry: each gets its own 0/1 column, for spreadsheet filters. */
export const FIT_FLAG_COLUMNS = [
  'inactive',
  'not-fitted',
  'no-convergence',
  'singular-fit',
  'no-residual-df',
  'ic50-above-range',
  'ic50-below-range',
  'low-r-squared',
  'shallow-slope',
  'steep-slope',
  'ambiguous-ci',
  'too-few-concentrations',
  'negative-signal',
  'high-replicate-cv',
  'non-monotone',
  'bottom-extrapolated',
] as const;

// Column order of the export: snake_case header → value.
const COLUMNS: [string, (r: FitCsvRow) => CsvValue][] = [
  ['fit_id', (r) => r.id],
  ['plate_id', (r) => r.plateId],
  ['run_id', (r) => r.runId],
  ['analysis_id', (r) => r.analysisId],
  ['material_id', (r) => r.materialId],
  ['material_name', (r) => r.materialName],
  ['inhibitor', (r) => r.inhibitor],
  ['inhibitor_concentration_molar', (r) => r.inhibitorConcentrationMolar],
  ['model', (r) => r.model],
  ['status', (r) => r.status],
  ['superseded_by_id', (r) => r.supersededById],
  ['fit_status', (r) => r.fitStatus],
  ['converged', (r) => r.converged],
  ['convergence', (r) => r.convergence],
  ['iterations', (r) => r.iterations],
  ['n', (r) => r.n],
  ['n_params', (r) => r.nParams],
  ['df', (r) => r.df],
  ['concentration_unit', (r) => r.concentrationUnit],
  ['b', (r) => r.b],
  ['b_se', (r) => r.bSe],
  ['c', (r) => r.c],
  ['c_se', (r) => r.cSe],
  ['d', (r) => r.d],
  ['d_se', (r) => r.dSe],
  ['e', (r) => r.e],
  ['e_se', (r) => r.eSe],
  ['f', (r) => r.f],
  ['f_se', (r) => r.fSe],
  ['ln_e', (r) => r.lnE],
  ['se_ln_e', (r) => r.seLnE],
  ['ic50', (r) => r.ic50],
  ['se_ln_ic50', (r) => r.seLnIc50],
  ['ic50_ci95_low', (r) => r.ic50Ci95Low],
  ['ic50_ci95_high', (r) => r.ic50Ci95High],
  ['ic50_absolute', (r) => r.ic50Absolute],
  ['ic50_bound', (r) => r.ic50Bound],
  ['ic50_ci_reliable', (r) => r.ic50CiReliable],
  ['half_maximal_concentration', (r) => r.halfMaximalConcentration],
  ['ic50_display', (r) => r.ic50Display],
  ['rss', (r) => r.rss],
  ['residual_se', (r) => r.residualSe],
  ['r_squared', (r) => r.rSquared],
  ['t_quantile', (r) => r.tQuantile],
  ['max_replicate_cv_pct', (r) => r.maxReplicateCvPct],
  ['tested_min', (r) => r.testedMin],
  ['tested_max', (r) => r.testedMax],
  ['distinct_concentrations', (r) => r.distinctConcentrations],
  ['flags', (r) => r.flags.join(';')],
  ['flag_severities', (r) => r.flagSeverities.join(';')],
  ...FIT_FLAG_COLUMNS.map((flag): [string, (r: FitCsvRow) => CsvValue] => [
    `flag_${flag.replace(/-/g, '_')}`,
    (r) => (r.flags.includes(flag) ? 1 : 0),
  ]),
  ['method', (r) => r.method],
  ['method_version', (r) => r.methodVersion],
  ['input_hash', (r) => r.inputHash],
  ['options', (r) => JSON.stringify(r.options)],
  ['created_at', (r) => r.createdAt],
  ['created_by_id', (r) => r.createdById],
  ['reason', (r) => r.reason],
];

const CSV_COLUMNS: CsvColumn<FitCsvRow>[] = COLUMNS.map(([header, value]) => ({ header, value }));

/**
 * CSV of fits, one row per fit with every parameter, SE, IC50 and flag (a `flags` list and one
 * 0/1 column per known flag), through the shared writer: numbers at full precision and never
 * escaped, text that a spreadsheet would run as a formula neutralised (see reports/csv.ts).
 */
export function fitsToCsv(rows: readonly FitCsvRow[]): string {
  return toCsv(CSV_COLUMNS, rows);
}
