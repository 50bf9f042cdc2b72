import * as crypto from 'node:crypto';

/**
 * Provenance carried by every computed result: which algorithm produced it, at which version,
 * with which options, from exactly which input (sha256 of the canonical JSON of the input).
 */
export interface Provenance {
  method: string;
  methodVersion: string;
  options: Record<string, unknown>;
  inputHash: string;
}

/**
 * JSON.stringify of a string, without its work for the usual printable-ASCII text (names, ids,
 * roles): that is only wrapped in quotes. Anything else goes through JSON.stringify itself.
 */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, '"', '\\' and non-ASCII (lone surrogates are escaped by JSON).
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/**
 * Canonical JSON: object keys sorted, no whitespace, numbers in JavaScript's shortest
 * round-trip form, `undefined` members dropped, non-finite numbers as strings so that NaN and
 * Infinity hash differently from null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  // A finite number's JSON text is its shortest round-trip string (−0 included: "0").
  if (typeof value === 'number') return Number.isFinite(value) ? '' + value : `"${String(value)}"`;
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return arrayJson(value);
  if (ArrayBuffer.isView(value))
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') return objectJson(value as Record<string, unknown>);
  return 'null';
}

/** `[a,b,…]`; a hole writes nothing, as `map(canonicalJson).join(',')` does. */
function arrayJson(values: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    if (i in values) out += canonicalJson(values[i]);
  }
  return out + ']';
}

// The last unsorted key list objectJson sorted, and its order.
let lastKeys: string[] | null = null;
let lastOrder: number[] | null = null;

function sameKeys(a: readonly string[], b: readonly string[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `{"key":value,…}` of the own enumerable members, sorted by key (UTF-16 code units), without
 * the undefined and function ones. Each member is read once, in the object's own order, as
 * Object.entries does.
 */
function objectJson(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  const values: unknown[] = [];
  let kept = 0;
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (v === undefined || typeof v === 'function') continue;
    if (kept > 0 && keys[kept - 1] > k) sorted = false;
    keys[kept++] = k;
    values.push(v);
  }
  let order: number[] | null = null;
  if (!sorted) {
    // Objects of one shape come in runs (points, rows): reuse the last order when the keys are
    // the same strings in the same places.
    if (lastKeys !== null && lastKeys.length === kept && sameKeys(lastKeys, keys, kept)) {
      order = lastOrder;
    } else {
      order = Array.from({ length: kept }, (_, i) => i);
      // Keys are distinct: no ties.
      order.sort((a, b) => (keys[a] < keys[b] ? -1 : 1));
      lastKeys = keys.slice(0, kept);
      lastOrder = order;
    }
  }
  let out = '{';
  for (let j = 0; j < kept; j++) {
    const i = order === null ? j : (order as number[])[j];
    if (j > 0) out += ',';
    out += jsonString(keys[i]) + ':' + canonicalJson(values[i]);
  }
  return out + '}';
}

// The one-shot crypto.hash (Node ≥ 20.12) skips a Hash object per call; package.json allows 20.10.
const oneShotHash = (crypto as Partial<typeof crypto>).hash;

/** sha256 (hex) of the UTF-8 bytes of `text`: crypto.hash where Node has it, else createHash. */
export function sha256Hex(text: string): string {
  return oneShotHash !== undefined
    ? oneShotHash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function hashInput(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

// Depth of withoutInputHashes calls in progress (the analysis core is synchronous).
let unhashedDepth = 0;

/**
 * Runs `compute` with the input hashes of the results it builds left empty (`inputHash: ''`):
 * for a composite analysis calling a part whose provenance it drops (its own provenance covers
 * the part's input), so that the part's input is not hashed only to be thrown away. Never for a
 * part whose result, or hash, is stored (docs/performance.md, "Input hashes only where kept").
 */
export function withoutInputHashes<T>(compute: () => T): T {
  unhashedDepth++;
  try {
    return compute();
  } finally {
    unhashedDepth--;
  }
}

/**
 * Builds the provenance block for a result. `hash` is `hashInput` unless the caller has a
 * writer for its input's shape that gives the same digest for any input; it is not called
 * inside {@link withoutInputHashes}.
 */
export function provenance<I>(
  method: string,
  methodVersion: string,
  options: Record<string, unknown>,
  input: I,
  hash: (input: I) => string = hashInput,
): Provenance {
  return {
    method,
    methodVersion,
    options,
    inputHash: unhashedDepth > 0 ? '' : hash(input),
  };
}
