import {
  Document,
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import { findUnit, unitsCompatible } from '../../common/units/units';
import {
  CONSTRAINT_RULES,
  MATERIAL_KINDS,
  READOUT_KINDS,
  SETTING_TYPES,
  formatPath,
  type DefinitionProblem,
  type ProtocolDefinition,
  type SettingType,
} from './protocol-definition';
import { checkConstraint } from './setting-constraints';
import { MAX_DEFINITION_CHARS, MAX_YAML_NESTING, yamlNestingExceeded } from './yaml-nesting';

/** Result of validating a definition: the typed model, or every problem found. */
export type DefinitionValidation =
  | { ok: true; definition: ProtocolDefinition; problems: [] }
  | { ok: false; problems: DefinitionProblem[] };

type Segment = string | number;

/** A problem before it is given a line: where it is, and whether it is about a key or a value. */
interface RawProblem {
  path: Segment[];
  /** Where to point in the text, when not at `path` itself (a missing key points at its parent). */
  at?: Segment[];
  target: 'key' | 'value';
  code: string;
  message: string;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

const TOP_KEYS = [
  'key',
  'version',
  'title',
  'description',
  'steps',
  'materials',
  'readouts',
  'settings',
  'constraints',
] as const;
const TOP_REQUIRED = TOP_KEYS.filter((k) => k !== 'constraints');
const STEP_KEYS = [
  'id',
  'title',
  'description',
  'durationHours',
  'materials',
  'settings',
  'readouts',
];
const MATERIAL_KEYS = ['id', 'kind', 'title', 'description', 'required', 'multiple'];
const READOUT_KEYS = ['id', 'title', 'kind', 'description', 'unit', 'from', 'analysis'];
const SINGULAR = { steps: 'step', materials: 'material', readouts: 'readout' } as const;
const CONSTRAINT_KEYS = ['left', 'rule', 'right', 'message'];
const SETTING_COMMON = ['type', 'description', 'label', 'group', 'required'];
const SETTING_KEYS: Record<SettingType, readonly string[]> = {
  number: [...SETTING_COMMON, 'unit', 'default', 'min', 'max'],
  integer: [...SETTING_COMMON, 'unit', 'default', 'min', 'max'],
  string: [...SETTING_COMMON, 'default', 'pattern', 'minLength', 'maxLength'],
  boolean: [...SETTING_COMMON, 'default'],
  enum: [...SETTING_COMMON, 'options', 'default'],
  'string-list': [...SETTING_COMMON, 'default', 'options', 'pattern', 'minItems', 'maxItems'],
  'number-list': [
    ...SETTING_COMMON,
    'unit',
    'default',
    'min',
    'max',
    'minItems',
    'maxItems',
    'ascending',
  ],
};

/**
 * Parses and validates a protocol definition written in YAML (JSON is valid YAML). Every problem
 * names its key path and, from the source text, its line and column (1-based). Syntax errors
 * stop validation; otherwise all structural problems are reported at once.
 */
export function parseProtocolDefinition(text: string): DefinitionValidation {
  if (text.length > MAX_DEFINITION_CHARS) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          line: 1,
          column: 1,
          code: 'DEFINITION_TOO_LARGE',
          message: `a protocol definition is at most ${MAX_DEFINITION_CHARS} characters`,
        },
      ],
    };
  }
  const deep = yamlNestingExceeded(text);
  if (deep) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          ...deep,
          code: 'YAML_TOO_DEEP',
          message: `the definition nests deeper than ${MAX_YAML_NESTING} levels`,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntax = [...doc.errors, ...doc.warnings].map((e): DefinitionProblem => {
    const path = formatPath(pathAtOffset(doc, e.pos[0]));
    return {
      path,
      ...position(e.pos[0]),
      code: e.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : `YAML_${e.code}`,
      message: firstLine(e.message),
    };
  });
  if (syntax.length > 0) return { ok: false, problems: syntax };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // toJS throws only for alias bombs and similar; report it like a syntax error.
    return {
      ok: false,
      problems: [{ path: '', line: 1, column: 1, code: 'YAML_INVALID', message: String(err) }],
    };
  }

  const raw = collectProblems(value);
  if (raw.length === 0) return { ok: true, definition: value as ProtocolDefinition, problems: [] };
  const problems = raw.map((p): DefinitionProblem => {
    const node = locate(doc, p.at ?? p.path, p.at ? 'key' : p.target);
    const pos = node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    return { path: formatPath(p.path), ...pos, code: p.code, message: p.message };
  });
  // Stable sort by position so a reader fixes the file top to bottom.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, problems };
}

