import { convertConcentration, parseMolarUnit, toMolar } from '../../common/units/concentration';

/**
 * The dose-escalation rule of a resistance-induction protocol (SCIENCE.md §1): from the protocol's
 * escalation settings and the passage log, suggest the 6-TG dose for the next passage and say
 * which rule fired. The scientist confirms or overrides; an override is a deviation with a reason.
 *
 * Rules, checked in this order on the passages at the current dose (counting restarts whenever
 * the dose changes):
 * 1. `start`: no passage yet, or the last passage was drug-free → the start dose.
 * 2. `step-down`: the last N passages (N = stepDownConsecutivePassages) all had viability below
 *    stepDownViabilityPercent → the most recent lower dose of the log (rule `previous-dose`), or
 *    the current dose ÷ stepDownFactor (rule `divide-by-factor`, or when there is no lower dose).
 * 3. `target-reached`: the current dose is at (or above) the target → stay at the target.
 * 4. `step-up`: the last N passages (N = stepUpConsecutivePassages) all had viability ≥
 *    stepUpViabilityPercent (and confluence ≥ stepUpMinConfluencePercent when that is set) →
 *    current × stepFactor, rounded to doseSignificantDigits, never above the target; unless the
 *    current dose was reached by a step-down fewer than holdPassagesAfterStepDown passages ago.
 * 5. `hold`: otherwise → the current dose.
 */

/** A dose as entered: value and molar unit. */
export interface DoseQuantity {
  value: number;
  unit: string;
}

export type StepDownRule = 'previous-dose' | 'divide-by-factor';

/** The escalation settings of a protocol version (units as in the protocol). */
export interface EscalationSettings {
  startDose: DoseQuantity;
  targetDose: DoseQuantity;
  /** Multiplier for a step up, > 1 (e.g. 1.5). */
  stepFactor: number;
  stepUpViabilityPercent: number;
  stepUpConsecutivePassages: number;
  /** 0 or absent: no confluence condition. */
  stepUpMinConfluencePercent?: number;
  stepDownViabilityPercent: number;
  stepDownConsecutivePassages: number;
  stepDownRule: StepDownRule;
  /** Divisor for a step down by factor, > 1. */
  stepDownFactor: number;
  /** After a step-down, passages to hold before the next step-up (0: none). */
  holdPassagesAfterStepDown: number;
  /** Suggested doses are rounded to this many significant digits (pipetting); default 3. */
  doseSignificantDigits?: number;
}

/** One passage of the induction log. */
export interface PassageRecord {
  passageNumber: number;
  /** ISO 8601 date (UTC). */
  date: string;
  /** 6-TG dose the cells were exposed to during this passage. */
  dose: DoseQuantity;
  viabilityPercent: number;
  confluencePercent?: number | null;
  viableCount?: number | null;
  splitRatio?: string | null;
  notes?: string | null;
}

export type EscalationRule = 'start' | 'step-up' | 'hold' | 'step-down' | 'target-reached';

/** The suggestion for the next passage, with the rule that fired and why. */
export interface DoseSuggestion {
  rule: EscalationRule;
  /** Suggested dose, in the unit of the protocol's start dose. */
  dose: DoseQuantity;
  doseMolar: number;
  /** Dose of the last passage, when there is one. */
  currentDose: DoseQuantity | null;
  /** Passages in a row at the current dose (the counting window). */
  passagesAtCurrentDose: number;
  /** Latest passages in a row meeting the step-up condition. */
  consecutiveStepUp: number;
  /** Latest passages in a row below the step-down threshold. */
  consecutiveStepDown: number;
  /** The passages that decided the rule. */
  basedOnPassages: number[];
  explanation: string;
}

export interface EscalationProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * Where each escalation setting lives in a resistance-induction protocol definition
 * (`protocols/resistance-induction.v*.yaml`).
 */
export const ESCALATION_SETTING_KEYS: Readonly<Record<keyof EscalationSettings, string>> = {
  startDose: 'startDoseMicromolar',
  targetDose: 'targetDoseMicromolar',
  stepFactor: 'stepFactor',
  stepUpViabilityPercent: 'stepUpViabilityPercent',
  stepUpConsecutivePassages: 'stepUpConsecutivePassages',
  stepUpMinConfluencePercent: 'stepUpMinConfluencePercent',
  stepDownViabilityPercent: 'stepDownViabilityPercent',
  stepDownConsecutivePassages: 'stepDownConsecutivePassages',
  stepDownRule: 'stepDownRule',
  stepDownFactor: 'stepDownFactor',
  holdPassagesAfterStepDown: 'holdPassagesAfterStepDown',
  doseSignificantDigits: 'doseSignificantDigits',
};

