import { DomainError } from '../common/errors/domain.error';
import { checkRunDataWritable, runDataRefusal } from './run-data-lock';
import { RUN_STATES } from './run.lifecycle';

describe('runDataRefusal', () => {
  it('locks approved runs, closes cancelled ones, and keeps bench data to in-progress runs', () => {
    const table = RUN_STATES.map((s) => [
      s,
      runDataRefusal(s, {})?.code ?? 'ok',
      runDataRefusal(s, { inProgressOnly: true })?.code ?? 'ok',
    ]);
    expect(table).toEqual([
      ['planned', 'ok', 'RUN_NOT_IN_PROGRESS'],
      ['in_progress', 'ok', 'ok'],
      ['completed', 'ok', 'RUN_NOT_IN_PROGRESS'],
      ['in_review', 'ok', 'RUN_NOT_IN_PROGRESS'],
      ['approved', 'RUN_LOCKED', 'RUN_LOCKED'],
      ['returned', 'ok', 'RUN_NOT_IN_PROGRESS'],
      ['cancelled', 'RUN_NOT_EDITABLE', 'RUN_NOT_EDITABLE'],
    ]);
  });

  it('names the run, what was refused and the way out', () => {
    let caught: unknown;
    try {
      checkRunDataWritable(
        { id: 'r1', status: 'approved', title: 'MTT week 3' },
        { what: 'import a reading' },
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as DomainError;
    expect(err.code).toBe('RUN_LOCKED');
    expect(err.detail).toMatch(/run r1 \('MTT week 3'\) is approved: cannot import a reading/);
    expect(err.errors).toEqual([
      { field: 'status', code: 'RUN_LOCKED', message: expect.stringMatching(/amendment/) },
    ]);
    expect(err.extensions).toEqual({ runId: 'r1', runStatus: 'approved' });
  });

  it('advises only what the API accepts: an amendment of the run record, no reopen flag', () => {
    const advice = runDataRefusal('approved', {})?.advice ?? '';
    expect(advice).toMatch(/POST \/api\/v1\/runs\/:id\/amendments/);
    expect(advice).not.toMatch(/reopen/);
  });
});
