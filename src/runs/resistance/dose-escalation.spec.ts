import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadProtocolFiles } from '../../protocols/definition/protocol-files';
import { validateParameters } from '../../protocols/settings/validate-parameters';
import {
  escalationSettingsFromParameters,
  isDeviation,
  replayEscalation,
  suggestNextDose,
  validateEscalationSettings,
  validatePassage,
  type EscalationSettings,
  type PassageRecord,
} from './dose-escalation';

const SETTINGS: EscalationSettings = {
  startDose: { value: 0.25, unit: 'µM' },
  targetDose: { value: 2, unit: 'µM' },
  stepFactor: 1.5,
  stepUpViabilityPercent: 70,
  stepUpConsecutivePassages: 2,
  stepUpMinConfluencePercent: 0,
  stepDownViabilityPercent: 50,
  stepDownConsecutivePassages: 2,
  stepDownRule: 'previous-dose',
  stepDownFactor: 1.5,
  holdPassagesAfterStepDown: 3,
  doseSignificantDigits: 3,
};

const passage = (
  passageNumber: number,
  value: number,
  viabilityPercent: number,
  unit = 'µM',
  confluencePercent = 85,
): PassageRecord => ({
  passageNumber,
  date: new Date(Date.UTC(2024, 0, 2 + 4 * (passageNumber - 1))).toISOString().slice(0, 10),
  dose: { value, unit },
  viabilityPercent,
  confluencePercent,
  viableCount: 1.2e6,
  splitRatio: '1:3',
});

/** A 12-passage induction log: two step-ups, a crash and step-down, a recovery hold and an override. */
const HISTORY: PassageRecord[] = [
  passage(1, 0.25, 85),
  passage(2, 0.25, 80),
  passage(3, 375, 60, 'nM'), // the same dose as 0.375 µM, entered in nM
  passage(4, 0.375, 75),
  passage(5, 0.375, 78),
  passage(6, 0.563, 45),
  passage(7, 0.563, 40),
  passage(8, 0.375, 72),
  passage(9, 0.375, 80),
  passage(10, 0.375, 82),
  passage(11, 0.6, 71), // scientist chose 0.6 µM instead of 0.563: a deviation
  passage(12, 0.6, 74),
];

describe('dose escalation: replay of a 12-passage history', () => {
  const { steps, next } = replayEscalation(SETTINGS, HISTORY);

  it.each([
    // passage, rule suggested before it, suggested dose (µM), deviation
    [1, 'start', 0.25, false],
    [2, 'hold', 0.25, false],
    [3, 'step-up', 0.375, false],
    [4, 'hold', 0.375, false],
    [5, 'hold', 0.375, false],
    [6, 'step-up', 0.563, false],
    [7, 'hold', 0.563, false],
    [8, 'step-down', 0.375, false],
    [9, 'hold', 0.375, false],
    [10, 'hold', 0.375, false],
    [11, 'step-up', 0.563, true],
    [12, 'hold', 0.6, false],
  ] as const)('before passage %i: %s to %p µM (deviation %p)', (n, rule, dose, deviation) => {
    const step = steps[n - 1];
    expect(step.passageNumber).toBe(n);
    expect(step.suggestion.rule).toBe(rule);
    expect(step.suggestion.dose).toEqual({ value: dose, unit: 'µM' });
    expect(step.suggestion.doseMolar).toBeCloseTo(dose * 1e-6, 15);
    expect(step.deviation).toBe(deviation);
  });

  it('suggests a step up to 0.9 µM after passage 12', () => {
    expect(next).toMatchObject({
      rule: 'step-up',
      dose: { value: 0.9, unit: 'µM' },
      currentDose: { value: 0.6, unit: 'µM' },
      passagesAtCurrentDose: 2,
      consecutiveStepUp: 2,
      basedOnPassages: [11, 12],
    });
    expect(next.explanation).toBe(
      'viability ≥ 70 % in 2 consecutive passages at 0.6 µM (P11 71 %, P12 74 %): step up × 1.5 to 0.9 µM',
    );
  });

  it('explains each rule', () => {
    expect(steps[0].suggestion.explanation).toBe('no passage yet: start at 0.25 µM');
    expect(steps[1].suggestion.explanation).toBe(
      'P1 85 % at 0.25 µM: 1 of 2 consecutive passages with viability ≥ 70 %; hold 0.25 µM',
    );
    expect(steps[3].suggestion.explanation).toBe(
      'P3 60 % at 0.375 µM: 0 of 2 consecutive passages with viability ≥ 70 %; hold 0.375 µM',
    );
    expect(steps[6].suggestion.explanation).toBe(
      'P6 45 % at 0.563 µM: 1 of 2 consecutive passages below 50 %; hold 0.563 µM',
    );
    expect(steps[7].suggestion).toMatchObject({ basedOnPassages: [6, 7], consecutiveStepDown: 2 });
    expect(steps[7].suggestion.explanation).toBe(
      'viability below 50 % in 2 consecutive passages at 0.563 µM (P6 45 %, P7 40 %): step down to 0.375 µM (the previous lower dose)',
    );
    expect(steps[9].suggestion.explanation).toBe(
      'viability ≥ 70 % met (P8 72 %, P9 80 %), but the dose was stepped down at passage 8: hold 0.375 µM for 3 passages before stepping up (2 so far)',
    );
  });

  it('restarts counting after a dose change (units do not matter)', () => {
    // P3 was entered as 375 nM; P4 and P5 at 0.375 µM continue the same window.
    expect(steps[5].suggestion).toMatchObject({ passagesAtCurrentDose: 3, consecutiveStepUp: 2 });
    // P2's good viability at 0.25 µM does not count toward the window at 0.375 µM.
    expect(steps[3].suggestion).toMatchObject({ passagesAtCurrentDose: 1, consecutiveStepUp: 0 });
  });
});

