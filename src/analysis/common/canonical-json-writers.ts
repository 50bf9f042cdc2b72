// Building blocks for writers of one input shape's canonical JSON: each returns exactly what
// canonicalJson returns for the same value, whatever the value (docs/performance.md, "Input
// hashes written by shape").
import { canonicalJson, jsonString } from './provenance';

/** canonicalJson of a finite or non-finite number. */
export function numberJson(x: number): string {
  // A finite number's JSON text is its shortest round-trip string (−0 included: "0").
  return Number.isFinite(x) ? '' + x : `"${String(x)}"`;
}

/** canonicalJson of any value, with the primitive cases inline. */
export function valueJson(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return numberJson(v);
    case 'string':
      return jsonString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v === null ? 'null' : canonicalJson(v);
  }
}

/** A member written as canonicalJson writes any value (for {@link shapeJson}). */
export function anyMemberJson(_name: string, v: unknown): string {
  return valueJson(v);
}

/** An object whose prototype is Object.prototype or null (not an array, a Date, a class). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True when the own enumerable string keys of `o` are exactly `names`, in any order. */
export function hasExactKeys(o: object, names: readonly string[]): boolean {
  const keys = Object.keys(o);
  if (keys.length !== names.length) return false;
  // Own keys are distinct: as many as the names, each among them, is all of them.
  for (let i = 0; i < keys.length; i++) if (!names.includes(keys[i])) return false;
  return true;
}

/**
 * The member names of one object shape in canonicalJson's order, with the text that introduces
 * each member: `"key":` first in an object, `,"key":` after another member.
 */
export interface Shape {
  readonly names: readonly string[];
  readonly first: readonly string[];
  readonly next: readonly string[];
}

export function shape(...names: string[]): Shape {
  // canonicalJson's order: UTF-16 code units, as the default sort compares.
  const sorted = [...names].sort();
  return {
    names: sorted,
    first: sorted.map((k) => `${jsonString(k)}:`),
    next: sorted.map((k) => `,${jsonString(k)}:`),
  };
}

/**
 * canonicalJson of an object whose own enumerable members are `values[i]` for `s.names[i]`
 * (undefined for one it lacks): undefined and function members are left out, as canonicalJson
 * leaves them out, and each other member is written by `write`, which must equal canonicalJson.
 */
export function membersJson(
  s: Shape,
  values: readonly unknown[],
  write: (name: string, v: unknown) => string = anyMemberJson,
): string {
  let out = '{';
  let empty = true;
  for (let i = 0; i < s.names.length; i++) {
    const v = values[i];
    if (v === undefined || typeof v === 'function') continue;
    out += (empty ? s.first[i] : s.next[i]) + write(s.names[i], v);
    empty = false;
  }
  return out + '}';
}

/**
 * canonicalJson of `obj` when it is a plain object whose own enumerable members are all among
 * the shape's (some may be missing): each member is read once, in the object's own order as
 * canonicalJson reads it, and written by `write`, which must equal canonicalJson for any value.
 * Anything else (another member, a class instance, an array, a primitive) is written by
 * canonicalJson itself.
 */
export function shapeJson(
  obj: unknown,
  s: Shape,
  write: (name: string, v: unknown) => string,
): string {
  if (!isPlainObject(obj)) return canonicalJson(obj);
  const keys = Object.keys(obj);
  const at: number[] = [];
  for (let j = 0; j < keys.length; j++) {
    const i = s.names.indexOf(keys[j]);
    if (i < 0) return canonicalJson(obj);
    at.push(i);
  }
  const values = new Array<unknown>(s.names.length).fill(undefined);
  for (let j = 0; j < keys.length; j++) values[at[j]] = obj[keys[j]];
  return membersJson(s, values, write);
}

/**
 * canonicalJson of an array whose elements `element` writes (it must equal canonicalJson for
 * any value); a hole writes nothing, as in canonicalJson. Anything not an array: canonicalJson.
 */
export function arrayOfJson(a: unknown, element: (v: unknown) => string): string {
  if (!Array.isArray(a)) return canonicalJson(a);
  let out = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out += ',';
    if (i in a) out += element(a[i]);
  }
  return out + ']';
}

/**
 * canonicalJson of an array of numbers. When every element is a finite number (no hole), it is
 * `join(',')`: join writes a number as its shortest round-trip string, as canonicalJson does
 * (see dose-response/input-hash.ts). Anything else: canonicalJson.
 */
export function finiteNumbersJson(a: unknown): string {
  if (!Array.isArray(a)) return canonicalJson(a);
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return canonicalJson(a);
  }
  return '[' + Array.prototype.join.call(a, ',') + ']';
}