const OPTIONAL_SETTINGS = new Set<keyof EscalationSettings>([
  'stepUpMinConfluencePercent',
  'doseSignificantDigits',
]);
// Doses entered in different units (250 nM, 0.25 µM) are the same dose.
const SAME_DOSE_RELATIVE = 1e-9;

/**
 * Builds escalation settings from a run's resolved parameters (values in the settings' units),
 * or names every missing or mistyped setting.
 */
export function escalationSettingsFromParameters(
  values: Record<string, { value: unknown; unit?: string }>,
): { ok: true; settings: EscalationSettings } | { ok: false; problems: EscalationProblem[] } {
  const problems: EscalationProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(ESCALATION_SETTING_KEYS) as [
    keyof EscalationSettings,
    string,
  ][]) {
    const p = values[key];
    if (!p) {
      if (!OPTIONAL_SETTINGS.has(field)) {
        problems.push({
          field: key,
          code: 'MISSING_ESCALATION_SETTING',
          message: `the protocol has no '${key}' setting`,
        });
      }
      continue;
    }
    if (field === 'startDose' || field === 'targetDose') {
      if (typeof p.value !== 'number' || !p.unit) {
        problems.push({
          field: key,
          code: 'INVALID_ESCALATION_SETTING',
          message: `'${key}' must be a dose with a unit`,
        });
      } else out[field] = { value: p.value, unit: p.unit };
    } else out[field] = p.value;
  }
  if (problems.length > 0) return { ok: false, problems };
  const settings = out as unknown as EscalationSettings;
  // Name the protocol's setting keys, not the engine's field names.
  const invalid = validateEscalationSettings(settings).map((p) => ({
    ...p,
    field: ESCALATION_SETTING_KEYS[p.field as keyof EscalationSettings] ?? p.field,
  }));
  return invalid.length > 0 ? { ok: false, problems: invalid } : { ok: true, settings };
}

/** Checks that escalation settings are coherent; returns every problem. */
export function validateEscalationSettings(s: EscalationSettings): EscalationProblem[] {
  const problems: EscalationProblem[] = [];
  const add = (field: string, code: string, message: string) =>
    problems.push({ field, code, message });
  const num = (
    field: keyof EscalationSettings,
    v: unknown,
    pred: (x: number) => boolean,
    rule: string,
  ) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !pred(v)) {
      add(field, 'INVALID_ESCALATION_SETTING', `${field} must be ${rule}, got ${String(v)}`);
    }
  };
  for (const field of ['startDose', 'targetDose'] as const) {
    const d = s[field];
    if (!d || !parseMolarUnit(String(d.unit))) {
      add(field, 'WRONG_UNIT_DIMENSION', `${field} must be in a molar unit`);
    } else num(field, d.value, (x) => x > 0, '> 0');
  }
  num('stepFactor', s.stepFactor, (x) => x > 1, '> 1');
  num('stepDownFactor', s.stepDownFactor, (x) => x > 1, '> 1');
  num(
    'stepUpViabilityPercent',
    s.stepUpViabilityPercent,
    (x) => x >= 0 && x <= 100,
    'within 0–100',
  );
  num(
    'stepDownViabilityPercent',
    s.stepDownViabilityPercent,
    (x) => x >= 0 && x <= 100,
    'within 0–100',
  );
  num(
    'stepUpConsecutivePassages',
    s.stepUpConsecutivePassages,
    (x) => Number.isInteger(x) && x >= 1,
    'an integer ≥ 1',
  );
  num(
    'stepDownConsecutivePassages',
    s.stepDownConsecutivePassages,
    (x) => Number.isInteger(x) && x >= 1,
    'an integer ≥ 1',
  );
  num(
    'holdPassagesAfterStepDown',
    s.holdPassagesAfterStepDown,
    (x) => Number.isInteger(x) && x >= 0,
    'an integer ≥ 0',
  );
  if (s.stepUpMinConfluencePercent !== undefined) {
    num(
      'stepUpMinConfluencePercent',
      s.stepUpMinConfluencePercent,
      (x) => x >= 0 && x <= 100,
      'within 0–100',
    );
  }
  if (s.doseSignificantDigits !== undefined) {
    num(
      'doseSignificantDigits',
      s.doseSignificantDigits,
      (x) => Number.isInteger(x) && x >= 1 && x <= 15,
      'an integer 1–15',
    );
  }
  if (s.stepDownRule !== 'previous-dose' && s.stepDownRule !== 'divide-by-factor') {
    add(
      'stepDownRule',
      'INVALID_ESCALATION_SETTING',
      `stepDownRule must be previous-dose or divide-by-factor`,
    );
  }
  if (problems.length === 0) {
    if (s.stepDownViabilityPercent >= s.stepUpViabilityPercent) {
      add(
        'stepDownViabilityPercent',
        'CONSTRAINT_VIOLATED',
        'the step-down threshold must be below the step-up threshold',
      );
    }
    if (
      toMolar(s.startDose.value, s.startDose.unit) > toMolar(s.targetDose.value, s.targetDose.unit)
    ) {
      add('targetDose', 'CONSTRAINT_VIOLATED', 'the target dose must not be below the start dose');
    }
  }
  return problems;
}

