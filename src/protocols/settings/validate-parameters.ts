import { convertUnit, findUnit } from '../../common/units/units';
import type {
  EnumSetting,
  NumberListSetting,
  ProtocolDefinition,
  ProtocolSetting,
  SettingValue,
  StringListSetting,
  StringSetting,
} from '../definition/protocol-definition';
import { checkConstraint } from '../definition/setting-constraints';

/** A problem with one run parameter. `code` names the rule, e.g. `ABOVE_MAXIMUM`. */
export interface ParameterProblem {
  /** The parameter (setting key), with an index for list items: `timepointsHours[3]`. */
  field: string;
  code: ParameterProblemCode;
  message: string;
}

export type ParameterProblemCode =
  | 'PARAMETERS_NOT_AN_OBJECT'
  | 'UNKNOWN_PARAMETER'
  | 'MISSING_REQUIRED_PARAMETER'
  | 'WRONG_TYPE'
  | 'INVALID_QUANTITY'
  | 'NOT_AN_INTEGER'
  | 'UNKNOWN_UNIT'
  | 'WRONG_UNIT_DIMENSION'
  | 'UNIT_NOT_ALLOWED'
  | 'BELOW_MINIMUM'
  | 'ABOVE_MAXIMUM'
  | 'NOT_IN_OPTIONS'
  | 'PATTERN_MISMATCH'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'TOO_FEW_ITEMS'
  | 'TOO_MANY_ITEMS'
  | 'DUPLICATE_ITEM'
  | 'NOT_ASCENDING'
  | 'CONSTRAINT_VIOLATED';

/** A run parameter after validation. */
export interface ResolvedParameter {
  /** The value, converted to the setting's unit when it has one. */
  value: SettingValue;
  /** The setting's unit, when it has one. */
  unit?: string;
  /** The value and unit as entered, when the scientist gave a unit (kept for display). */
  entered?: { value: number | number[]; unit: string };
  /** Whether the scientist gave the value or it came from the protocol's default. */
  source: 'entered' | 'default';
}

export type ParameterValidation =
  | { ok: true; values: Record<string, ResolvedParameter>; problems: [] }
  | { ok: false; values: Record<string, ResolvedParameter>; problems: ParameterProblem[] };

/**
 * Validates a run's parameters against a protocol version's settings and fills defaults.
 *
 * A number may be given bare (in the setting's unit), as `{ value, unit }` or as `"0.5 µM"`;
 * a value in another unit of the same dimension (nM for a µM setting, min for h) is converted to
 * the setting's unit before the bounds are checked, and a unit of another dimension is refused.
 * Every problem is returned, each naming the field and the rule; `values` holds every parameter
 * that resolved.
 */
export function validateParameters(
  definition: Pick<ProtocolDefinition, 'settings' | 'constraints'>,
  input: unknown,
): ParameterValidation {
  const problems: ParameterProblem[] = [];
  const values: Record<string, ResolvedParameter> = {};
  const given = input === undefined || input === null ? {} : input;
  if (!isRecord(given)) {
    problems.push({
      field: '',
      code: 'PARAMETERS_NOT_AN_OBJECT',
      message: 'parameters must be an object of setting keys',
    });
    return { ok: false, values, problems };
  }

  for (const key of Object.keys(given)) {
    if (!(key in definition.settings)) {
      problems.push({
        field: key,
        code: 'UNKNOWN_PARAMETER',
        message: `'${key}' is not a setting of this protocol version`,
      });
    }
  }

  for (const [key, setting] of Object.entries(definition.settings)) {
    const raw = given[key];
    if (raw === undefined || raw === null) {
      if (setting.default !== undefined) {
        values[key] = withUnit({ value: setting.default, source: 'default' }, setting);
      } else if (setting.required) {
        problems.push({
          field: key,
          code: 'MISSING_REQUIRED_PARAMETER',
          message: `'${key}' is required and has no default`,
        });
      }
      continue;
    }
    const before = problems.length;
    const resolved = resolveValue(key, setting, raw, problems);
    if (resolved && problems.length === before) values[key] = resolved;
  }

  for (const constraint of definition.constraints ?? []) {
    const left = values[constraint.left];
    const right = values[constraint.right];
    if (!left || !right || typeof left.value !== 'number' || typeof right.value !== 'number') {
      continue;
    }
    const check = checkConstraint(
      constraint,
      { value: left.value, unit: left.unit },
      { value: right.value, unit: right.unit },
    );
    if (check.holds === false) {
      problems.push({
        field: constraint.left,
        code: 'CONSTRAINT_VIOLATED',
        message: check.message,
      });
    }
  }

  return problems.length === 0
    ? { ok: true, values, problems: [] }
    : { ok: false, values, problems };
}

