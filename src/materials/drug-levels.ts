/**
 * Erythrocyte thiopurine metabolite levels of a donor, flagged against the ranges in SCIENCE.md §5,
 * which follow Dubinsky et al. 2000 (Gastroenterology 118:705): 6-TGN ≥ 235 with response, > 450
 * with leukopenia; 6-MMP > 5700 with hepatotoxicity. Both in pmol per 8 × 10⁸ red blood cells.
 */

/** The unit of both levels, as stored and displayed. */
export const THIOPURINE_LEVEL_UNIT = 'pmol/8×10⁸ RBC';

/** 6-TGN therapeutic window, inclusive at both ends. */
export const TGN_THERAPEUTIC_RANGE = { min: 235, max: 450 } as const;
/** 6-MMP above this is associated with hepatotoxicity. */
export const MMP_HEPATOTOXIC_THRESHOLD = 5700;

export type TgnStatus = 'sub-therapeutic' | 'therapeutic' | 'toxic';
export type MmpStatus = 'below-hepatotoxic-threshold' | 'hepatotoxic-risk';

export interface LevelFlag<S extends string> {
  value: number;
  unit: typeof THIOPURINE_LEVEL_UNIT;
  status: S;
  /** A reader's sentence naming the range used. */
  explanation: string;
}

export interface DrugLevelInput {
  tgnPmolPer8e8Rbc?: number | null;
  mmpPmolPer8e8Rbc?: number | null;
}

export interface DrugLevelProblem {
  field: keyof DrugLevelInput;
  code: 'LEVEL_NOT_A_NUMBER' | 'LEVEL_NEGATIVE';
  message: string;
}

export interface DrugLevelAssessment {
  tgn?: LevelFlag<TgnStatus>;
  mmp?: LevelFlag<MmpStatus>;
  problems: DrugLevelProblem[];
}

/**
 * Classifies an erythrocyte 6-TGN level: < 235 sub-therapeutic, 235–450 therapeutic, > 450
 * toxic (myelotoxicity risk). Throws RangeError for a negative or non-finite value (validate at
 * the boundary with {@link assessDrugLevels}).
 */
export function classifyTgn(pmolPer8e8Rbc: number): LevelFlag<TgnStatus> {
  assertLevel(pmolPer8e8Rbc, '6-TGN');
  const { min, max } = TGN_THERAPEUTIC_RANGE;
  const status: TgnStatus =
    pmolPer8e8Rbc < min ? 'sub-therapeutic' : pmolPer8e8Rbc > max ? 'toxic' : 'therapeutic';
  const v = `6-TGN ${pmolPer8e8Rbc} ${THIOPURINE_LEVEL_UNIT}`;
  const explanation = {
    'sub-therapeutic': `${v} is below the therapeutic range ${min}–${max}`,
    therapeutic: `${v} is within the therapeutic range ${min}–${max}`,
    toxic: `${v} is above ${max}: myelotoxicity risk`,
  }[status];
  return { value: pmolPer8e8Rbc, unit: THIOPURINE_LEVEL_UNIT, status, explanation };
}

/**
 * Classifies an erythrocyte 6-MMP level: > 5700 hepatotoxic risk. Throws RangeError for a
 * negative or non-finite value.
 */
export function classifyMmp(pmolPer8e8Rbc: number): LevelFlag<MmpStatus> {
  assertLevel(pmolPer8e8Rbc, '6-MMP');
  const t = MMP_HEPATOTOXIC_THRESHOLD;
  const risk = pmolPer8e8Rbc > t;
  return {
    value: pmolPer8e8Rbc,
    unit: THIOPURINE_LEVEL_UNIT,
    status: risk ? 'hepatotoxic-risk' : 'below-hepatotoxic-threshold',
    explanation: risk
      ? `6-MMP ${pmolPer8e8Rbc} ${THIOPURINE_LEVEL_UNIT} is above ${t}: hepatotoxicity risk`
      : `6-MMP ${pmolPer8e8Rbc} ${THIOPURINE_LEVEL_UNIT} is at or below ${t}`,
  };
}

/**
 * Flags whichever levels are present (both are optional on a donor). Bad values are returned as
 * problems naming the field, never thrown.
 */
export function assessDrugLevels(input: DrugLevelInput): DrugLevelAssessment {
  const out: DrugLevelAssessment = { problems: [] };
  const read = (field: keyof DrugLevelInput): number | undefined => {
    const v = input[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.problems.push({
        field,
        code: 'LEVEL_NOT_A_NUMBER',
        message: `${field} must be a finite number`,
      });
      return undefined;
    }
    if (v < 0) {
      out.problems.push({ field, code: 'LEVEL_NEGATIVE', message: `${field} cannot be negative` });
      return undefined;
    }
    return v;
  };
  const tgn = read('tgnPmolPer8e8Rbc');
  const mmp = read('mmpPmolPer8e8Rbc');
  if (tgn !== undefined) out.tgn = classifyTgn(tgn);
  if (mmp !== undefined) out.mmp = classifyMmp(mmp);
  return out;
}

function assertLevel(v: number, what: string): void {
  if (!Number.isFinite(v) || v < 0) {
    throw new RangeError(`${what} level must be a finite number ≥ 0, got ${v}`);
  }
}
