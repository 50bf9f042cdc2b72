import { ValidationPipe, type Type, type ValidationPipeOptions } from '@nestjs/common';
import type { TransformerPackage } from '@nestjs/common/interfaces/external/transformer-package.interface';
import * as classTransformer from 'class-transformer';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { CertainInstance } from './certain-instance';
import { CertainlyValid } from './certainly-valid';

export interface FastPathValidationPipeOptions extends ValidationPipeOptions {
  /** The body DTO classes (of large lists) that are built and checked by the fast path first. */
  fastPath?: Type[];
}

/**
 * Nest's ValidationPipe, unchanged (same options, transform, exception factory, error bodies),
 * except for the DTOs of the `fastPath` classes, on two steps:
 * - the instance: CertainInstance builds the one class-transformer would (same class, same keys
 *   in the same order, same nested instances) without its executor, when the value is in the
 *   simple subset it takes on; otherwise class-transformer builds it, as before;
 * - the validation: a DTO that CertainlyValid finds certainly valid skips class-validator's
 *   executor (its result would be no errors); anything it does not vouch for is validated by
 *   class-validator as before.
 * Why: docs/performance.md, "A large body checked without class-validator's bookkeeping" and
 * "A large body built without class-transformer's executor".
 */
export class FastPathValidationPipe extends ValidationPipe {
  private readonly fastPath: ReadonlySet<unknown>;
  private readonly certainlyValid = new CertainlyValid();

  constructor({ fastPath = [], ...options }: FastPathValidationPipeOptions = {}) {
    super(options);
    this.fastPath = new Set(fastPath);
  }

  /**
   * class-transformer, except that `plainToInstance` of a fast-path class with the default
   * options goes to CertainInstance first. (Nest keeps the package the last pipe built loaded for
   * every ValidationPipe; this one answers exactly as class-transformer does for any caller.)
   */
  protected override loadTransformer(transformerPackage?: TransformerPackage): TransformerPackage {
    const inner = transformerPackage ?? classTransformer;
    const certainInstance = new CertainInstance();
    // Called during super(): `this.fastPath` is read when a value is transformed, not now.
    const plainToInstance = <T>(cls: Type<T>, plain: unknown, options?: object): T | T[] => {
      const built =
        options === undefined && this.fastPath?.has(cls)
          ? certainInstance.build(cls as Type<object>, plain)
          : undefined;
      return built !== undefined ? (built as T) : inner.plainToInstance(cls, plain, options);
    };
    return {
      plainToInstance,
      classToPlain: (object, options) => inner.classToPlain(object, options),
    };
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