/** The plain values of resolved parameters, by key (units are the settings' units). */
export function parameterValues(
  resolved: Record<string, ResolvedParameter>,
): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const [k, p] of Object.entries(resolved)) out[k] = p.value;
  return out;
}

function withUnit(p: ResolvedParameter, setting: ProtocolSetting): ResolvedParameter {
  const unit = 'unit' in setting ? setting.unit : undefined;
  return unit === undefined ? p : { ...p, unit };
}

function resolveValue(
  key: string,
  setting: ProtocolSetting,
  raw: unknown,
  problems: ParameterProblem[],
): ResolvedParameter | undefined {
  const add = (field: string, code: ParameterProblemCode, message: string) => {
    problems.push({ field, code, message });
  };
  switch (setting.type) {
    case 'number':
    case 'integer': {
      const q = readQuantity(key, raw, add);
      if (!q) return undefined;
      const conv = toSettingUnit(key, q.value, q.unit, setting.unit, add);
      if (conv === undefined) return undefined;
      if (setting.type === 'integer' && !Number.isInteger(conv)) {
        add(key, 'NOT_AN_INTEGER', `'${key}' must be a whole number, got ${conv}`);
        return undefined;
      }
      checkBounds(key, key, conv, q, setting.min, setting.max, setting.unit, add);
      return entered({ value: conv, source: 'entered' }, setting.unit, q);
    }
    case 'string':
      return checkString(key, setting, raw, add);
    case 'boolean':
      if (typeof raw !== 'boolean') {
        add(key, 'WRONG_TYPE', `'${key}' must be true or false, got ${describe(raw)}`);
        return undefined;
      }
      return { value: raw, source: 'entered' };
    case 'enum':
      return checkEnum(key, setting, raw, add);
    case 'string-list':
      return checkStringList(key, setting, raw, add);
    case 'number-list':
      return checkNumberList(key, setting, raw, add);
  }
}

type Add = (field: string, code: ParameterProblemCode, message: string) => void;

interface Quantity {
  value: number;
  unit?: string;
}

const QUANTITY_TEXT = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*?)\s*$/;

/** Reads `12`, `{ value: 12, unit: 'nM' }` or `"12 nM"`. */
function readQuantity(field: string, raw: unknown, add: Add): Quantity | undefined {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) {
      add(field, 'WRONG_TYPE', `'${field}' must be a finite number`);
      return undefined;
    }
    return { value: raw };
  }
  if (typeof raw === 'string') {
    const m = QUANTITY_TEXT.exec(raw);
    if (!m) {
      add(
        field,
        'WRONG_TYPE',
        `'${field}' must be a number or a quantity such as "0.5 µM", got ${describe(raw)}`,
      );
      return undefined;
    }
    return { value: Number(m[1]), unit: m[2] };
  }
  if (isRecord(raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'value' && k !== 'unit');
    if (extra.length > 0 || typeof raw.value !== 'number' || !Number.isFinite(raw.value)) {
      add(field, 'INVALID_QUANTITY', `'${field}' must be { value: <number>, unit: <unit> }`);
      return undefined;
    }
    if (raw.unit !== undefined && typeof raw.unit !== 'string') {
      add(field, 'INVALID_QUANTITY', `the unit of '${field}' must be a string`);
      return undefined;
    }
    return { value: raw.value, unit: raw.unit };
  }
  add(field, 'WRONG_TYPE', `'${field}' must be a number, got ${describe(raw)}`);
  return undefined;
}

