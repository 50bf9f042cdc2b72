import { closestNames, unknownFieldProblem } from './unknown-field';

describe('closestNames', () => {
  const fits = ['limit', 'offset', 'materialId', 'plateId', 'runId', 'status', 'inhibitor'];

  it('suggests the <thing>Id a bare <thing> stands for', () => {
    expect(closestNames('run', fits)).toEqual(['runId']);
    expect(closestNames('material', fits)).toEqual(['materialId']);
    expect(closestNames('RunID', fits)).toEqual(['runId']);
  });

  it('lists every name a stem extends, in declaration order', () => {
    const fr = ['resistantMaterialId', 'parentalMaterialId', 'resistantFitId', 'parentalFitId'];
    expect(closestNames('resistant', fr)).toEqual(['resistantMaterialId', 'resistantFitId']);
    expect(closestNames('parentalFit', fr)).toEqual(['parentalFitId']);
  });

  it('suggests the one name a suffix ends, and near misspellings', () => {
    expect(closestNames('id', ['entity', 'entityId', 'afterSeq', 'limit'])).toEqual(['entityId']);
    expect(closestNames('stauts', fits)).toEqual(['status']);
    expect(closestNames('ofset', fits)).toEqual(['offset']);
  });

  it('suggests nothing for a name unlike any accepted one', () => {
    expect(closestNames('colour', fits)).toEqual([]);
    expect(closestNames('q', fits)).toEqual([]);
    expect(closestNames('id', ['materialId', 'runId'])).toEqual([]);
  });
});

describe('unknownFieldProblem', () => {
  it('names the field, the accepted ones and the closest', () => {
    expect(unknownFieldProblem('run', ['runId', 'status'])).toEqual({
      field: 'run',
      code: 'UNKNOWN_FIELD',
      message: 'run is not a field of this request. Accepted: runId, status. Did you mean runId?',
    });
    expect(unknownFieldProblem('x', []).message).toBe(
      'x is not a field of this request. This route takes none.',
    );
  });
});
