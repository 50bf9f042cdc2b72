import { suggestNextDose, type EscalationSettings, type PassageRecord } from './dose-escalation';

// Rules no test guarded (issue 13): the thresholds are inclusive for stepping up (≥) and
// exclusive for stepping down (<). Changing either comparison fails here.
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

const at = (
  n: number,
  value: number,
  viabilityPercent: number,
  confluence = 85,
): PassageRecord => ({
  passageNumber: n,
  date: `2024-01-${String(2 + 4 * (n - 1)).padStart(2, '0')}`,
  dose: { value, unit: 'µM' },
  viabilityPercent,
  confluencePercent: confluence,
  viableCount: 1.2e6,
  splitRatio: '1:3',
});

describe('dose-escalation thresholds, exactly at the limit', () => {
  it('two passages at exactly 70 % viability step up', () => {
    const s = suggestNextDose(SETTINGS, [at(1, 0.25, 70), at(2, 0.25, 70)]);
    expect(s).toMatchObject({ rule: 'step-up', dose: { value: 0.375 } });
  });

  it('just below (69.9 %) holds', () => {
    const s = suggestNextDose(SETTINGS, [at(1, 0.25, 70), at(2, 0.25, 69.9)]);
    expect(s.rule).toBe('hold');
  });

  it('confluence exactly at its minimum counts', () => {
    const s = { ...SETTINGS, stepUpMinConfluencePercent: 70 };
    expect(suggestNextDose(s, [at(1, 0.25, 80, 70), at(2, 0.25, 80, 70)]).rule).toBe('step-up');
  });

  it('two passages at exactly 50 % do not step down; below 50 % they do', () => {
    const base = [at(1, 0.25, 80), at(2, 0.25, 80), at(3, 0.375, 50), at(4, 0.375, 50)];
    expect(suggestNextDose(SETTINGS, base).rule).not.toBe('step-down');
    const low = [at(1, 0.25, 80), at(2, 0.25, 80), at(3, 0.375, 49.9), at(4, 0.375, 49.9)];
    expect(suggestNextDose(SETTINGS, low)).toMatchObject({
      rule: 'step-down',
      dose: { value: 0.25 },
    });
  });
});