/**
 * Validates an already-parsed definition (a JSON body, a stored version). Problems carry the key
 * path but no line.
 */
export function validateProtocolDefinition(value: unknown): DefinitionValidation {
  const raw = collectProblems(value);
  if (raw.length === 0) return { ok: true, definition: value as ProtocolDefinition, problems: [] };
  return {
    ok: false,
    problems: raw.map((p) => ({ path: formatPath(p.path), code: p.code, message: p.message })),
  };
}

// ---------------------------------------------------------------------------------------------
// Structural checks on the plain value.

class Checker {
  readonly problems: RawProblem[] = [];

  add(path: Segment[], code: string, message: string, target: 'key' | 'value' = 'value'): void {
    this.problems.push({ path, target, code, message });
  }

  /** Flags unknown keys and missing required keys of a map. */
  keys(
    obj: Record<string, unknown>,
    path: Segment[],
    allowed: readonly string[],
    required: readonly string[],
    what: string,
  ): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        this.add(
          [...path, k],
          'UNKNOWN_KEY',
          `'${k}' is not a key of ${what}; allowed: ${allowed.join(', ')}`,
          'key',
        );
      }
    }
    for (const k of required) {
      if (!(k in obj)) {
        this.problems.push({
          path: [...path, k],
          at: path,
          target: 'key',
          code: 'MISSING_KEY',
          message: `${what} needs '${k}'`,
        });
      }
    }
  }

  string(
    obj: Record<string, unknown>,
    key: string,
    path: Segment[],
    format?: { re: RegExp; name: string },
  ): string | undefined {
    if (!(key in obj)) return undefined;
    const v = obj[key];
    if (typeof v !== 'string') {
      this.add([...path, key], 'WRONG_TYPE', `expected a string, got ${describe(v)}`);
      return undefined;
    }
    if (v.trim() === '') {
      this.add([...path, key], 'EMPTY_VALUE', `'${key}' must not be empty`);
      return undefined;
    }
    if (format && !format.re.test(v)) {
      this.add([...path, key], 'INVALID_FORMAT', `'${v}' is not ${format.name}`);
      return undefined;
    }
    return v;
  }

  number(
    obj: Record<string, unknown>,
    key: string,
    path: Segment[],
    opts: { integer?: boolean; min?: number } = {},
  ): number | undefined {
    if (!(key in obj)) return undefined;
    return this.numberValue(obj[key], [...path, key], opts);
  }

  numberValue(
    v: unknown,
    path: Segment[],
    opts: { integer?: boolean; min?: number } = {},
  ): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, 'WRONG_TYPE', `expected a finite number, got ${describe(v)}`);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.add(path, 'NOT_AN_INTEGER', `expected an integer, got ${v}`);
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.add(path, 'BELOW_MINIMUM', `must be ≥ ${opts.min}, got ${v}`);
      return undefined;
    }
    return v;
  }

  boolean(obj: Record<string, unknown>, key: string, path: Segment[]): boolean | undefined {
    if (!(key in obj)) return undefined;
    const v = obj[key];
    if (typeof v !== 'boolean') {
      this.add([...path, key], 'WRONG_TYPE', `expected true or false, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** An array of non-empty strings; reports duplicates when `unique`. */
  stringList(
    obj: Record<string, unknown>,
    key: string,
    path: Segment[],
    opts: { unique?: boolean; nonEmpty?: boolean } = {},
  ): string[] | undefined {
    if (!(key in obj)) return undefined;
    const v = obj[key];
    const p = [...path, key];
    if (!Array.isArray(v)) {
      this.add(p, 'WRONG_TYPE', `expected a list of strings, got ${describe(v)}`);
      return undefined;
    }
    if (opts.nonEmpty && v.length === 0) this.add(p, 'EMPTY_LIST', `'${key}' must not be empty`);
    let ok = true;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        this.add([...p, i], 'WRONG_TYPE', `expected a non-empty string, got ${describe(item)}`);
        ok = false;
      } else if (opts.unique && seen.has(item)) {
        this.add([...p, i], 'DUPLICATE_ITEM', `'${item}' appears more than once`);
        ok = false;
      } else seen.add(item);
    });
    return ok ? (v as string[]) : undefined;
  }

  /** A unit symbol that ThioLab knows. */
  unit(obj: Record<string, unknown>, path: Segment[]): string | undefined {
    const u = this.string(obj, 'unit', path);
    if (u === undefined) return undefined;
    if (!findUnit(u)) {
      this.add([...path, 'unit'], 'UNKNOWN_UNIT', `unknown unit '${u}'`);
      return undefined;
    }
    return u;
  }
}

function collectProblems(value: unknown): RawProblem[] {
  const c = new Checker();
  if (!isRecord(value)) {
    c.add([], 'WRONG_TYPE', `a protocol definition is a map of keys, got ${describe(value)}`);
    return c.problems;
  }
  c.keys(value, [], TOP_KEYS, TOP_REQUIRED, 'a protocol definition');
  c.string(value, 'key', [], { re: KEBAB, name: 'a kebab-case key (e.g. mtt-viability)' });
  c.number(value, 'version', [], { integer: true, min: 1 });
  c.string(value, 'title', []);
  c.string(value, 'description', []);

  const settingKeys = checkSettings(c, value.settings);
  const materialIds = checkList(
    c,
    value,
    'materials',
    (item, path) => checkMaterial(c, item, path),
    false,
  );
  const readoutIds = checkList(
    c,
    value,
    'readouts',
    (item, path) => checkReadout(c, item, path),
    true,
  );
  checkList(c, value, 'steps', (item, path) => checkStep(c, item, path), true);

  // Cross references, once every id is known.
  if (Array.isArray(value.steps)) {
    value.steps.forEach((step, i) => {
      if (!isRecord(step)) return;
      checkRefs(c, step, 'materials', ['steps', i], materialIds, 'material');
      checkRefs(c, step, 'settings', ['steps', i], settingKeys, 'setting');
      checkRefs(c, step, 'readouts', ['steps', i], readoutIds, 'readout');
    });
  }
  if (Array.isArray(value.readouts)) {
    value.readouts.forEach((r, i) => {
      if (!isRecord(r)) return;
      checkRefs(c, r, 'from', ['readouts', i], readoutIds, 'readout');
      if (Array.isArray(r.from) && r.from.includes(r.id)) {
        c.add(
          ['readouts', i, 'from'],
          'SELF_REFERENCE',
          `readout '${String(r.id)}' cannot derive from itself`,
        );
      }
    });
  }
  if ('constraints' in value) checkConstraints(c, value.constraints, value.settings);
  return c.problems;
}

/** Checks a list section; returns the set of valid, unique ids. */
function checkList(
  c: Checker,
  root: Record<string, unknown>,
  section: 'steps' | 'materials' | 'readouts',
  checkItem: (item: Record<string, unknown>, path: Segment[]) => void,
  nonEmpty: boolean,
): Set<string> {
  const ids = new Set<string>();
  if (!(section in root)) return ids;
  const list = root[section];
  if (!Array.isArray(list)) {
    c.add([section], 'WRONG_TYPE', `expected a list, got ${describe(list)}`);
    return ids;
  }
  if (nonEmpty && list.length === 0) {
    c.add([section], 'EMPTY_LIST', `'${section}' must not be empty`);
  }
  list.forEach((item, i) => {
    const path: Segment[] = [section, i];
    if (!isRecord(item)) {
      c.add(path, 'WRONG_TYPE', `expected a map, got ${describe(item)}`);
      return;
    }
    checkItem(item, path);
    const id = item.id;
    if (typeof id === 'string' && KEBAB.test(id)) {
      if (ids.has(id)) {
        c.add(
          [...path, 'id'],
          'DUPLICATE_ID',
          `${SINGULAR[section]} id '${id}' is used more than once`,
        );
      }
      ids.add(id);
    }
  });
  return ids;
}

const ID_FORMAT = { re: KEBAB, name: 'a kebab-case id' };

function checkStep(c: Checker, step: Record<string, unknown>, path: Segment[]): void {
  c.keys(step, path, STEP_KEYS, ['id', 'title'], 'a step');
  c.string(step, 'id', path, ID_FORMAT);
  c.string(step, 'title', path);
  c.string(step, 'description', path);
  c.number(step, 'durationHours', path, { min: 0 });
  c.stringList(step, 'materials', path, { unique: true });
  c.stringList(step, 'settings', path, { unique: true });
  c.stringList(step, 'readouts', path, { unique: true });
}

function checkMaterial(c: Checker, m: Record<string, unknown>, path: Segment[]): void {
  c.keys(m, path, MATERIAL_KEYS, ['id', 'kind', 'title'], 'a material');
  c.string(m, 'id', path, ID_FORMAT);
  oneOf(c, m, 'kind', path, MATERIAL_KINDS);
  c.string(m, 'title', path);
  c.string(m, 'description', path);
  c.boolean(m, 'required', path);
  c.boolean(m, 'multiple', path);
}

function checkReadout(c: Checker, r: Record<string, unknown>, path: Segment[]): void {
  c.keys(r, path, READOUT_KEYS, ['id', 'title', 'kind'], 'a readout');
  c.string(r, 'id', path, ID_FORMAT);
  c.string(r, 'title', path);
  const kind = oneOf(c, r, 'kind', path, READOUT_KINDS);
  c.string(r, 'description', path);
  c.unit(r, path);
  c.stringList(r, 'from', path, { unique: true, nonEmpty: true });
  c.string(r, 'analysis', path);
  if (kind === 'measured' && 'from' in r) {
    c.add(
      [...path, 'from'],
      'NOT_ALLOWED_FOR_KIND',
      `a measured readout is not derived from other readouts`,
    );
  }
}

function checkRefs(
  c: Checker,
  obj: Record<string, unknown>,
  key: string,
  path: Segment[],
  known: Set<string>,
  what: string,
): void {
  const refs = obj[key];
  if (!Array.isArray(refs)) return;
  refs.forEach((ref, i) => {
    if (typeof ref === 'string' && !known.has(ref)) {
      c.add([...path, key, i], 'UNKNOWN_REFERENCE', `no ${what} '${ref}' is declared`);
    }
  });
}

/** Checks the settings map; returns the keys of settings that have a valid key. */
function checkSettings(c: Checker, settings: unknown): Set<string> {
  const keys = new Set<string>();
  if (settings === undefined) return keys;
  if (!isRecord(settings)) {
    c.add(
      ['settings'],
      'WRONG_TYPE',
      `expected a map of settings by key, got ${describe(settings)}`,
    );
    return keys;
  }
  for (const [key, setting] of Object.entries(settings)) {
    const path: Segment[] = ['settings', key];
    if (!CAMEL.test(key)) {
      c.add(
        path,
        'INVALID_FORMAT',
        `setting key '${key}' must be camelCase (e.g. stepFactor)`,
        'key',
      );
    } else keys.add(key);
    if (!isRecord(setting)) {
      c.add(path, 'WRONG_TYPE', `expected a map describing the setting, got ${describe(setting)}`);
      continue;
    }
    checkSetting(c, setting, path);
  }
  return keys;
}

function checkSetting(c: Checker, s: Record<string, unknown>, path: Segment[]): void {
  const type = oneOf(c, s, 'type', path, SETTING_TYPES);
  if (type === undefined) {
    // Without a type the other keys cannot be judged; report only what is certain.
    c.keys(s, path, Object.keys(s), ['type', 'description'], 'a setting');
    c.string(s, 'description', path);
    return;
  }
  const allowed = SETTING_KEYS[type];
  const what = `${type === 'enum' || type === 'integer' ? 'an' : 'a'} ${type} setting`;
  // A unit where none belongs gets its own rule: "unit valid for the type".
  for (const k of Object.keys(s)) {
    if (!allowed.includes(k)) {
      if (k === 'unit') c.add([...path, k], 'UNIT_NOT_ALLOWED', `${what} has no unit`, 'key');
      else {
        c.add(
          [...path, k],
          'UNKNOWN_KEY',
          `'${k}' is not a key of ${what}; allowed: ${allowed.join(', ')}`,
          'key',
        );
      }
    }
  }
  const required =
    type === 'number' || type === 'number-list'
      ? ['type', 'description', 'unit']
      : ['type', 'description'];
  for (const k of required) {
    if (!(k in s)) {
      c.problems.push({
        path: [...path, k],
        at: path,
        target: 'key',
        code: k === 'unit' ? 'UNIT_REQUIRED' : 'MISSING_KEY',
        message: k === 'unit' ? `${what} needs a unit` : `${what} needs '${k}'`,
      });
    }
  }
  c.string(s, 'description', path);
  c.string(s, 'label', path);
  c.string(s, 'group', path, { re: KEBAB, name: 'a kebab-case group name' });
  c.boolean(s, 'required', path);

  switch (type) {
    case 'number':
    case 'integer':
      checkNumeric(c, s, path, type === 'integer');
      break;
    case 'string':
      checkString(c, s, path);
      break;
    case 'boolean':
      c.boolean(s, 'default', path);
      break;
    case 'enum':
      checkEnum(c, s, path);
      break;
    case 'string-list':
      checkStringList(c, s, path);
      break;
    case 'number-list':
      checkNumberList(c, s, path);
      break;
  }
}

/** min/max present and ordered; returns them (undefined when absent or invalid). */
function bounds(c: Checker, s: Record<string, unknown>, path: Segment[], integer: boolean) {
  const min = c.number(s, 'min', path, { integer });
  const max = c.number(s, 'max', path, { integer });
  if (min !== undefined && max !== undefined && min > max) {
    c.add([...path, 'max'], 'MIN_GREATER_THAN_MAX', `max (${max}) is below min (${min})`);
    return { min: undefined, max: undefined };
  }
  return { min, max };
}

function withinBounds(
  c: Checker,
  v: number,
  path: Segment[],
  { min, max }: { min?: number; max?: number },
  unit: string | undefined,
): void {
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && v < min) {
    c.add(path, 'DEFAULT_BELOW_MIN', `default ${v}${u} is below min ${min}${u}`);
  }
  if (max !== undefined && v > max) {
    c.add(path, 'DEFAULT_ABOVE_MAX', `default ${v}${u} is above max ${max}${u}`);
  }
}

function checkNumeric(
  c: Checker,
  s: Record<string, unknown>,
  path: Segment[],
  integer: boolean,
): void {
  const unit = c.unit(s, path);
  const b = bounds(c, s, path, integer);
  const def = c.number(s, 'default', path, { integer });
  if (def !== undefined) withinBounds(c, def, [...path, 'default'], b, unit);
}

function checkString(c: Checker, s: Record<string, unknown>, path: Segment[]): void {
  const re = pattern(c, s, path);
  const minLength = c.number(s, 'minLength', path, { integer: true, min: 0 });
  const maxLength = c.number(s, 'maxLength', path, { integer: true, min: 0 });
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    c.add(
      [...path, 'maxLength'],
      'MIN_GREATER_THAN_MAX',
      `maxLength (${maxLength}) is below minLength (${minLength})`,
    );
  }
  if (!('default' in s)) return;
  const def = s.default;
  if (typeof def !== 'string') {
    c.add([...path, 'default'], 'WRONG_TYPE', `expected a string, got ${describe(def)}`);
    return;
  }
  if (re && !re.test(def)) {
    c.add(
      [...path, 'default'],
      'DEFAULT_PATTERN_MISMATCH',
      `default '${def}' does not match the pattern`,
    );
  }
  if (minLength !== undefined && def.length < minLength) {
    c.add([...path, 'default'], 'DEFAULT_TOO_SHORT', `default is shorter than ${minLength}`);
  }
  if (maxLength !== undefined && def.length > maxLength) {
    c.add([...path, 'default'], 'DEFAULT_TOO_LONG', `default is longer than ${maxLength}`);
  }
}

function pattern(c: Checker, s: Record<string, unknown>, path: Segment[]): RegExp | undefined {
  const src = c.string(s, 'pattern', path);
  if (src === undefined) return undefined;
  try {
    return new RegExp(`^(?:${src})$`, 'u');
  } catch (err) {
    c.add(
      [...path, 'pattern'],
      'INVALID_PATTERN',
      `not a valid regular expression: ${(err as Error).message}`,
    );
    return undefined;
  }
}

function options(
  c: Checker,
  s: Record<string, unknown>,
  path: Segment[],
  requiredHere: boolean,
): string[] | undefined {
  if (!('options' in s)) {
    if (requiredHere) {
      c.problems.push({
        path: [...path, 'options'],
        at: path,
        target: 'key',
        code: 'MISSING_KEY',
        message: `an enum setting needs 'options'`,
      });
    }
    return undefined;
  }
  return c.stringList(s, 'options', path, { unique: true, nonEmpty: true });
}

function checkEnum(c: Checker, s: Record<string, unknown>, path: Segment[]): void {
  const opts = options(c, s, path, true);
  if (!('default' in s)) return;
  const def = s.default;
  if (typeof def !== 'string') {
    c.add([...path, 'default'], 'WRONG_TYPE', `expected one of the options, got ${describe(def)}`);
  } else if (opts && !opts.includes(def)) {
    c.add(
      [...path, 'default'],
      'DEFAULT_NOT_IN_OPTIONS',
      `default '${def}' is not one of: ${opts.join(', ')}`,
    );
  }
}

function itemCounts(c: Checker, s: Record<string, unknown>, path: Segment[]) {
  const minItems = c.number(s, 'minItems', path, { integer: true, min: 0 });
  const maxItems = c.number(s, 'maxItems', path, { integer: true, min: 0 });
  if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
    c.add(
      [...path, 'maxItems'],
      'MIN_GREATER_THAN_MAX',
      `maxItems (${maxItems}) is below minItems (${minItems})`,
    );
  }
  return { minItems, maxItems };
}

function checkItemCount(
  c: Checker,
  n: number,
  path: Segment[],
  { minItems, maxItems }: { minItems?: number; maxItems?: number },
): void {
  if (minItems !== undefined && n < minItems) {
    c.add(path, 'DEFAULT_TOO_FEW_ITEMS', `default has ${n} items, fewer than ${minItems}`);
  }
  if (maxItems !== undefined && n > maxItems) {
    c.add(path, 'DEFAULT_TOO_MANY_ITEMS', `default has ${n} items, more than ${maxItems}`);
  }
}

function checkStringList(c: Checker, s: Record<string, unknown>, path: Segment[]): void {
  const opts = options(c, s, path, false);
  const re = pattern(c, s, path);
  const counts = itemCounts(c, s, path);
  const def = c.stringList(s, 'default', path, { unique: true });
  if (def === undefined) return;
  def.forEach((item, i) => {
    if (opts && !opts.includes(item)) {
      c.add(
        [...path, 'default', i],
        'DEFAULT_NOT_IN_OPTIONS',
        `'${item}' is not one of: ${opts.join(', ')}`,
      );
    }
    if (re && !re.test(item)) {
      c.add(
        [...path, 'default', i],
        'DEFAULT_PATTERN_MISMATCH',
        `'${item}' does not match the pattern`,
      );
    }
  });
  checkItemCount(c, def.length, [...path, 'default'], counts);
}

function checkNumberList(c: Checker, s: Record<string, unknown>, path: Segment[]): void {
  const unit = c.unit(s, path);
  const b = bounds(c, s, path, false);
  const counts = itemCounts(c, s, path);
  const ascending = c.boolean(s, 'ascending', path);
  if (!('default' in s)) return;
  const def = s.default;
  if (!Array.isArray(def)) {
    c.add([...path, 'default'], 'WRONG_TYPE', `expected a list of numbers, got ${describe(def)}`);
    return;
  }
  def.forEach((item, i) => {
    const v = c.numberValue(item, [...path, 'default', i]);
    if (v === undefined) return;
    withinBounds(c, v, [...path, 'default', i], b, unit);
    const prev = def[i - 1];
    if (ascending && i > 0 && typeof prev === 'number' && !(v > prev)) {
      c.add(
        [...path, 'default', i],
        'NOT_ASCENDING',
        `${v} does not follow ${prev} in increasing order`,
      );
    }
  });
  checkItemCount(c, def.length, [...path, 'default'], counts);
}

function checkConstraints(c: Checker, constraints: unknown, settings: unknown): void {
  if (!Array.isArray(constraints)) {
    c.add(
      ['constraints'],
      'WRONG_TYPE',
      `expected a list of constraints, got ${describe(constraints)}`,
    );
    return;
  }
  const all = isRecord(settings) ? settings : {};
  constraints.forEach((item, i) => {
    const path: Segment[] = ['constraints', i];
    if (!isRecord(item)) {
      c.add(path, 'WRONG_TYPE', `expected a map, got ${describe(item)}`);
      return;
    }
    c.keys(item, path, CONSTRAINT_KEYS, ['left', 'rule', 'right'], 'a constraint');
    const rule = oneOf(c, item, 'rule', path, CONSTRAINT_RULES);
    c.string(item, 'message', path);
    const operands = (['left', 'right'] as const).map((side) => {
      const key = c.string(item, side, path);
      if (key === undefined) return undefined;
      const s = all[key];
      if (!isRecord(s)) {
        c.add([...path, side], 'UNKNOWN_REFERENCE', `no setting '${key}' is declared`);
        return undefined;
      }
      if (s.type !== 'number' && s.type !== 'integer') {
        c.add(
          [...path, side],
          'CONSTRAINT_NOT_NUMERIC',
          `setting '${key}' is not a number or integer`,
        );
        return undefined;
      }
      return { unit: typeof s.unit === 'string' ? s.unit : undefined, def: s.default };
    });
    const [left, right] = operands;
    if (!left || !right || rule === undefined) return;
    const unitsOk =
      (left.unit === undefined && right.unit === undefined) ||
      (left.unit !== undefined &&
        right.unit !== undefined &&
        unitsCompatible(left.unit, right.unit));
    if (!unitsOk) {
      c.add(
        path,
        'CONSTRAINT_UNITS_INCOMPATIBLE',
        `'${String(item.left)}' and '${String(item.right)}' have units that do not compare`,
      );
      return;
    }
    if (typeof left.def === 'number' && typeof right.def === 'number') {
      const check = checkConstraint(
        {
          left: String(item.left),
          rule,
          right: String(item.right),
          message: typeof item.message === 'string' ? item.message : undefined,
        },
        { value: left.def, unit: left.unit },
        { value: right.def, unit: right.unit },
      );
      if (check.holds === false) {
        c.add(
          path,
          'DEFAULTS_VIOLATE_CONSTRAINT',
          `the defaults break this constraint: ${check.message}`,
        );
      }
    }
  });
}

function oneOf<T extends string>(
  c: Checker,
  obj: Record<string, unknown>,
  key: string,
  path: Segment[],
  allowed: readonly T[],
): T | undefined {
  if (!(key in obj)) return undefined;
  const v = obj[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    c.add(
      [...path, key],
      'NOT_ONE_OF',
      `expected one of ${allowed.join(', ')}, got ${describe(v)}`,
    );
    return undefined;
  }
  return v as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return `${typeof v} ${String(v)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

// ---------------------------------------------------------------------------------------------
// Locating key paths in the YAML syntax tree.

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/**
 * The node at a key path: its key when `target` is 'key' (a map entry) or the item itself (a list
 * entry); otherwise its value. Stops at the deepest node that exists.
 */
function locate(doc: Document, segments: Segment[], target: 'key' | 'value'): YamlNode | undefined {
  // `written` is where the value appears in the text (an alias stays an alias, so a problem is
  // reported where the value is used); `node` is what it resolves to, for walking deeper.
  let written = doc.contents as YamlNode | null;
  let node = deref(doc, written);
  let keyNode: YamlNode | undefined;
  for (const seg of segments) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => keyText(p.key) === seg);
      if (!pair) return (keyNode ?? written ?? undefined) as YamlNode | undefined;
      keyNode = pair.key as YamlNode;
      written = (pair.value as YamlNode | null) ?? keyNode;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      written = node.items[seg] as YamlNode;
      keyNode = written;
    } else {
      break;
    }
    node = deref(doc, written);
  }
  const found = target === 'key' ? (keyNode ?? written) : written;
  return found?.range ? found : keyNode;
}

/** The key path of the deepest node whose range holds `offset`. */
function pathAtOffset(doc: Document, offset: number): Segment[] {
  const path: Segment[] = [];
  let node = doc.contents as unknown;
  const within = (n: unknown) => {
    const r = (n as YamlNode | null)?.range;
    return !!r && offset >= r[0] && offset <= r[2];
  };
  for (let depth = 0; depth < 100; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key) || within(p.value));
      if (!pair) break;
      const k = keyText(pair.key);
      if (k === undefined) break;
      path.push(k);
      if (within(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex(within);
      if (i < 0) break;
      path.push(i);
      node = node.items[i];
    } else break;
  }
  return path;
}
