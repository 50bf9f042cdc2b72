import fc from 'fast-check';
import type { ProtocolDefinition } from '../definition/protocol-definition';
import { parameterValues, validateParameters } from './validate-parameters';

const DEF: Pick<ProtocolDefinition, 'settings' | 'constraints'> = {
  settings: {
    startDoseMicromolar: {
      type: 'number',
      unit: 'µM',
      default: 0.25,
      min: 0.001,
      max: 100,
      description: 's',
    },
    targetDoseMicromolar: {
      type: 'number',
      unit: 'µM',
      default: 10,
      min: 0.01,
      max: 1000,
      description: 't',
    },
    stepUpViabilityPercent: {
      type: 'number',
      unit: '%',
      default: 70,
      min: 0,
      max: 100,
      description: 'u',
    },
    stepDownViabilityPercent: {
      type: 'number',
      unit: '%',
      default: 50,
      min: 0,
      max: 100,
      description: 'd',
    },
    consecutivePassages: {
      type: 'integer',
      unit: 'passage',
      default: 2,
      min: 1,
      max: 10,
      description: 'c',
    },
    vialsPerBank: { type: 'integer', default: 3, min: 1, description: 'v' },
    exposureHours: { type: 'number', unit: 'h', default: 72, min: 24, max: 144, description: 'e' },
    fitModel: {
      type: 'enum',
      options: ['LL4', 'LL3', 'fixed-top', 'LL5'],
      default: 'LL4',
      description: 'f',
    },
    bank: { type: 'boolean', default: true, description: 'b' },
    splitRatio: { type: 'string', pattern: '1:[1-9][0-9]?', default: '1:3', description: 'r' },
    targetGenes: {
      type: 'string-list',
      pattern: '[A-Z][A-Z0-9-]*',
      default: ['ABCC1', 'ABCG2'],
      minItems: 1,
      maxItems: 4,
      description: 'g',
    },
    controls: { type: 'string-list', options: ['abiotic', 'heat-killed'], description: 'k' },
    timepointsHours: {
      type: 'number-list',
      unit: 'h',
      default: [0, 1, 2],
      min: 0,
      max: 168,
      ascending: true,
      description: 'tp',
    },
    inhibitor: { type: 'string', required: true, description: 'i' },
  },
  constraints: [
    { left: 'stepDownViabilityPercent', rule: 'less-than', right: 'stepUpViabilityPercent' },
    { left: 'startDoseMicromolar', rule: 'less-than', right: 'targetDoseMicromolar' },
  ],
};

const codes = (input: unknown) => {
  const r = validateParameters(DEF, { inhibitor: 'MK571', ...(input as object) });
  return r.problems.map((p) => `${p.field} ${p.code}`);
};

