import { parseProtocolDefinition, validateProtocolDefinition } from './validate-definition';
import type { DefinitionProblem, ProtocolDefinition } from './protocol-definition';

/** A small valid definition; tests replace parts of it. */
const VALID = `key: demo-assay
version: 2
title: Demo assay
description: A small protocol for tests.
materials:
  - id: cells
    kind: cell-line
    title: Cells
steps:
  - id: seed
    title: Seed
    materials: [cells]
    settings: [doseMicromolar]
  - id: read
    title: Read
    readouts: [signal]
readouts:
  - id: signal
    kind: measured
    title: Signal
    unit: '1'
  - id: ic50
    kind: derived
    title: IC50
    unit: µM
    from: [signal]
settings:
  doseMicromolar:
    type: number
    unit: µM
    default: 1
    min: 0.1
    max: 10
    description: Dose.
  replicates:
    type: integer
    unit: count
    default: 3
    min: 2
    max: 6
    description: Replicates.
  fitModel:
    type: enum
    options: [LL4, LL3]
    default: LL4
    description: Model.
  genes:
    type: string-list
    pattern: '[A-Z][A-Z0-9]*'
    default: [GAPDH, ACTB]
    minItems: 1
    description: Genes.
  timepointsHours:
    type: number-list
    unit: h
    default: [0, 1, 4]
    ascending: true
    min: 0
    description: Times.
  lowMicromolar:
    type: number
    unit: nM
    default: 50
    description: Lower dose.
constraints:
  - left: lowMicromolar
    rule: less-than
    right: doseMicromolar
`;

function problemsOf(text: string): DefinitionProblem[] {
  const r = parseProtocolDefinition(text);
  return r.ok ? [] : r.problems;
}

/** The single problem with `code`; fails when there is not exactly one. */
function one(text: string, code: string): DefinitionProblem {
  const hits = problemsOf(text).filter((p) => p.code === code);
  expect(hits).toHaveLength(1);
  return hits[0];
}

function lineOf(text: string, fragment: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(fragment));
  if (i < 0) throw new Error(`fragment not found: ${fragment}`);
  return i + 1;
}

