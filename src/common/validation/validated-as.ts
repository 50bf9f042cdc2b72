import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationExceptionFactory } from '../errors/validation-exception.factory';

/**
 * A plain object checked by an API DTO class exactly as the route's ValidationPipe would
 * (whitelist, unknown fields refused): for the web pages' forms, which reach the same services
 * without the pipe. Throws VALIDATION_FAILED naming each field.
 */
export async function validatedAs<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<T> {
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationExceptionFactory(errors);
  return instance;
}
