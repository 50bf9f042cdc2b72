/**
 * The only exception the analysis core throws: the input is malformed (wrong shape, not a
 * number where a number is required, too few points to define the model). Scientific outcomes
 * such as "did not converge" or "IC50 above the tested range" are never thrown; they are
 * returned as a status with named flags.
 */
export class AnalysisError extends Error {
  constructor(
    /** SCREAMING_SNAKE code, e.g. `TOO_FEW_POINTS`. */
    readonly code: string,
    message: string,
    /** Where the problem is: a field name, row index or well, when known. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/**
 * A short description of any value for an error message. It never calls the value's own
 * toString/valueOf, which may be missing or throw on hostile input.
 */
export function describeValue(x: unknown): string {
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : typeof x;
}

/** Throws AnalysisError unless `x` is a finite number. */
export function assertFinite(x: unknown, field: string): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new AnalysisError(
      'NOT_FINITE',
      `${field} must be a finite number, got ${describeValue(x)}`,
      field,
    );
  }
}

/** Throws AnalysisError unless `xs` is an array of finite numbers. */
export function assertFiniteArray(xs: unknown, field: string): asserts xs is number[] {
  if (!Array.isArray(xs)) {
    throw new AnalysisError('NOT_AN_ARRAY', `${field} must be an array of numbers`, field);
  }
  for (let i = 0; i < xs.length; i++) assertFinite(xs[i], `${field}[${i}]`);
}
