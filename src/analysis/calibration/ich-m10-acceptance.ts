// ICH M10 run acceptance of an LC-MS/MS batch: calibration line, calibrators, QCs, unknowns.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../common/provenance';
import { accuracyPercent } from './back-calculation';
import { peakAreaRatio } from './peak-area-ratio';
import { classifyResponse, type QuantitationStatus } from './quantitation-limits';
import {
  calibrationWeights,
  fitCalibrationLine,
  type CalibrationLine,
  type CalibrationWeighting,
} from './weighted-calibration';

/** A response given directly, or as analyte and internal-standard peak areas. */
export type ResponseSource =
  { response: number } | { analyteArea: number; internalStandardArea: number };

export type CalibratorSample = ResponseSource & { sample: string; nominalConcentration: number };
export type QcSample = ResponseSource & {
  sample: string;
  level: string;
  nominalConcentration: number;
};
export type UnknownSample = ResponseSource & {
  sample: string;
  /** Dilution applied before injection; the reported concentration is multiplied by it. Default 1. */
  dilutionFactor?: number;
};

export interface CalibrationBatchInput {
  analyte?: string;
  /** Unit label of the nominal concentrations (e.g. 'ng/mL'). */
  concentrationUnit?: string;
  calibrators: readonly CalibratorSample[];
  qcs: readonly QcSample[];
  unknowns?: readonly UnknownSample[];
}

export interface IchM10Options {
  /** Regression weighting. Default '1/x^2'. */
  weighting?: CalibrationWeighting;
  /** Accuracy limit of calibrators and QCs, ± per cent of nominal. Default 15. */
  tolerancePercent?: number;
  /** Accuracy limit at the LLOQ (calibrator and QC), ± per cent. Default 20. */
  lloqTolerancePercent?: number;
  /** Accuracy limit of QCs when it differs from the calibrators'. Default `tolerancePercent`. */
  qcTolerancePercent?: number;
  /** Accuracy limit of a QC at the LLOQ. Default `lloqTolerancePercent`. */
  qcLloqTolerancePercent?: number;
  /** Fraction of calibrators that must pass. Default 0.75. */
  minCalibratorPassFraction?: number;
  /** Number of calibrator levels that must pass. Default 6. */
  minCalibratorLevels?: number;
  /** Fraction of a level's replicate calibrators that must pass for the level to pass. Default 0.5. */
  minCalibratorLevelPassFraction?: number;
  /** Fraction of all QCs that must pass. Default 2/3. */
  minQcPassFraction?: number;
  /** Fraction of the QCs of each level that must pass. Default 0.5. */
  minQcLevelPassFraction?: number;
}

export type IchM10RuleCode =
  | 'CALIBRATION_SLOPE_NOT_POSITIVE'
  | 'CALIBRATOR_PASS_FRACTION'
  | 'CALIBRATOR_LEVELS'
  | 'QC_MISSING'
  | 'QC_PASS_FRACTION'
  | 'QC_LEVEL_PASS_FRACTION';

export interface FailedRule {
  code: IchM10RuleCode;
  /** Human-readable rule, e.g. "QC level QC-M: fewer than 50 % within +-15 %". */
  message: string;
  /** The QC level concerned, for QC_LEVEL_PASS_FRACTION. */
  level?: string;
}

export interface AccuracyRow {
  sample: string;
  nominalConcentration: number;
  response: number;
  /** Null only when the line cannot be inverted (slope ≤ 0). */
  backCalculatedConcentration: number | null;
  accuracyPercent: number | null;
  /** Allowed deviation, ± per cent (20 at the LLOQ, else 15). */
  limitPercent: number;
  pass: boolean;
}

export interface QcRow extends AccuracyRow {
  level: string;
}

export interface PassSummary {
  n: number;
  nPass: number;
  fractionPass: number;
  pass: boolean;
}

export interface UnknownRow {
  sample: string;
  response: number;
  dilutionFactor: number;
  /** 'not-quantifiable' when the calibration line cannot be inverted. */
  status: QuantitationStatus | 'not-quantifiable';
  /** Concentration × dilution factor: a number only when status is 'quantified'. */
  concentration: number | null;
  /** Out-of-range back-calculated value (undiluted), never to be reported. */
  rawBackCalculatedNotReportable: number | null;
}