/** Converts to the setting's unit; a missing entered unit means the setting's unit. */
function toSettingUnit(
  field: string,
  value: number,
  unit: string | undefined,
  settingUnit: string | undefined,
  add: Add,
): number | undefined {
  if (unit === undefined) return value;
  if (!findUnit(unit)) {
    add(field, 'UNKNOWN_UNIT', `unknown unit '${unit}' for '${field}'`);
    return undefined;
  }
  if (settingUnit === undefined) {
    add(field, 'UNIT_NOT_ALLOWED', `'${field}' is a plain count and takes no unit, got '${unit}'`);
    return undefined;
  }
  const conv = convertUnit(value, unit, settingUnit);
  if (!conv.ok) {
    const fu = findUnit(unit);
    const tu = findUnit(settingUnit);
    add(
      field,
      'WRONG_UNIT_DIMENSION',
      `'${field}' is in ${settingUnit} (${tu?.dimension ?? 'unknown'}); '${unit}' is ${fu?.dimension ?? 'unknown'} and cannot be converted`,
    );
    return undefined;
  }
  return conv.value;
}

function checkBounds(
  key: string,
  field: string,
  v: number,
  q: Quantity,
  min: number | undefined,
  max: number | undefined,
  unit: string | undefined,
  add: Add,
): void {
  const u = unit ? ` ${unit}` : '';
  // Show the entered value too when it was converted: "50 nM (= 0.05 µM)".
  const shown = q.unit && q.unit !== unit ? `${q.value} ${q.unit} (= ${v}${u})` : `${v}${u}`;
  if (min !== undefined && v < min) {
    add(field, 'BELOW_MINIMUM', `'${key}' ${shown} is below the minimum ${min}${u}`);
  }
  if (max !== undefined && v > max) {
    add(field, 'ABOVE_MAXIMUM', `'${key}' ${shown} is above the maximum ${max}${u}`);
  }
}

function entered(p: ResolvedParameter, unit: string | undefined, q: Quantity): ResolvedParameter {
  const out: ResolvedParameter = unit === undefined ? p : { ...p, unit };
  if (q.unit !== undefined) {
    out.entered = { value: q.value, unit: findUnit(q.unit)?.symbol ?? q.unit };
  }
  return out;
}