/** Checks one passage record before it is stored or used; returns every problem. */
export function validatePassage(p: PassageRecord): EscalationProblem[] {
  const problems: EscalationProblem[] = [];
  const add = (field: string, code: string, message: string) => {
    problems.push({ field, code, message });
  };
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!Number.isInteger(p.passageNumber) || p.passageNumber < 0) {
    add('passageNumber', 'INVALID_PASSAGE_NUMBER', 'passage number must be an integer ≥ 0');
  }
  if (typeof p.date !== 'string' || Number.isNaN(Date.parse(p.date))) {
    add('date', 'INVALID_DATE', 'date must be an ISO 8601 date');
  }
  if (!p.dose || !parseMolarUnit(String(p.dose.unit))) {
    add('dose.unit', 'WRONG_UNIT_DIMENSION', 'the 6-TG dose must be in pM, nM, µM, mM or M');
  } else if (!isNumber(p.dose.value) || p.dose.value < 0) {
    add('dose.value', 'INVALID_DOSE', 'the dose must be a number ≥ 0');
  }
  const percent = (field: 'viabilityPercent' | 'confluencePercent', v: unknown) => {
    if (!isNumber(v) || v < 0 || v > 100) {
      add(field, 'PERCENT_OUT_OF_RANGE', `${field} must be within 0–100`);
    }
  };
  percent('viabilityPercent', p.viabilityPercent);
  if (p.confluencePercent != null) percent('confluencePercent', p.confluencePercent);
  if (p.viableCount != null && (!isNumber(p.viableCount) || p.viableCount < 0)) {
    add('viableCount', 'INVALID_COUNT', 'viable count must be a number ≥ 0');
  }
  return problems;
}

/**
 * Suggests the next dose from the escalation settings and the passage log (any order; sorted by
 * passage number here). Throws RangeError for incoherent settings or a malformed passage: both
 * are validated where they enter the system ({@link validateEscalationSettings},
 * {@link validatePassage}).
 */
