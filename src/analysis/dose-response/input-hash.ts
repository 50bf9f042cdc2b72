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