describe('validateParameters', () => {
  it('fills every default and marks its source', () => {
    const r = validateParameters(DEF, { inhibitor: 'MK571' });
    expect(r.ok).toBe(true);
    expect(r.values.startDoseMicromolar).toEqual({ value: 0.25, unit: 'µM', source: 'default' });
    expect(r.values.fitModel).toEqual({ value: 'LL4', source: 'default' });
    expect(r.values.inhibitor).toEqual({ value: 'MK571', source: 'entered' });
    expect(r.values.controls).toBeUndefined(); // no default, not required
    expect(parameterValues(r.values)).toMatchObject({ startDoseMicromolar: 0.25, bank: true });
  });

  it('treats null as "use the default"', () => {
    const r = validateParameters(DEF, { inhibitor: 'MK571', fitModel: null });
    expect(r.values.fitModel.source).toBe('default');
  });

  it('reports a missing required parameter', () => {
    expect(validateParameters(DEF, {}).problems).toEqual([
      { field: 'inhibitor', code: 'MISSING_REQUIRED_PARAMETER', message: expect.any(String) },
    ]);
  });

  it('converts equivalent molar units to the setting unit and keeps what was entered', () => {
    for (const [input, value] of [
      [{ value: 250, unit: 'nM' }, 0.25],
      [{ value: 250, unit: 'nmol/L' }, 0.25],
      ['0.5 uM', 0.5],
      ['0.5 μM', 0.5],
      [{ value: 0.001, unit: 'mM' }, 1],
      [{ value: 2e-6, unit: 'M' }, 2],
      [3, 3],
    ] as const) {
      const r = validateParameters(DEF, { inhibitor: 'x', startDoseMicromolar: input });
      expect(r.problems).toEqual([]);
      expect(r.values.startDoseMicromolar.value).toBe(value);
      expect(r.values.startDoseMicromolar.unit).toBe('µM');
    }
    const r = validateParameters(DEF, {
      inhibitor: 'x',
      startDoseMicromolar: { value: 375, unit: 'nM' },
    });
    expect(r.values.startDoseMicromolar).toEqual({
      value: 0.375,
      unit: 'µM',
      entered: { value: 375, unit: 'nM' },
      source: 'entered',
    });
  });

  it('checks bounds after conversion, naming the rule', () => {
    expect(codes({ startDoseMicromolar: { value: 0.5, unit: 'nM' } })).toEqual([
      'startDoseMicromolar BELOW_MINIMUM',
    ]);
    expect(codes({ startDoseMicromolar: { value: 0.2, unit: 'M' } })).toEqual([
      'startDoseMicromolar ABOVE_MAXIMUM',
    ]);
    // Exactly on the bound after a decimal rescaling is inside.
    expect(codes({ startDoseMicromolar: { value: 1, unit: 'nM' } })).toEqual([]);
    // A value already out of bounds is not checked against constraints as well.
    expect(codes({ startDoseMicromolar: { value: 0.1, unit: 'M' } })).toEqual([
      'startDoseMicromolar ABOVE_MAXIMUM',
    ]);
    const r = validateParameters(DEF, { inhibitor: 'x', stepUpViabilityPercent: 120 });
    expect(r.problems[0].message).toContain('120 %');
  });

  it('rejects a unit of the wrong dimension, an unknown unit, and a unit on a plain count', () => {
    expect(codes({ startDoseMicromolar: { value: 1, unit: 'ng/mL' } })).toEqual([
      'startDoseMicromolar WRONG_UNIT_DIMENSION',
    ]);
    expect(codes({ stepUpViabilityPercent: '70 nM' })).toEqual([
      'stepUpViabilityPercent WRONG_UNIT_DIMENSION',
    ]);
    expect(codes({ startDoseMicromolar: { value: 1, unit: 'uMol' } })).toEqual([
      'startDoseMicromolar UNKNOWN_UNIT',
    ]);
    expect(codes({ vialsPerBank: { value: 3, unit: 'h' } })).toEqual([
      'vialsPerBank UNIT_NOT_ALLOWED',
    ]);
  });

  it('converts time units too', () => {
    const r = validateParameters(DEF, { inhibitor: 'x', exposureHours: { value: 3, unit: 'd' } });
    expect(r.values.exposureHours).toMatchObject({
      value: 72,
      unit: 'h',
      entered: { value: 3, unit: 'd' },
    });
  });

  it('checks types', () => {
    expect(
      codes({
        startDoseMicromolar: 'lots',
        fitModel: 4,
        bank: 'yes',
        splitRatio: 3,
        targetGenes: 'ABCC1',
        consecutivePassages: 2.5,
        exposureHours: { value: '72' },
        timepointsHours: [0, 'one'],
      }),
    ).toEqual([
      'startDoseMicromolar WRONG_TYPE',
      'consecutivePassages NOT_AN_INTEGER',
      'exposureHours INVALID_QUANTITY',
      'fitModel WRONG_TYPE',
      'bank WRONG_TYPE',
      'splitRatio WRONG_TYPE',
      'targetGenes WRONG_TYPE',
      'timepointsHours[1] WRONG_TYPE',
    ]);
  });

  it('checks enum options and suggests the right case', () => {
    const r = validateParameters(DEF, { inhibitor: 'x', fitModel: 'll4' });
    expect(r.problems).toEqual([
      {
        field: 'fitModel',
        code: 'NOT_IN_OPTIONS',
        message: expect.stringContaining("did you mean 'LL4'"),
      },
    ]);
  });

  it('checks string patterns and string lists', () => {
    expect(codes({ splitRatio: '3:1' })).toEqual(['splitRatio PATTERN_MISMATCH']);
    expect(codes({ targetGenes: [] })).toEqual(['targetGenes TOO_FEW_ITEMS']);
    expect(codes({ targetGenes: ['A', 'B', 'C', 'D', 'E'] })).toEqual([
      'targetGenes TOO_MANY_ITEMS',
    ]);
    expect(codes({ targetGenes: ['ABCC1', 'abcc4', 'ABCC1'] })).toEqual([
      'targetGenes[1] PATTERN_MISMATCH',
      'targetGenes[2] DUPLICATE_ITEM',
    ]);
    expect(codes({ controls: ['abiotic', 'boiled'] })).toEqual(['controls[1] NOT_IN_OPTIONS']);
  });

  it('checks number lists with units, bounds and order', () => {
    const r = validateParameters(DEF, {
      inhibitor: 'x',
      timepointsHours: { value: [0, 30, 60], unit: 'min' },
    });
    expect(r.values.timepointsHours).toMatchObject({ value: [0, 0.5, 1], unit: 'h' });
    expect(codes({ timepointsHours: [0, 4, 2, 200] })).toEqual([
      'timepointsHours[2] NOT_ASCENDING',
      'timepointsHours[3] ABOVE_MAXIMUM',
    ]);
    expect(codes({ timepointsHours: { value: [0, 1], unit: 'nM' } })).toEqual([
      'timepointsHours WRONG_UNIT_DIMENSION',
    ]);
  });

  it('rejects unknown parameters and a non-object', () => {
    expect(codes({ colour: 'blue' })).toEqual(['colour UNKNOWN_PARAMETER']);
    expect(validateParameters(DEF, [1, 2]).problems.map((p) => p.code)).toEqual([
      'PARAMETERS_NOT_AN_OBJECT',
    ]);
  });

  it('checks constraints between settings on converted values', () => {
    expect(codes({ stepDownViabilityPercent: 80 })).toEqual([
      'stepDownViabilityPercent CONSTRAINT_VIOLATED',
    ]);
    expect(codes({ startDoseMicromolar: { value: 20000, unit: 'nM' } })).toEqual([
      'startDoseMicromolar CONSTRAINT_VIOLATED',
    ]);
    expect(codes({ startDoseMicromolar: { value: 5000, unit: 'nM' } })).toEqual([]);
  });

  it('returns every problem, each with a SCREAMING_SNAKE rule and the field (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(DEF.settings), 'other'), fc.anything()),
        (input) => {
          const r = validateParameters(DEF, input);
          expect(r.ok).toBe(r.problems.length === 0);
          for (const p of r.problems) {
            expect(p.code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
            expect(p.field === '' || /^[A-Za-z]/.test(p.field)).toBe(true);
          }
        },
      ),
    );
  });

  it('accepts any in-bounds dose in any molar unit and returns it in µM (property)', () => {
    const units = { pM: 1e-6, nM: 1e-3, µM: 1, mM: 1e3, M: 1e6 } as const;
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 9.99, noNaN: true }),
        fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])),
        (micromolar, unit) => {
          const entered = micromolar / units[unit];
          const r = validateParameters(DEF, {
            inhibitor: 'x',
            startDoseMicromolar: { value: entered, unit },
          });
          const v = r.values.startDoseMicromolar?.value as number;
          return r.ok && Math.abs(v - micromolar) <= 1e-12 * micromolar;
        },
      ),
    );
  });
});