export function suggestNextDose(
  settings: EscalationSettings,
  history: readonly PassageRecord[],
): DoseSuggestion {
  const bad = validateEscalationSettings(settings);
  if (bad.length > 0) {
    throw new RangeError(`invalid escalation settings: ${bad.map((p) => p.message).join('; ')}`);
  }
  const passages = [...history].sort((a, b) => a.passageNumber - b.passageNumber);
  passages.forEach((p, i) => {
    const problems = validatePassage(p);
    if (problems.length > 0) {
      throw new RangeError(`passage ${p.passageNumber}: ${problems[0].message}`);
    }
    if (i > 0 && passages[i - 1].passageNumber === p.passageNumber) {
      throw new RangeError(`passage ${p.passageNumber} appears twice`);
    }
  });

  // Suggestions are shown in the unit of the protocol's start dose (validated as molar above).
  const unit = parseMolarUnit(settings.startDose.unit) ?? 'µM';
  const digits = settings.doseSignificantDigits ?? 3;
  const startM = toMolar(settings.startDose.value, settings.startDose.unit);
  const targetM = toMolar(settings.targetDose.value, settings.targetDose.unit);
  const inUnit = (molar: number) => convertConcentration(molar, 'M', unit);
  const fmt = (molar: number) => `${formatNumber(inUnit(molar))} ${unit}`;
  const dose = (molar: number): Pick<DoseSuggestion, 'dose' | 'doseMolar'> => ({
    dose: { value: inUnit(molar), unit },
    doseMolar: molar,
  });
  const round = (molar: number) => toMolar(Number(inUnit(molar).toPrecision(digits)), unit);

  const base = {
    currentDose: null,
    passagesAtCurrentDose: 0,
    consecutiveStepUp: 0,
    consecutiveStepDown: 0,
    basedOnPassages: [] as number[],
  };
  const last = passages[passages.length - 1];
  if (!last) {
    return {
      ...base,
      rule: 'start',
      ...dose(startM),
      explanation: `no passage yet: start at ${fmt(startM)}`,
    };
  }
  const currentM = toMolar(last.dose.value, last.dose.unit);
  if (currentM === 0) {
    return {
      ...base,
      currentDose: { ...last.dose },
      basedOnPassages: [last.passageNumber],
      rule: 'start',
      ...dose(startM),
      explanation: `passage ${last.passageNumber} was drug-free: (re)start at ${fmt(startM)}`,
    };
  }

  // The counting window: the latest passages at the current dose.
  let runStart = passages.length - 1;
  while (
    runStart > 0 &&
    sameDose(toMolar(passages[runStart - 1].dose.value, passages[runStart - 1].dose.unit), currentM)
  ) {
    runStart--;
  }
  const run = passages.slice(runStart);
  const minConfluence = settings.stepUpMinConfluencePercent ?? 0;
  const meetsUp = (p: PassageRecord) =>
    p.viabilityPercent >= settings.stepUpViabilityPercent &&
    (minConfluence <= 0 || (p.confluencePercent != null && p.confluencePercent >= minConfluence));
  const meetsDown = (p: PassageRecord) => p.viabilityPercent < settings.stepDownViabilityPercent;
  const up = trailing(run, meetsUp);
  const down = trailing(run, meetsDown);
  const numbers = (ps: PassageRecord[]) => ps.map((p) => p.passageNumber);
  const listed = (ps: PassageRecord[], what: (p: PassageRecord) => string) =>
    ps.map((p) => `P${p.passageNumber} ${what(p)}`).join(', ');
  const viab = (p: PassageRecord) => `${formatNumber(p.viabilityPercent)} %`;
  const common = {
    currentDose: { ...last.dose },
    passagesAtCurrentDose: run.length,
    consecutiveStepUp: up.length,
    consecutiveStepDown: down.length,
  };

  // 2. Step down.
  const nDown = settings.stepDownConsecutivePassages;
  if (down.length >= nDown) {
    const deciding = down.slice(-nDown);
    const lower =
      settings.stepDownRule === 'previous-dose'
        ? previousLowerDose(passages.slice(0, runStart), currentM)
        : undefined;
    const nextM = lower ?? round(currentM / settings.stepDownFactor);
    const how = lower !== undefined ? 'the previous lower dose' : `÷ ${settings.stepDownFactor}`;
    return {
      ...common,
      basedOnPassages: numbers(deciding),
      rule: 'step-down',
      ...dose(nextM),
      explanation:
        `viability below ${settings.stepDownViabilityPercent} % in ${nDown} consecutive passages at ${fmt(currentM)} ` +
        `(${listed(deciding, viab)}): step down to ${fmt(nextM)} (${how})`,
    };
  }

  // 3. Target reached: stay there (or come back to it after an override above it).
  if (currentM >= targetM * (1 - SAME_DOSE_RELATIVE)) {
    const above = !sameDose(currentM, targetM);
    return {
      ...common,
      basedOnPassages: [last.passageNumber],
      rule: 'target-reached',
      ...dose(targetM),
      explanation: above
        ? `the current dose ${fmt(currentM)} is above the target ${fmt(targetM)}: return to the target`
        : `the target dose ${fmt(targetM)} is reached: maintain it`,
    };
  }

  // 4. Step up, unless recovering from a step-down.
  const nUp = settings.stepUpConsecutivePassages;
  const condition = `viability ≥ ${settings.stepUpViabilityPercent} %${minConfluence > 0 ? ` and confluence ≥ ${minConfluence} %` : ''}`;
  if (up.length >= nUp) {
    const deciding = up.slice(-nUp);
    const before = runStart > 0 ? passages[runStart - 1] : undefined;
    const cameFromStepDown =
      before !== undefined && toMolar(before.dose.value, before.dose.unit) > currentM;
    if (cameFromStepDown && run.length < settings.holdPassagesAfterStepDown) {
      return {
        ...common,
        basedOnPassages: numbers(run),
        rule: 'hold',
        ...dose(currentM),
        explanation:
          `${condition} met (${listed(deciding, viab)}), but the dose was stepped down at passage ${run[0].passageNumber}: ` +
          `hold ${fmt(currentM)} for ${settings.holdPassagesAfterStepDown} passages before stepping up (${run.length} so far)`,
      };
    }
    let nextM = round(currentM * settings.stepFactor);
    if (!(nextM > currentM)) nextM = currentM * settings.stepFactor; // rounding must not cancel the step
    const capped = nextM >= targetM;
    if (capped) nextM = targetM;
    return {
      ...common,
      basedOnPassages: numbers(deciding),
      rule: 'step-up',
      ...dose(nextM),
      explanation:
        `${condition} in ${nUp} consecutive passages at ${fmt(currentM)} (${listed(deciding, viab)}): ` +
        `step up × ${settings.stepFactor} to ${fmt(nextM)}${capped ? ' (capped at the target)' : ''}`,
    };
  }

  // 5. Hold.
  const why =
    down.length > 0
      ? `${down.length} of ${nDown} consecutive passages below ${settings.stepDownViabilityPercent} %`
      : `${up.length} of ${nUp} consecutive passages with ${condition}`;
  return {
    ...common,
    basedOnPassages: [last.passageNumber],
    rule: 'hold',
    ...dose(currentM),
    explanation: `P${last.passageNumber} ${viab(last)} at ${fmt(currentM)}: ${why}; hold ${fmt(currentM)}`,
  };
}