describe('suggestNextDose', () => {
  it('never exceeds the target, then holds it', () => {
    const s = { ...SETTINGS, targetDose: { value: 500, unit: 'nM' } };
    const h = [
      passage(1, 0.25, 90),
      passage(2, 0.25, 90),
      passage(3, 0.375, 90),
      passage(4, 0.375, 90),
    ];
    expect(suggestNextDose(s, h)).toMatchObject({
      rule: 'step-up',
      dose: { value: 0.5, unit: 'µM' },
    });
    expect(suggestNextDose(s, h).explanation).toContain('(capped at the target)');
    const atTarget = [...h, passage(5, 0.5, 60)];
    expect(suggestNextDose(s, atTarget)).toMatchObject({
      rule: 'target-reached',
      dose: { value: 0.5 },
    });
    const overridden = [...h, passage(5, 0.8, 90)];
    expect(suggestNextDose(s, overridden)).toMatchObject({
      rule: 'target-reached',
      dose: { value: 0.5 },
    });
    expect(suggestNextDose(s, overridden).explanation).toContain('return to the target');
    // Cells dying at the target still step down.
    const dying = [...h, passage(5, 0.5, 40), passage(6, 0.5, 30)];
    expect(suggestNextDose(s, dying)).toMatchObject({ rule: 'step-down', dose: { value: 0.375 } });
  });

  it('divides by the step-down factor when asked or when there is no lower dose', () => {
    const crash = [passage(1, 0.25, 40), passage(2, 0.25, 30)];
    expect(suggestNextDose(SETTINGS, crash)).toMatchObject({
      rule: 'step-down',
      dose: { value: 0.167 },
    });
    const byFactor = { ...SETTINGS, stepDownRule: 'divide-by-factor' as const, stepDownFactor: 2 };
    const h = [
      passage(1, 0.25, 90),
      passage(2, 0.25, 90),
      passage(3, 0.375, 45),
      passage(4, 0.375, 45),
    ];
    expect(suggestNextDose(byFactor, h)).toMatchObject({
      rule: 'step-down',
      dose: { value: 0.188 },
    });
    expect(suggestNextDose(SETTINGS, h)).toMatchObject({
      rule: 'step-down',
      dose: { value: 0.25 },
    });
  });

  it('steps down again past earlier doses', () => {
    const h = [
      passage(1, 0.25, 90),
      passage(2, 0.25, 90),
      passage(3, 0.375, 90),
      passage(4, 0.375, 90),
      passage(5, 0.563, 40),
      passage(6, 0.563, 40),
      passage(7, 0.375, 40),
      passage(8, 0.375, 40),
    ];
    expect(suggestNextDose(SETTINGS, h)).toMatchObject({
      rule: 'step-down',
      dose: { value: 0.25 },
    });
  });

  it('applies the confluence condition when set', () => {
    const s = { ...SETTINGS, stepUpMinConfluencePercent: 70 };
    const low = [passage(1, 0.25, 90, 'µM', 60), passage(2, 0.25, 90, 'µM', 80)];
    expect(suggestNextDose(s, low)).toMatchObject({ rule: 'hold', consecutiveStepUp: 1 });
    expect(suggestNextDose(s, low).explanation).toContain('and confluence ≥ 70 %');
    const ok = [passage(1, 0.25, 90, 'µM', 75), passage(2, 0.25, 90, 'µM', 80)];
    expect(suggestNextDose(s, ok).rule).toBe('step-up');
  });

  it('restarts at the start dose after a drug-free passage', () => {
    expect(suggestNextDose(SETTINGS, [passage(1, 0, 95)])).toMatchObject({
      rule: 'start',
      dose: { value: 0.25 },
    });
  });

  it('shows doses in the unit of the start dose', () => {
    const s = {
      ...SETTINGS,
      startDose: { value: 250, unit: 'nM' },
      targetDose: { value: 2, unit: 'uM' },
    };
    const h = [passage(1, 0.25, 90), passage(2, 0.25, 90)];
    expect(suggestNextDose(s, h).dose).toEqual({ value: 375, unit: 'nM' });
  });

  it('does not depend on the order the passages are given in', () => {
    const shuffled = [...HISTORY].reverse();
    expect(suggestNextDose(SETTINGS, shuffled)).toEqual(suggestNextDose(SETTINGS, HISTORY));
  });

  it('throws on incoherent settings or malformed passages (validated at entry)', () => {
    expect(() => suggestNextDose({ ...SETTINGS, stepFactor: 1 }, [])).toThrow(RangeError);
    expect(() => suggestNextDose(SETTINGS, [passage(1, 0.25, 120)])).toThrow(/passage 1/);
    expect(() => suggestNextDose(SETTINGS, [passage(1, 0.25, 80), passage(1, 0.25, 80)])).toThrow(
      /twice/,
    );
    expect(() => suggestNextDose(SETTINGS, [passage(1, 0.25, 80, 'ng/mL')])).toThrow(RangeError);
  });

  it('keeps every suggestion within (0, target] and never steps by more than the factor (property)', () => {
    const arbPassages = fc.array(
      fc.record({
        doseIndex: fc.integer({ min: 0, max: 5 }),
        viability: fc.double({ min: 0, max: 100, noNaN: true }),
        confluence: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
      { maxLength: 30 },
    );
    const doses = [0.25, 0.375, 0.563, 0.844, 1.27, 2];
    fc.assert(
      fc.property(arbPassages, (ps) => {
        const history = ps.map((p, i) =>
          passage(i + 1, doses[p.doseIndex], p.viability, 'µM', p.confluence),
        );
        const s = suggestNextDose(SETTINGS, history);
        const targetMolar = 2e-6;
        expect(s.doseMolar).toBeGreaterThan(0);
        expect(s.doseMolar).toBeLessThanOrEqual(targetMolar * (1 + 1e-12));
        if (s.currentDose) {
          const current = s.currentDose.value * 1e-6;
          expect(s.doseMolar).toBeLessThanOrEqual(current * SETTINGS.stepFactor * 1.01);
        }
      }),
    );
  });
});

describe('isDeviation', () => {
  it('compares after unit conversion, with a tolerance', () => {
    expect(isDeviation({ value: 0.375, unit: 'µM' }, { value: 375, unit: 'nM' })).toBe(false);
    expect(isDeviation({ value: 0.563, unit: 'µM' }, { value: 0.6, unit: 'µM' })).toBe(true);
    expect(isDeviation({ value: 0.5625, unit: 'µM' }, { value: 0.563, unit: 'µM' })).toBe(false);
    expect(isDeviation({ value: 100, unit: 'nM' }, { value: 101, unit: 'nM' })).toBe(false); // exactly 1 %
    expect(isDeviation({ value: 100, unit: 'nM' }, { value: 101.5, unit: 'nM' })).toBe(true);
    expect(isDeviation({ value: 100, unit: 'nM' }, { value: 104, unit: 'nM' }, 5)).toBe(false);
    expect(isDeviation({ value: 0, unit: 'nM' }, { value: 0, unit: 'µM' })).toBe(false);
    expect(() => isDeviation({ value: 1, unit: 'nM' }, { value: 1, unit: '%' })).toThrow(
      RangeError,
    );
  });
});

describe('escalation settings from the resistance-induction protocol', () => {
  const dir = resolve(__dirname, '../../../protocols');
  const def = loadProtocolFiles(dir).files.find(
    (f) => f.definition.key === 'resistance-induction',
  )?.definition;

  it('reads the defaults of resistance-induction.v1.yaml', () => {
    if (!def) throw new Error('resistance-induction.v1.yaml did not load');
    const params = validateParameters(def, {});
    const r = escalationSettingsFromParameters(params.values);
    expect(r).toEqual({
      ok: true,
      settings: {
        startDose: { value: 0.25, unit: 'µM' },
        targetDose: { value: 10, unit: 'µM' },
        stepFactor: 1.5,
        stepUpViabilityPercent: 70,
        stepUpConsecutivePassages: 2,
        stepUpMinConfluencePercent: 0,
        stepDownViabilityPercent: 50,
        stepDownConsecutivePassages: 2,
        stepDownRule: 'previous-dose',
        stepDownFactor: 1.5,
        holdPassagesAfterStepDown: 3,
        doseSignificantDigits: 3,
      },
    });
    if (!r.ok) return;
    // With the protocol defaults the replay gives the same suggestions as above.
    expect(replayEscalation(r.settings, HISTORY).next.dose).toEqual({ value: 0.9, unit: 'µM' });
  });

  it('takes run parameters in other units', () => {
    if (!def) throw new Error('resistance-induction.v1.yaml did not load');
    const params = validateParameters(def, { startDoseMicromolar: '100 nM' });
    const r = escalationSettingsFromParameters(params.values);
    expect(r.ok && r.settings.startDose).toEqual({ value: 0.1, unit: 'µM' });
    expect(r.ok && suggestNextDose(r.settings, []).dose).toEqual({ value: 0.1, unit: 'µM' });
  });

  it('names missing and incoherent settings by protocol key', () => {
    expect(escalationSettingsFromParameters({})).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([
        expect.objectContaining({
          field: 'startDoseMicromolar',
          code: 'MISSING_ESCALATION_SETTING',
        }),
      ]),
    });
    if (!def) return;
    const values = validateParameters(def, {}).values;
    const r = escalationSettingsFromParameters({
      ...values,
      stepDownViabilityPercent: { value: 80, unit: '%' },
    });
    expect(r).toMatchObject({
      ok: false,
      problems: [{ field: 'stepDownViabilityPercent', code: 'CONSTRAINT_VIOLATED' }],
    });
  });
});

describe('validation of settings and passages', () => {
  it('reports every problem', () => {
    expect(validateEscalationSettings(SETTINGS)).toEqual([]);
    const bad = validateEscalationSettings({
      ...SETTINGS,
      startDose: { value: 1, unit: 'ng/mL' },
      stepUpConsecutivePassages: 0,
      stepDownRule: 'halve' as 'previous-dose',
    });
    expect(bad.map((p) => `${p.field} ${p.code}`)).toEqual([
      'startDose WRONG_UNIT_DIMENSION',
      'stepUpConsecutivePassages INVALID_ESCALATION_SETTING',
      'stepDownRule INVALID_ESCALATION_SETTING',
    ]);
    expect(
      validatePassage({
        passageNumber: 1.5,
        date: 'yesterday',
        dose: { value: -1, unit: 'µM' },
        viabilityPercent: 101,
      }).map((p) => p.code),
    ).toEqual(['INVALID_PASSAGE_NUMBER', 'INVALID_DATE', 'INVALID_DOSE', 'PERCENT_OUT_OF_RANGE']);
  });
});
