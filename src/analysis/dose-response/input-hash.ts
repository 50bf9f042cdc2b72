import { createHash } from 'node:crypto';

/**
 * sha256 of the canonical JSON of `{ concentrations, responses }`, byte-identical to
 * `hashInput` of common/provenance for arrays of finite numbers (keys in sorted order; a
 * finite number's JSON text is its shortest round-trip string, which is what `join` writes).
 * Several times faster than the generic canonicaliser.
 */
export function hashDoseResponseInput(
  concentrations: ArrayLike<number>,
  responses: ArrayLike<number>,
): string {
  const join = (a: ArrayLike<number>): string => Array.prototype.join.call(a, ',');
  const text = `{"concentrations":[${join(concentrations)}],"responses":[${join(responses)}]}`;
  return createHash('sha256').update(text).digest('hex');
}

// The input a result was computed from (non-enumerable, invisible to JSON), replaced by its hash
// once computed.
const PENDING_INPUT = Symbol('thiolab.pendingInput');

interface PendingInput {
  [PENDING_INPUT]: { concentrations: readonly number[]; responses: readonly number[] } | string;
}

// One shared descriptor for every result: V8 then reuses the object shape (a fresh getter per
// result costs several times more), and reading the hash does not change the shape either.
const LAZY_INPUT_HASH: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: PendingInput): string {
    const pending = this[PENDING_INPUT];
    if (typeof pending === 'string') return pending;
    const value = hashDoseResponseInput(pending.concentrations, pending.responses);
    // Reflect.set: a frozen result keeps working (it recomputes instead of throwing).
    Reflect.set(this, PENDING_INPUT, value);
    return value;
  },
  set(this: PendingInput, value: unknown) {
    Reflect.set(this, PENDING_INPUT, String(value));
  },
};

/**
 * Gives `target` an enumerable `inputHash` (provenance: sha256 of the canonical input) that is
 * computed on first read and then kept. JSON.stringify, object spread, Object.keys and
 * structuredClone read it like any property. The caller passes private copies of the input,
 * so later changes to its own arrays cannot alter the hash. Converting 60 doubles to text is
 * most of the cost of a small fit; a refit loop that never stores its results does not pay it.
 */
export function attachLazyInputHash<T extends object>(
  target: T,
  concentrations: readonly number[],
  responses: readonly number[],
): T & { inputHash: string } {
  Object.defineProperty(target, PENDING_INPUT, {
    value: { concentrations, responses },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(target, 'inputHash', LAZY_INPUT_HASH);
  return target as T & { inputHash: string };
}
