import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationExceptionFactory } from '../common/errors/validation-exception.factory';

/**
 * A form's fields validated by the API's own DTO class (the same rules as the route), with the
 * CSRF field and the UI's own fields left out. Throws VALIDATION_FAILED naming each field.
 */
export async function formAs<T extends object>(
  dto: new () => T,
  form: Record<string, unknown>,
  only: readonly (keyof T & string)[],
): Promise<T> {
  const plain: Record<string, unknown> = {};
  for (const k of only) if (form[k] !== undefined && form[k] !== '') plain[k] = form[k];
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationExceptionFactory(errors);
  return instance;
}