export interface CalibrationBatchResult extends Provenance {
  analyte: string | null;
  concentrationUnit: string | null;
  line: Omit<CalibrationLine, keyof Provenance>;
  /** Lowest and highest calibrator nominal concentrations. */
  lloq: number;
  uloq: number;
  /**
   * The quantification range actually used for unknowns: lowest and highest calibrator levels
   * that passed (ICH M10: a failed LLOQ/ULOQ calibrator narrows the range).
   */
  reportableRange: { lloq: number; uloq: number } | null;
  calibrators: AccuracyRow[];
  calibratorSummary: PassSummary & { nLevels: number; levelsPass: number };
  qcs: QcRow[];
  qcLevels: Array<PassSummary & { level: string; nominalConcentration: number }>;
  qcSummary: PassSummary;
  batchAccepted: boolean;
  failedRules: FailedRule[];
  unknowns: UnknownRow[];
  flags: Array<'calibration-range-narrowed' | 'batch-rejected'>;
}

function resolveResponse(s: ResponseSource, field: string): number {
  if (typeof s !== 'object' || s === null) {
    throw new AnalysisError('BAD_INPUT', `${field} must be an object`, field);
  }
  if ('response' in s && s.response !== undefined) {
    assertFinite(s.response, `${field}.response`);
    return s.response;
  }
  const a = s as { analyteArea?: unknown; internalStandardArea?: unknown };
  if (a.analyteArea === undefined && a.internalStandardArea === undefined) {
    throw new AnalysisError(
      'BAD_INPUT',
      `${field} needs response or analyteArea + internalStandardArea`,
      field,
    );
  }
  assertFinite(a.analyteArea, `${field}.analyteArea`);
  assertFinite(a.internalStandardArea, `${field}.internalStandardArea`);
  return peakAreaRatio(a.analyteArea, a.internalStandardArea);
}

function checkName(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new AnalysisError('BAD_INPUT', `${field} must be a non-empty string`, field);
  }
}

function fraction(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  assertFinite(v, field);
  if (!(v >= 0 && v <= 1))
    throw new AnalysisError('BAD_OPTION', `${field} must be in [0, 1]`, field);
  return v;
}

/** n·f passes needed, robust to f = 2/3 given as 0.6667 or 2/3 (compare with a tiny slack). */
function meets(nPass: number, n: number, f: number): boolean {
  return n > 0 && nPass >= f * n - 1e-9;
}

/** "66.7" for 2/3, "75" for 0.75. */
function percentLabel(f: number): string {
  return String(Math.round(f * 1000) / 10);
}

const sameLevel = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * ICH M10 run acceptance of a chromatographic batch:
 * 1. Calibration line by weighted least squares (default 1/x²) of response (area/IS area) on
 *    nominal concentration; back-calculated concentration x = (y − a)/b, accuracy
 *    = 100·x/nominal.
 * 2. Calibrators pass within ±15 % (±20 % at the LLOQ = lowest level); a level passes when
 *    ≥ 50 % of its replicates pass; the run needs ≥ 75 % of calibrators and ≥ 6 levels passing.
 * 3. QCs pass within ±15 % (±20 % for a QC at the LLOQ); ≥ 2/3 of all QCs and ≥ 50 % at each
 *    level must pass. A batch without QCs is not accepted.
 * 4. Unknowns: below the LLOQ 'BLQ', above the ULOQ 'ALQ' (no number), otherwise quantified
 *    (× dilution factor). The range is that of the lowest and highest passing levels.
 * The decision lists every failed rule (code and message); thresholds are options.
 * Units: concentrations in the calibrators' unit; accuracy in per cent.
 * Reference: ICH M10 (2022) Bioanalytical method validation and study sample analysis,
 * §3.2.3 (calibration curve), §3.2.5 and §4.3 (QCs, run acceptance), §4.4 (dilution).
 * The regression is not refitted without failed calibrators (M10 allows it; do it by
 * re-running without them).
 * @throws AnalysisError for malformed samples (names, non-finite numbers, nominal ≤ 0, IS area
 *   ≤ 0), fewer than 2 calibrator levels, or bad options.
 */
