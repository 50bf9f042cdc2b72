import { diffDefinitions } from './diff-definitions';
import type { ProtocolDefinition } from './protocol-definition';

const base = (): ProtocolDefinition => ({
  key: 'resistance-induction',
  version: 1,
  title: 'Induction',
  description: 'd',
  steps: [
    { id: 'expand', title: 'Expand' },
    { id: 'passage', title: 'Passage', settings: ['stepFactor'] },
    { id: 'bank', title: 'Bank' },
  ],
  materials: [{ id: 'parental', kind: 'cell-line', title: 'Parental' }],
  readouts: [{ id: 'log', kind: 'measured', title: 'Passage log' }],
  settings: {
    stepFactor: { type: 'number', unit: 'fold', default: 1.5, min: 1.1, max: 3, description: 'f' },
    fitModel: { type: 'enum', options: ['LL4', 'LL3'], default: 'LL4', description: 'm' },
    vehicle: { type: 'string', default: 'DMSO', description: 'v' },
  },
  constraints: [],
});

describe('diffDefinitions', () => {
  it('finds nothing between equal definitions, apart from the version', () => {
    const b = { ...base(), version: 2 };
    const d = diffDefinitions(base(), b);
    expect(d.identical).toBe(true);
    expect(d.changes).toEqual([]);
    expect(d.from).toMatchObject({ key: 'resistance-induction', version: 1 });
    expect(d.to.version).toBe(2);
    expect(d.from.contentHash).not.toBe(d.to.contentHash);
  });

  it('reports setting changes field by field', () => {
    const b = base();
    b.version = 2;
    b.settings.stepFactor = {
      ...b.settings.stepFactor,
      default: 2,
      max: 4,
    } as typeof b.settings.stepFactor;
    delete b.settings.vehicle;
    b.settings.targetDoseMicromolar = { type: 'number', unit: 'µM', default: 10, description: 't' };
    b.settings.fitModel = {
      type: 'enum',
      options: ['LL4', 'LL3', 'LL5'],
      default: 'LL4',
      description: 'm',
    };
    const d = diffDefinitions(base(), b);
    expect(d.counts).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(d.changes.filter((c) => c.section === 'settings')).toEqual([
      expect.objectContaining({
        id: 'stepFactor',
        kind: 'changed',
        fields: [
          { field: 'default', before: 1.5, after: 2 },
          { field: 'max', before: 3, after: 4 },
        ],
      }),
      expect.objectContaining({
        id: 'fitModel',
        kind: 'changed',
        fields: [{ field: 'options', before: ['LL4', 'LL3'], after: ['LL4', 'LL3', 'LL5'] }],
      }),
      expect.objectContaining({ id: 'vehicle', kind: 'removed', fields: [] }),
      expect.objectContaining({ id: 'targetDoseMicromolar', kind: 'added', fields: [] }),
    ]);
  });

  it('reports a field that appears or disappears without a before/after value', () => {
    const b = base();
    b.settings.vehicle = { type: 'string', default: 'DMSO', description: 'v', maxLength: 10 };
    const [c] = diffDefinitions(base(), b).changes;
    expect(c.fields).toEqual([{ field: 'maxLength', after: 10 }]);
  });

  it('reports steps, materials and readouts by id, and moves only when relative order changes', () => {
    const b = base();
    b.steps = [
      { id: 'new-first', title: 'Thaw' },
      { id: 'expand', title: 'Expand' },
      { id: 'bank', title: 'Bank' },
      { id: 'passage', title: 'Passage and count', settings: ['stepFactor'] },
    ];
    b.materials = [];
    b.readouts = [{ id: 'log', kind: 'measured', title: 'Passage log', unit: '%' }];
    const d = diffDefinitions(base(), b);
    const steps = d.changes.filter((c) => c.section === 'steps');
    expect(steps.map((c) => [c.id, c.kind, c.fields.map((f) => f.field)])).toEqual([
      ['passage', 'changed', ['title', 'position']],
      ['bank', 'changed', ['position']],
      ['new-first', 'added', []],
    ]);
    expect(steps[0].fields[1]).toEqual({ field: 'position', before: 2, after: 4 });
    expect(d.changes.find((c) => c.section === 'materials')).toMatchObject({
      id: 'parental',
      kind: 'removed',
    });
    expect(d.changes.find((c) => c.section === 'readouts')).toMatchObject({
      id: 'log',
      fields: [{ field: 'unit', after: '%' }],
    });
  });

  it('reports title, description and constraints', () => {
    const b = base();
    b.title = 'Induction v2';
    b.constraints = [{ left: 'a', rule: 'less-than', right: 'b' }];
    const d = diffDefinitions(base(), b);
    expect(d.changes.map((c) => `${c.section}:${c.id}:${c.kind}`)).toEqual([
      'protocol:title:changed',
      'constraints:a less-than b:added',
    ]);
  });

  it('is symmetric: added one way is removed the other', () => {
    const b = base();
    b.settings.extra = { type: 'boolean', default: true, description: 'e' };
    expect(diffDefinitions(base(), b).counts).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(diffDefinitions(b, base()).counts).toEqual({ added: 0, removed: 1, changed: 0 });
  });
});
