import { ValidationPipe, type Type, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { CertainlyValid } from './certainly-valid';

export interface FastPathValidationPipeOptions extends ValidationPipeOptions {
  /** The body DTO classes (of large lists) that are checked by CertainlyValid first. */
  fastPath?: Type[];
}

/**
 * Nest's ValidationPipe, unchanged (same options, transform, exception factory, error bodies),
 * except that a DTO of a `fastPath` class that CertainlyValid finds certainly valid skips
 * class-validator's executor: its result would be no errors. The instance returned is still
 * class-transformer's, built by the pipe before validation. Anything CertainlyValid does not
 * vouch for is validated by class-validator as before. Why: docs/performance.md, "A large body
 * checked without class-validator's bookkeeping".
 */
export class FastPathValidationPipe extends ValidationPipe {
  private readonly fastPath: ReadonlySet<unknown>;
  private readonly certainlyValid = new CertainlyValid();

  constructor({ fastPath = [], ...options }: FastPathValidationPipeOptions = {}) {
    super(options);
    this.fastPath = new Set(fastPath);
  }

  protected override validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    if (
      this.fastPath.has(object.constructor) &&
      this.certainlyValid.check(object, validatorOptions)
    )
      return [];
    return super.validate(object, validatorOptions);
  }
}