/** One passage of a replayed log: what was suggested before it and what was used. */
export interface ReplayStep {
  passageNumber: number;
  suggestion: DoseSuggestion;
  chosen: DoseQuantity;
  deviation: boolean;
}

/**
 * Replays a passage log: for each passage, the suggestion the rule made from the passages before
 * it, the dose actually used and whether that was a deviation; then the suggestion for the next.
 */
export function replayEscalation(
  settings: EscalationSettings,
  history: readonly PassageRecord[],
  tolerancePercent = 1,
): { steps: ReplayStep[]; next: DoseSuggestion } {
  const passages = [...history].sort((a, b) => a.passageNumber - b.passageNumber);
  const steps = passages.map((p, i) => {
    const suggestion = suggestNextDose(settings, passages.slice(0, i));
    return {
      passageNumber: p.passageNumber,
      suggestion,
      chosen: { ...p.dose },
      deviation: isDeviation(suggestion.dose, p.dose, tolerancePercent),
    };
  });
  return { steps, next: suggestNextDose(settings, passages) };
}

/**
 * Whether a chosen dose departs from the suggestion by more than `tolerancePercent` (relative to
 * the suggestion, after unit conversion: 375 nM is 0.375 µM). A deviation must be recorded with a
 * reason. Throws RangeError for a non-molar unit.
 */
export function isDeviation(
  suggested: DoseQuantity,
  chosen: DoseQuantity,
  tolerancePercent = 1,
): boolean {
  const s = toMolar(suggested.value, suggested.unit);
  const c = toMolar(chosen.value, chosen.unit);
  if (s === 0) return c !== 0;
  return (Math.abs(c - s) / s) * 100 > tolerancePercent + 1e-9;
}

function sameDose(a: number, b: number): boolean {
  return Math.abs(a - b) <= SAME_DOSE_RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/** The latest passages in a row (from the end) satisfying `pred`. */
function trailing(run: PassageRecord[], pred: (p: PassageRecord) => boolean): PassageRecord[] {
  let i = run.length;
  while (i > 0 && pred(run[i - 1])) i--;
  return run.slice(i);
}

/** The most recent dose in `earlier` (molar) that is lower than `currentM`, if any. */
function previousLowerDose(earlier: PassageRecord[], currentM: number): number | undefined {
  for (let i = earlier.length - 1; i >= 0; i--) {
    const m = toMolar(earlier[i].dose.value, earlier[i].dose.unit);
    if (m > 0 && m < currentM && !sameDose(m, currentM)) return m;
  }
  return undefined;
}

function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}
