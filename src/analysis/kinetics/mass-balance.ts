// Molar mass balance between parent loss and metabolite formation.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { checkTimeCourse, meanAtTime, type TimeCourse } from './time-series';

/** A molar time course (concentrations in µM) of a named compound. */
export interface MolarTimeCourse {
  name: string;
  timeHours: readonly number[];
  concentrationMicromolar: readonly number[];
}

export interface MolarBalanceResult extends Provenance {
  status: 'ok' | 'no-parent-loss' | 'time-not-sampled';
  timeHours: number;
  /** Mean parent at t = 0 minus mean parent at timeHours, µM. */
  parentLostMicromolar: number | null;
  /** Mean concentration of each metabolite at timeHours, µM (minus its t = 0 mean when `subtractBaseline`). */
  metabolitesFormedMicromolar: Array<{ name: string; micromolar: number }>;
  /** 100 · Σ metabolites formed / parent lost; null when no parent was lost. */
  balancePercent: number | null;
  subtractBaseline: boolean;
}

export interface MolarBalanceOptions {
  /** Subtract each metabolite's t = 0 mean (carry-over, background). Default false. */
  subtractBaseline?: boolean;
}

function toCourse(c: MolarTimeCourse, field: string): TimeCourse {
  if (typeof c !== 'object' || c === null || typeof c.name !== 'string') {
    throw new AnalysisError(
      'BAD_INPUT',
      `${field} needs a name, timeHours and concentrationMicromolar`,
      field,
    );
  }
  const course = { timeHours: c.timeHours, concentration: c.concentrationMicromolar };
  checkTimeCourse(course, 1, 1, field);
  return course;
}

/**
 * Molar mass balance at a time point: parent lost ΔP = mean P(0) − mean P(t) (µM); metabolites
 * formed Mᵢ = mean Mᵢ(t) (optionally minus mean Mᵢ(0)); balance % = 100·ΣMᵢ/ΔP. 100 % means
 * the measured metabolites account for all parent lost; less means unmeasured products.
 * Concentrations must be molar (µM), not mass (ng/mL): convert with the molar masses first.
 * Units: µM, per cent. Reference: OECD 307/309 guidance (mass balance); FOCUS (2006) §7.
 * @throws AnalysisError for malformed courses or a non-finite time.
 */
export function molarMassBalance(
  parent: MolarTimeCourse,
  metabolites: readonly MolarTimeCourse[],
  timeHours: number,
  options: MolarBalanceOptions = {},
): MolarBalanceResult {
  assertFinite(timeHours, 'timeHours');
  const parentCourse = toCourse(parent, 'parent');
  if (!Array.isArray(metabolites as unknown) || metabolites.length === 0) {
    throw new AnalysisError('TOO_FEW_VALUES', 'at least one metabolite is needed', 'metabolites');
  }
  const metCourses = metabolites.map((m, i) => toCourse(m, `metabolites[${i}]`));
  const subtractBaseline = options.subtractBaseline ?? false;
  const prov = provenance(
    'kinetics-molar-balance',
    '1.0.0',
    { subtractBaseline, timeHours },
    { parent, metabolites },
  );
  const p0 = meanAtTime(parentCourse, 0);
  const pt = meanAtTime(parentCourse, timeHours);
  const formed = metCourses.map((c) => {
    const at = meanAtTime(c, timeHours);
    const base = subtractBaseline ? meanAtTime(c, 0) : 0;
    return at === null || base === null ? null : at - base;
  });
  if (p0 === null || pt === null || formed.some((f) => f === null)) {
    return {
      status: 'time-not-sampled',
      timeHours,
      parentLostMicromolar: null,
      metabolitesFormedMicromolar: [],
      balancePercent: null,
      subtractBaseline,
      ...prov,
    };
  }
  const lost = p0 - pt;
  const rows = metabolites.map((m, i) => ({ name: m.name, micromolar: formed[i] as number }));
  const total = rows.reduce((a, r) => a + r.micromolar, 0);
  const balance = lost > 0 ? (100 * total) / lost : null;
  return {
    status: lost > 0 ? 'ok' : 'no-parent-loss',
    timeHours,
    parentLostMicromolar: lost,
    metabolitesFormedMicromolar: rows,
    balancePercent: balance !== null && Number.isFinite(balance) ? balance : null,
    subtractBaseline,
    ...prov,
  };
}
