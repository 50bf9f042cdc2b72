// Results of the analysis core are stored and sent as JSON: they must survive a round trip.

/**
 * Path of the first value in `value` that JSON would not round-trip (NaN, ±Infinity, undefined
 * inside an array, a function, a bigint, a typed array, a Map/Set), or null when the whole
 * value is JSON-safe. Negative zero is accepted (it parses back as 0, which compares equal).
 * Example: findJsonHazard({ a: [1, NaN] }) = '$.a[1]'.
 */
export function findJsonHazard(value: unknown, path = '$'): string | null {
  if (value === null) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? null : path;
    case 'string':
    case 'boolean':
      return null;
    case 'undefined':
    case 'function':
    case 'bigint':
    case 'symbol':
      return path;
    case 'object':
      break;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hazard = findJsonHazard(value[i], `${path}[${i}]`);
      if (hazard !== null) return hazard;
    }
    return null;
  }
  if (ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return path;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue; // dropped by JSON, and absent keys compare equal
    const hazard = findJsonHazard(v, `${path}.${key}`);
    if (hazard !== null) return hazard;
  }
  return null;
}

/** The number when finite, else null (results stay JSON-safe: no Infinity or NaN). */
export function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