function compile(pattern: string | undefined): RegExp | undefined {
  // Definitions are validated before use, so the pattern compiles.
  return pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`, 'u');
}

function checkString(
  key: string,
  s: StringSetting,
  raw: unknown,
  add: Add,
): ResolvedParameter | undefined {
  if (typeof raw !== 'string') {
    add(key, 'WRONG_TYPE', `'${key}' must be a string, got ${describe(raw)}`);
    return undefined;
  }
  const re = compile(s.pattern);
  let ok = true;
  if (re && !re.test(raw)) {
    add(key, 'PATTERN_MISMATCH', `'${key}' does not match the required pattern ${s.pattern}`);
    ok = false;
  }
  if (s.minLength !== undefined && raw.length < s.minLength) {
    add(key, 'TOO_SHORT', `'${key}' must have at least ${s.minLength} characters`);
    ok = false;
  }
  if (s.maxLength !== undefined && raw.length > s.maxLength) {
    add(key, 'TOO_LONG', `'${key}' must have at most ${s.maxLength} characters`);
    ok = false;
  }
  return ok ? { value: raw, source: 'entered' } : undefined;
}

function checkEnum(
  key: string,
  s: EnumSetting,
  raw: unknown,
  add: Add,
): ResolvedParameter | undefined {
  if (typeof raw !== 'string') {
    add(key, 'WRONG_TYPE', `'${key}' must be one of ${s.options.join(', ')}, got ${describe(raw)}`);
    return undefined;
  }
  if (!s.options.includes(raw)) {
    add(
      key,
      'NOT_IN_OPTIONS',
      `'${raw}' is not one of ${s.options.join(', ')}${didYouMean(raw, s.options)}`,
    );
    return undefined;
  }
  return { value: raw, source: 'entered' };
}

function didYouMean(raw: string, options: readonly string[]): string {
  const hit = options.find((o) => o.toLowerCase() === raw.toLowerCase());
  return hit ? ` (did you mean '${hit}'?)` : '';
}

function checkItemCount(
  key: string,
  n: number,
  s: { minItems?: number; maxItems?: number },
  add: Add,
): boolean {
  if (s.minItems !== undefined && n < s.minItems) {
    add(key, 'TOO_FEW_ITEMS', `'${key}' needs at least ${s.minItems} items, got ${n}`);
    return false;
  }
  if (s.maxItems !== undefined && n > s.maxItems) {
    add(key, 'TOO_MANY_ITEMS', `'${key}' takes at most ${s.maxItems} items, got ${n}`);
    return false;
  }
  return true;
}

function checkStringList(
  key: string,
  s: StringListSetting,
  raw: unknown,
  add: Add,
): ResolvedParameter | undefined {
  if (!Array.isArray(raw)) {
    add(key, 'WRONG_TYPE', `'${key}' must be a list of strings, got ${describe(raw)}`);
    return undefined;
  }
  let ok = checkItemCount(key, raw.length, s, add);
  const re = compile(s.pattern);
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const field = `${key}[${i}]`;
    if (typeof item !== 'string') {
      add(field, 'WRONG_TYPE', `must be a string, got ${describe(item)}`);
      ok = false;
      return;
    }
    if (seen.has(item)) {
      add(field, 'DUPLICATE_ITEM', `'${item}' appears more than once in '${key}'`);
      ok = false;
    }
    seen.add(item);
    if (s.options && !s.options.includes(item)) {
      add(
        field,
        'NOT_IN_OPTIONS',
        `'${item}' is not one of ${s.options.join(', ')}${didYouMean(item, s.options)}`,
      );
      ok = false;
    }
    if (re && !re.test(item)) {
      add(field, 'PATTERN_MISMATCH', `'${item}' does not match the required pattern ${s.pattern}`);
      ok = false;
    }
  });
  return ok ? { value: raw as string[], source: 'entered' } : undefined;
}

function checkNumberList(
  key: string,
  s: NumberListSetting,
  raw: unknown,
  add: Add,
): ResolvedParameter | undefined {
  let items: unknown = raw;
  let unit: string | undefined;
  if (isRecord(raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'value' && k !== 'unit');
    if (extra.length > 0 || (raw.unit !== undefined && typeof raw.unit !== 'string')) {
      add(
        key,
        'INVALID_QUANTITY',
        `'${key}' must be a list of numbers or { value: [numbers], unit }`,
      );
      return undefined;
    }
    items = raw.value;
    unit = raw.unit as string | undefined;
  }
  if (!Array.isArray(items)) {
    add(key, 'WRONG_TYPE', `'${key}' must be a list of numbers, got ${describe(items)}`);
    return undefined;
  }
  // Check the list's unit once, not once per item.
  if (unit !== undefined && toSettingUnit(key, 0, unit, s.unit, add) === undefined) {
    return undefined;
  }
  let ok = checkItemCount(key, items.length, s, add);
  const converted: number[] = [];
  items.forEach((item, i) => {
    const field = `${key}[${i}]`;
    if (typeof item !== 'number' || !Number.isFinite(item)) {
      add(field, 'WRONG_TYPE', `must be a finite number, got ${describe(item)}`);
      ok = false;
      return;
    }
    const conv = unit === undefined ? undefined : convertUnit(item, unit, s.unit);
    const v = conv?.ok ? conv.value : item;
    checkBounds(key, field, v, { value: item, unit }, s.min, s.max, s.unit, (f, c, m) => {
      ok = false;
      add(f, c, m);
    });
    const prev = converted[converted.length - 1];
    if (s.ascending && prev !== undefined && !(v > prev)) {
      add(field, 'NOT_ASCENDING', `'${key}' must be strictly increasing; ${v} follows ${prev}`);
      ok = false;
    }
    converted.push(v);
  });
  if (!ok) return undefined;
  const out: ResolvedParameter = { value: converted, unit: s.unit, source: 'entered' };
  if (unit !== undefined) {
    out.entered = { value: items as number[], unit: findUnit(unit)?.symbol ?? unit };
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return `${typeof v} ${String(v)}`;
}