export function evaluateCalibrationBatch(
  input: CalibrationBatchInput,
  options: IchM10Options = {},
): CalibrationBatchResult {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const weighting = options.weighting ?? '1/x^2';
  const tol = options.tolerancePercent ?? 15;
  const lloqTol = options.lloqTolerancePercent ?? 20;
  const qcTol = options.qcTolerancePercent ?? tol;
  const qcLloqTol = options.qcLloqTolerancePercent ?? lloqTol;
  const tolerances: [number, string][] = [
    [tol, 'tolerancePercent'],
    [lloqTol, 'lloqTolerancePercent'],
    [qcTol, 'qcTolerancePercent'],
    [qcLloqTol, 'qcLloqTolerancePercent'],
  ];
  for (const [t, name] of tolerances) {
    assertFinite(t, name);
    if (!(t > 0)) throw new AnalysisError('BAD_OPTION', 'tolerances must be > 0', name);
  }
  const minCalFraction = fraction(
    options.minCalibratorPassFraction,
    0.75,
    'minCalibratorPassFraction',
  );
  const minCalLevelFraction = fraction(
    options.minCalibratorLevelPassFraction,
    0.5,
    'minCalibratorLevelPassFraction',
  );
  const minQcFraction = fraction(options.minQcPassFraction, 2 / 3, 'minQcPassFraction');
  const minQcLevelFraction = fraction(
    options.minQcLevelPassFraction,
    0.5,
    'minQcLevelPassFraction',
  );
  const minLevels = options.minCalibratorLevels ?? 6;
  if (!Number.isInteger(minLevels) || minLevels < 0) {
    throw new AnalysisError(
      'BAD_OPTION',
      'minCalibratorLevels must be a non-negative integer',
      'minCalibratorLevels',
    );
  }
  for (const key of ['analyte', 'concentrationUnit'] as const) {
    if (input[key] !== undefined && typeof input[key] !== 'string') {
      throw new AnalysisError('BAD_INPUT', `${key} must be a string`, key);
    }
  }
  const unknownsIn = input.unknowns ?? [];
  for (const [key, arr] of [
    ['calibrators', input.calibrators],
    ['qcs', input.qcs],
    ['unknowns', unknownsIn],
  ] as const) {
    if (!Array.isArray(arr))
      throw new AnalysisError('NOT_AN_ARRAY', `${key} must be an array`, key);
  }

  // Validate and resolve responses first: nothing is computed from malformed input.
  const cal = input.calibrators.map((c, i) => {
    const field = `calibrators[${i}]`;
    checkName(c?.sample, `${field}.sample`);
    assertFinite(c.nominalConcentration, `${field}.nominalConcentration`);
    if (!(c.nominalConcentration > 0)) {
      throw new AnalysisError(
        'NOT_POSITIVE',
        `${field}.nominalConcentration must be > 0`,
        `${field}.nominalConcentration`,
      );
    }
    return {
      sample: c.sample,
      nominal: c.nominalConcentration,
      response: resolveResponse(c, field),
    };
  });
  const qcIn = input.qcs.map((q, i) => {
    const field = `qcs[${i}]`;
    checkName(q?.sample, `${field}.sample`);
    checkName(q.level, `${field}.level`);
    assertFinite(q.nominalConcentration, `${field}.nominalConcentration`);
    if (!(q.nominalConcentration > 0)) {
      throw new AnalysisError(
        'NOT_POSITIVE',
        `${field}.nominalConcentration must be > 0`,
        `${field}.nominalConcentration`,
      );
    }
    return {
      sample: q.sample,
      level: q.level,
      nominal: q.nominalConcentration,
      response: resolveResponse(q, field),
    };
  });
  const unkIn = unknownsIn.map((u, i) => {
    const field = `unknowns[${i}]`;
    checkName(u?.sample, `${field}.sample`);
    const dilutionFactor = u.dilutionFactor ?? 1;
    assertFinite(dilutionFactor, `${field}.dilutionFactor`);
    if (!(dilutionFactor >= 1)) {
      throw new AnalysisError(
        'BAD_DILUTION',
        `${field}.dilutionFactor must be ≥ 1`,
        `${field}.dilutionFactor`,
      );
    }
    return { sample: u.sample, dilutionFactor, response: resolveResponse(u, field) };
  });
  const levels = [...new Set(cal.map((c) => c.nominal))].sort((a, b) => a - b);
  if (levels.length < 2) {
    throw new AnalysisError(
      'TOO_FEW_LEVELS',
      'a calibration needs at least 2 concentration levels',
      'calibrators',
    );
  }
  const lloq = levels[0];
  const uloq = levels[levels.length - 1];
  // Fails early (AnalysisError) on weights that cannot be formed.
  calibrationWeights(
    cal.map((c) => c.nominal),
    weighting,
  );
  // The line's provenance is dropped below: this result's hash covers the calibrators.
  const fullLine = withoutInputHashes(() =>
    fitCalibrationLine(
      { concentration: cal.map((c) => c.nominal), response: cal.map((c) => c.response) },
      { weighting, concentrationUnit: input.concentrationUnit },
    ),
  );
  const { method: _m, methodVersion: _v, options: _o, inputHash: _h, ...line } = fullLine;
  const invertible = line.slope > 0;
  const failedRules: FailedRule[] = [];
  if (!invertible) {
    failedRules.push({
      code: 'CALIBRATION_SLOPE_NOT_POSITIVE',
      message: 'Calibration: slope is not positive',
    });
  }

  const assess = (nominal: number, response: number, limitPercent: number) => {
    if (!invertible)
      return {
        backCalculatedConcentration: null,
        accuracyPercent: null,
        limitPercent,
        pass: false,
      };
    const back = (response - line.intercept) / line.slope;
    if (!Number.isFinite(back)) {
      throw new AnalysisError('NUMERIC_OVERFLOW', 'back-calculation overflows', 'response');
    }
    const acc = accuracyPercent(back, nominal);
    // A tiny slack so that a value on the limit itself (e.g. exactly 115 %) passes.
    return {
      backCalculatedConcentration: back,
      accuracyPercent: acc,
      limitPercent,
      pass: Math.abs(acc - 100) <= limitPercent + 1e-9,
    };
  };

  const calibrators: AccuracyRow[] = cal.map((c) => ({
    sample: c.sample,
    nominalConcentration: c.nominal,
    response: c.response,
    ...assess(c.nominal, c.response, sameLevel(c.nominal, lloq) ? lloqTol : tol),
  }));
  const passingLevels = levels.filter((lv) => {
    const rows = calibrators.filter((c) => c.nominalConcentration === lv);
    return meets(rows.filter((c) => c.pass).length, rows.length, minCalLevelFraction);
  });
  const calPass = calibrators.filter((c) => c.pass).length;
  const calFractionOk = meets(calPass, calibrators.length, minCalFraction);
  const calLevelsOk = passingLevels.length >= minLevels;
  if (invertible && !calFractionOk) {
    failedRules.push({
      code: 'CALIBRATOR_PASS_FRACTION',
      message: `Calibrators: fewer than ${percentLabel(minCalFraction)} % within +-${tol} % (+-${lloqTol} % at LLOQ)`,
    });
  }
  if (invertible && !calLevelsOk) {
    failedRules.push({
      code: 'CALIBRATOR_LEVELS',
      message: `Calibrators: fewer than ${minLevels} concentration levels pass`,
    });
  }

  const qcs: QcRow[] = qcIn.map((q) => ({
    sample: q.sample,
    level: q.level,
    nominalConcentration: q.nominal,
    response: q.response,
    ...assess(q.nominal, q.response, sameLevel(q.nominal, lloq) ? qcLloqTol : qcTol),
  }));
  const qcLevelNames = [...new Set(qcs.map((q) => q.level))];
  const qcLevels = qcLevelNames.map((level) => {
    const rows = qcs.filter((q) => q.level === level);
    const nPass = rows.filter((q) => q.pass).length;
    const nominals = new Set(rows.map((q) => q.nominalConcentration));
    if (nominals.size > 1) {
      throw new AnalysisError(
        'INCONSISTENT_QC_LEVEL',
        `QC level ${level} has several nominal concentrations`,
        'qcs',
      );
    }
    return {
      level,
      nominalConcentration: rows[0].nominalConcentration,
      n: rows.length,
      nPass,
      fractionPass: nPass / rows.length,
      pass: meets(nPass, rows.length, minQcLevelFraction),
    };
  });
  const qcPass = qcs.filter((q) => q.pass).length;
  const qcSummary: PassSummary = {
    n: qcs.length,
    nPass: qcPass,
    fractionPass: qcs.length > 0 ? qcPass / qcs.length : 0,
    pass: meets(qcPass, qcs.length, minQcFraction) && qcLevels.every((l) => l.pass),
  };
  if (invertible) {
    if (qcs.length === 0) {
      failedRules.push({ code: 'QC_MISSING', message: 'QCs: none in the batch' });
    } else if (!meets(qcPass, qcs.length, minQcFraction)) {
      failedRules.push({
        code: 'QC_PASS_FRACTION',
        message: `QCs: fewer than ${percentLabel(minQcFraction)} % within +-${qcTol} % (+-${qcLloqTol} % at LLOQ)`,
      });
    }
    for (const l of qcLevels) {
      if (!l.pass) {
        const limit = sameLevel(l.nominalConcentration, lloq) ? qcLloqTol : qcTol;
        failedRules.push({
          code: 'QC_LEVEL_PASS_FRACTION',
          level: l.level,
          message: `QC level ${l.level}: fewer than ${percentLabel(minQcLevelFraction)} % within +-${limit} %`,
        });
      }
    }
  }

  const reportableRange =
    invertible && passingLevels.length > 0
      ? { lloq: passingLevels[0], uloq: passingLevels[passingLevels.length - 1] }
      : null;
  const unknowns: UnknownRow[] = unkIn.map((u) => {
    if (reportableRange === null) {
      return {
        ...u,
        status: 'not-quantifiable',
        concentration: null,
        rawBackCalculatedNotReportable: null,
      };
    }
    const c = classifyResponse(line, u.response, reportableRange);
    return {
      sample: u.sample,
      response: u.response,
      dilutionFactor: u.dilutionFactor,
      status: c.status,
      concentration: c.concentration === null ? null : c.concentration * u.dilutionFactor,
      rawBackCalculatedNotReportable: c.rawBackCalculatedNotReportable,
    };
  });

  const batchAccepted = failedRules.length === 0;
  const flags: CalibrationBatchResult['flags'] = [];
  if (
    reportableRange !== null &&
    (reportableRange.lloq !== lloq || reportableRange.uloq !== uloq)
  ) {
    flags.push('calibration-range-narrowed');
  }
  if (!batchAccepted) flags.push('batch-rejected');
  const resolvedOptions = {
    weighting,
    tolerancePercent: tol,
    lloqTolerancePercent: lloqTol,
    qcTolerancePercent: qcTol,
    qcLloqTolerancePercent: qcLloqTol,
    minCalibratorPassFraction: minCalFraction,
    minCalibratorLevels: minLevels,
    minCalibratorLevelPassFraction: minCalLevelFraction,
    minQcPassFraction: minQcFraction,
    minQcLevelPassFraction: minQcLevelFraction,
  };
  return {
    analyte: input.analyte ?? null,
    concentrationUnit: input.concentrationUnit ?? null,
    line,
    lloq,
    uloq,
    reportableRange,
    calibrators,
    calibratorSummary: {
      n: calibrators.length,
      nPass: calPass,
      fractionPass: calPass / calibrators.length,
      pass: invertible && calFractionOk && calLevelsOk,
      nLevels: levels.length,
      levelsPass: passingLevels.length,
    },
    qcs,
    qcLevels,
    qcSummary,
    batchAccepted,
    failedRules,
    unknowns,
    flags,
    ...provenance('ich-m10-batch-acceptance', '1.0.0', resolvedOptions, {
      analyte: input.analyte ?? null,
      calibrators: cal,
      qcs: qcIn,
      unknowns: unkIn,
    }),
  };
}
