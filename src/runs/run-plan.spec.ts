import { DomainError, ValidationFailedError } from '../common/errors/domain.error';
import type { MaterialsService } from '../materials/materials.service';
import { defaultProtocolsDir, loadProtocolFiles } from '../protocols/definition/protocol-files';
import { isDoseEscalationProtocol, runPlanView, toUtc } from './run-plan';
import { RunPlanService } from './run-plan.service';
import type { Run } from './run.entity';
import { collectProblems } from './runs.service';

const files = loadProtocolFiles(defaultProtocolsDir());
const definition = (key: string) => {
  const file = files.files.find((f) => f.definition.key === key);
  if (!file) throw new Error(`no protocol ${key}`);
  return file.definition;
};
// The parts under test never touch the materials service.
const plan = new RunPlanService({} as MaterialsService);

const problemsOf = (fn: () => unknown): [string | undefined, string][] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationFailedError) return err.errors.map((e) => [e.field, e.code]);
    throw err;
  }
  return [];
};

describe('RunPlanService (pure parts)', () => {
  it('finds the dose-escalation settings only in resistance-induction', () => {
    expect(files.ok).toBe(true);
    expect(
      files.files
        .filter((f) => isDoseEscalationProtocol(f.definition))
        .map((f) => f.definition.key),
    ).toEqual(['resistance-induction']);
  });

  it('fills defaults and converts units into the setting unit', () => {
    const values = plan.resolveParameters(definition('resistance-induction'), {
      startDoseMicromolar: { value: 500, unit: 'nM' },
    });
    expect(values.startDoseMicromolar).toEqual({
      value: 0.5,
      unit: 'µM',
      entered: { value: 500, unit: 'nM' },
      source: 'entered',
    });
    expect(values.stepDownRule).toEqual({ value: 'previous-dose', source: 'default' });
  });

  it('names each bad parameter as parameters.<key> with its rule', () => {
    expect(
      problemsOf(() =>
        plan.resolveParameters(definition('resistance-induction'), {
          stepFactor: 0.5,
          holdPassagesAfterStepDown: 1.5,
          nope: true,
        }),
      ),
    ).toEqual([
      ['parameters.nope', 'UNKNOWN_PARAMETER'],
      ['parameters.stepFactor', 'BELOW_MINIMUM'],
      ['parameters.holdPassagesAfterStepDown', 'NOT_AN_INTEGER'],
    ]);
    expect(problemsOf(() => plan.resolveParameters(definition('mtt-viability'), [1]))).toEqual([
      ['parameters', 'PARAMETERS_NOT_AN_OBJECT'],
    ]);
  });

  it('refuses ends before starts, naming the end', () => {
    const dates = {
      plannedStartAt: '2025-03-02T00:00:00.000Z',
      plannedEndAt: '2025-03-01T00:00:00.000Z',
      actualStartAt: '2025-03-02T00:00:00.000Z',
      actualEndAt: null,
    };
    expect(problemsOf(() => plan.checkDates(dates))).toEqual([
      ['plannedEndAt', 'END_BEFORE_START'],
    ]);
    expect(problemsOf(() => plan.checkDates({ ...dates, plannedEndAt: null }))).toEqual([]);
  });

  it('shows materials in a stable order in audit views', () => {
    const run = { title: 't', parameters: {} } as Run;
    const view = runPlanView(run, [
      { materialId: 'b', role: 'parental-line' },
      { materialId: 'a', role: 'parental-line' },
      { materialId: 'c', role: 'derived-population' },
    ]);
    expect(view.materials).toEqual([
      { materialId: 'c', role: 'derived-population' },
      { materialId: 'a', role: 'parental-line' },
      { materialId: 'b', role: 'parental-line' },
    ]);
  });

  it('normalises ISO 8601 instants to UTC', () => {
    expect(toUtc('2025-03-01T09:00:00+01:00')).toBe('2025-03-01T08:00:00.000Z');
    expect(toUtc('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
  });
});

describe('collectProblems', () => {
  const bad = (field: string) => () => {
    throw new ValidationFailedError([{ field, code: 'X', message: field }]);
  };

  it('returns every result when all checks pass', async () => {
    await expect(
      collectProblems(
        () => 1,
        async () => 'two',
      ),
    ).resolves.toEqual([1, 'two']);
  });

  it('reports the problems of every failing check together', async () => {
    const err = await collectProblems(bad('a'), () => 1, bad('b')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err as ValidationFailedError).errors.map((e) => e.field)).toEqual(['a', 'b']);
  });

  it('lets other errors through as they come', async () => {
    const other = new DomainError('UNKNOWN_MATERIAL', 'gone');
    await expect(
      collectProblems(bad('a'), () => {
        throw other;
      }),
    ).rejects.toBe(other);
  });
});
