import { createHash } from 'node:crypto';

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
 * Canonical JSON: object keys sorted, no whitespace, numbers in JavaScript's shortest
 * round-trip form, `undefined` members dropped, non-finite numbers as strings so that NaN and
 * Infinity hash differently from null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number')
    return Number.isFinite(value) ? JSON.stringify(value) : `"${String(value)}"`;
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (ArrayBuffer.isView(value))
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return 'null';
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function hashInput(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Builds the provenance block for a result. */
export function provenance(
  method: string,
  methodVersion: string,
  options: Record<string, unknown>,
  input: unknown,
): Provenance {
  return { method, methodVersion, options, inputHash: hashInput(input) };
}