describe('parseProtocolDefinition', () => {
  it('accepts a valid definition and returns the typed model', () => {
    const r = parseProtocolDefinition(VALID);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d: ProtocolDefinition = r.definition;
    expect(d.key).toBe('demo-assay');
    expect(d.version).toBe(2);
    expect(Object.keys(d.settings)).toEqual([
      'doseMicromolar',
      'replicates',
      'fitModel',
      'genes',
      'timepointsHours',
      'lowMicromolar',
    ]);
  });

  it('accepts JSON text too', () => {
    const r = parseProtocolDefinition(VALID);
    if (!r.ok) throw new Error('fixture invalid');
    expect(parseProtocolDefinition(JSON.stringify(r.definition, null, 2)).ok).toBe(true);
  });

  it('names the key path, line and column of a default above max', () => {
    const text = VALID.replace('    default: 1\n', '    default: 12\n');
    const p = one(text, 'DEFAULT_ABOVE_MAX');
    expect(p.path).toBe('settings.doseMicromolar.default');
    expect(p.line).toBe(lineOf(text, 'default: 12'));
    expect(p.column).toBe(14);
    expect(p.message).toContain('12 µM');
  });

  it('reports a default below min', () => {
    const text = VALID.replace('    default: 3\n', '    default: 1\n');
    expect(one(text, 'DEFAULT_BELOW_MIN').path).toBe('settings.replicates.default');
  });

  it('reports min greater than max', () => {
    const text = VALID.replace('    min: 2\n    max: 6\n', '    min: 7\n    max: 6\n');
    expect(one(text, 'MIN_GREATER_THAN_MAX').path).toBe('settings.replicates.max');
  });

  it('reports a non-integer default of an integer setting', () => {
    const text = VALID.replace('    default: 3\n', '    default: 2.5\n');
    expect(one(text, 'NOT_AN_INTEGER').path).toBe('settings.replicates.default');
  });

  it('reports an enum default that is not an option', () => {
    const text = VALID.replace('    default: LL4\n', '    default: LL5\n');
    const p = one(text, 'DEFAULT_NOT_IN_OPTIONS');
    expect(p.path).toBe('settings.fitModel.default');
    expect(p.line).toBe(lineOf(text, 'default: LL5'));
  });

  it('reports duplicate enum options', () => {
    const text = VALID.replace('options: [LL4, LL3]', 'options: [LL4, LL4]');
    expect(one(text, 'DUPLICATE_ITEM').path).toBe('settings.fitModel.options[1]');
  });

  it('reports a missing unit on a number, a unit on an enum, and an unknown unit', () => {
    const missing = VALID.replace('    unit: nM\n', '');
    const p = one(missing, 'UNIT_REQUIRED');
    expect(p.path).toBe('settings.lowMicromolar.unit');
    expect(p.line).toBe(lineOf(missing, 'lowMicromolar:'));

    const extra = VALID.replace(
      '    options: [LL4, LL3]\n',
      '    options: [LL4, LL3]\n    unit: nM\n',
    );
    const q = one(extra, 'UNIT_NOT_ALLOWED');
    expect(q.path).toBe('settings.fitModel.unit');
    expect(q.line).toBe(lineOf(extra, 'unit: nM'));
    expect(q.column).toBe(5);

    const unknown = VALID.replace(
      '    unit: µM\n    default: 1',
      '    unit: furlong\n    default: 1',
    );
    expect(one(unknown, 'UNKNOWN_UNIT').path).toBe('settings.doseMicromolar.unit');
  });

  it('rejects unknown keys at every level, pointing at the key', () => {
    const text = VALID.replace(
      'title: Demo assay\n',
      'title: Demo assay\nauthor: someone\n',
    ).replace('    title: Seed\n', '    title: Seed\n    colour: blue\n');
    const ps = problemsOf(text).filter((p) => p.code === 'UNKNOWN_KEY');
    expect(ps.map((p) => p.path)).toEqual(['author', 'steps[0].colour']);
    expect(ps[0]).toMatchObject({ line: 4, column: 1 });
    expect(ps[1].line).toBe(lineOf(text, 'colour: blue'));
  });

  it('rejects keys that do not belong to the setting type', () => {
    const text = VALID.replace(
      '    options: [LL4, LL3]\n',
      '    options: [LL4, LL3]\n    min: 1\n',
    );
    expect(one(text, 'UNKNOWN_KEY').path).toBe('settings.fitModel.min');
  });

  it('reports missing required keys at their parent', () => {
    const text = VALID.replace('title: Demo assay\n', '');
    const p = one(text, 'MISSING_KEY');
    expect(p.path).toBe('title');
    const noType = VALID.replace('    type: enum\n', '');
    const q = one(noType, 'MISSING_KEY');
    expect(q.path).toBe('settings.fitModel.type');
    expect(q.line).toBe(lineOf(noType, 'fitModel:'));
  });

  it('reports wrong types', () => {
    const text = VALID.replace('version: 2', 'version: two').replace(
      '    default: 50\n',
      '    default: fifty\n',
    );
    const ps = problemsOf(text).filter((p) => p.code === 'WRONG_TYPE');
    expect(ps.map((p) => p.path)).toEqual(['version', 'settings.lowMicromolar.default']);
  });

  it('reports non-finite numbers', () => {
    const text = VALID.replace('    max: 10\n', '    max: .inf\n');
    expect(one(text, 'WRONG_TYPE').path).toBe('settings.doseMicromolar.max');
  });

  it('reports an unknown setting type', () => {
    const text = VALID.replace('    type: enum\n', '    type: choice\n');
    expect(one(text, 'NOT_ONE_OF').path).toBe('settings.fitModel.type');
  });

  it('requires kebab-case keys and ids and camelCase setting keys', () => {
    const text = VALID.replace('key: demo-assay', 'key: Demo_Assay')
      .replace('  - id: seed', '  - id: Seed')
      .replace('  replicates:', '  replicate_count:');
    const ps = problemsOf(text).filter((p) => p.code === 'INVALID_FORMAT');
    expect(ps.map((p) => p.path)).toEqual(['key', 'steps[0].id', 'settings.replicate_count']);
  });

  it('reports duplicate step ids at the second occurrence', () => {
    const text = VALID.replace('  - id: read\n', '  - id: seed\n');
    const p = one(text, 'DUPLICATE_ID');
    expect(p.path).toBe('steps[1].id');
    expect(p.line).toBe(lineOf(text, 'title: Read') - 1);
  });

  it('reports references to undeclared materials, settings and readouts', () => {
    const text = VALID.replace('materials: [cells]', 'materials: [cell]')
      .replace('settings: [doseMicromolar]', 'settings: [dose]')
      .replace('readouts: [signal]', 'readouts: [signals]')
      .replace('from: [signal]', 'from: [ic50]');
    const ps = problemsOf(text);
    expect(ps.filter((p) => p.code === 'UNKNOWN_REFERENCE').map((p) => p.path)).toEqual([
      'steps[0].materials[0]',
      'steps[0].settings[0]',
      'steps[1].readouts[0]',
    ]);
    expect(ps.find((p) => p.code === 'SELF_REFERENCE')?.path).toBe('readouts[1].from');
  });

  it('reports an unknown material kind and an empty step list', () => {
    const text = VALID.replace('kind: cell-line', 'kind: mouse');
    expect(one(text, 'NOT_ONE_OF').path).toBe('materials[0].kind');
    const empty = VALID.replace(/steps:\n(?: {2}.*\n)+/, 'steps: []\n');
    expect(one(empty, 'EMPTY_LIST').path).toBe('steps');
  });

  it('checks string-list and number-list defaults', () => {
    const genes = VALID.replace('default: [GAPDH, ACTB]', 'default: [GAPDH, actb, GAPDH]');
    const ps = problemsOf(genes);
    expect(ps.map((p) => `${p.code} ${p.path}`)).toEqual([
      'DUPLICATE_ITEM settings.genes.default[2]',
    ]);
    const genes2 = VALID.replace('default: [GAPDH, ACTB]', 'default: [GAPDH, actb]');
    expect(one(genes2, 'DEFAULT_PATTERN_MISMATCH').path).toBe('settings.genes.default[1]');
    const times = VALID.replace('default: [0, 1, 4]', 'default: [0, 4, 1, -2]');
    const ts = problemsOf(times);
    expect(ts.map((p) => `${p.code} ${p.path}`)).toEqual([
      'NOT_ASCENDING settings.timepointsHours.default[2]',
      'DEFAULT_BELOW_MIN settings.timepointsHours.default[3]',
      'NOT_ASCENDING settings.timepointsHours.default[3]',
    ]);
  });

  it('reports an invalid regular expression', () => {
    const text = VALID.replace("pattern: '[A-Z][A-Z0-9]*'", "pattern: '[A-Z'");
    expect(one(text, 'INVALID_PATTERN').path).toBe('settings.genes.pattern');
  });

  it('checks constraints, converting units', () => {
    // 50 nM < 1 µM holds; 5000 nM does not.
    const text = VALID.replace('    default: 50\n', '    default: 5000\n');
    const p = one(text, 'DEFAULTS_VIOLATE_CONSTRAINT');
    expect(p.path).toBe('constraints[0]');
    const bad = VALID.replace('right: doseMicromolar', 'right: fitModel');
    expect(one(bad, 'CONSTRAINT_NOT_NUMERIC').path).toBe('constraints[0].right');
    const incompatible = VALID.replace('right: doseMicromolar', 'right: replicates');
    expect(one(incompatible, 'CONSTRAINT_UNITS_INCOMPATIBLE').path).toBe('constraints[0]');
    const unknown = VALID.replace('right: doseMicromolar', 'right: nothing');
    expect(one(unknown, 'UNKNOWN_REFERENCE').path).toBe('constraints[0].right');
  });

  it('returns every problem at once, sorted by line', () => {
    const text = VALID.replace('version: 2', 'version: 0')
      .replace('    default: 1\n', '    default: 100\n')
      .replace('    default: LL4\n', '    default: LL9\n');
    const ps = problemsOf(text);
    expect(ps.map((p) => p.code)).toEqual([
      'BELOW_MINIMUM',
      'DEFAULT_ABOVE_MAX',
      'DEFAULT_NOT_IN_OPTIONS',
    ]);
    const lines = ps.map((p) => p.line ?? 0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('reports YAML syntax errors with their position', () => {
    const ps = problemsOf('key: demo\nsteps: [a, b\nversion: 1\n');
    expect(ps.length).toBeGreaterThan(0);
    expect(ps[0].code).toMatch(/^YAML_/);
    expect(ps[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate keys', () => {
    const text = VALID.replace('version: 2\n', 'version: 2\nversion: 3\n');
    const p = one(text, 'DUPLICATE_KEY');
    expect(p).toMatchObject({ path: 'version', line: 3, column: 1 });
  });

  it('rejects an empty file and a non-map document', () => {
    expect(problemsOf('')[0]).toMatchObject({ code: 'WRONG_TYPE', line: 1 });
    expect(problemsOf('- a\n- b\n')[0]).toMatchObject({ code: 'WRONG_TYPE', path: '' });
  });

  it('follows aliases, reporting where the alias is used', () => {
    const text = VALID.replace('title: Demo assay', 'title: &t Demo assay').replace(
      '    default: LL4\n',
      '    default: *t\n',
    );
    const p = one(text, 'DEFAULT_NOT_IN_OPTIONS');
    expect(p.path).toBe('settings.fitModel.default');
    expect(p.line).toBe(lineOf(text, 'default: *t'));
  });
});

describe('validateProtocolDefinition (already parsed JSON)', () => {
  it('accepts the model and reports problems without lines', () => {
    const r = parseProtocolDefinition(VALID);
    if (!r.ok) throw new Error('fixture invalid');
    expect(validateProtocolDefinition(r.definition).ok).toBe(true);
    const broken = { ...r.definition, version: -1, steps: 'none' };
    const v = validateProtocolDefinition(broken);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'BELOW_MINIMUM version',
      'WRONG_TYPE steps',
    ]);
    expect(v.problems[0].line).toBeUndefined();
  });

  it('never throws, whatever the input', () => {
    for (const input of [
      null,
      1,
      'x',
      [],
      { settings: [] },
      { steps: [1, null] },
      { settings: { a: null } },
    ]) {
      expect(validateProtocolDefinition(input).ok).toBe(false);
    }
  });
});
