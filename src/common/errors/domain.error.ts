import { ErrorCode } from './error-codes';

/** One located problem: which field, row, column or well, and what is wrong with it. */
export interface ProblemItem {
  /** Dotted path of the field, e.g. `settings.fitModel` or `roles[1]`. */
  field?: string;
  /** 1-based line or row of an uploaded file. */
  line?: number;
  column?: number | string;
  /** 0-based character offset in a request body (JSON syntax errors). */
  position?: number;
  well?: string;
  code: string;
  message: string;
}

/**
 * Base of every error a service throws. It carries a code from ERROR_CODES; the global
 * filter turns it into an RFC 9457 problem+json body. Services never throw HttpException.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: ProblemItem[] = [],
    /** Extra members for the problem body (e.g. `report` of a rejected import). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: ProblemItem[], detail?: string) {
    super(
      'VALIDATION_FAILED',
      detail ?? `${errors.length} problem${errors.length === 1 ? '' : 's'} in the request`,
      errors,
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, errors: ProblemItem[] = []) {
    super('CONFLICT', detail, errors);
  }
}
