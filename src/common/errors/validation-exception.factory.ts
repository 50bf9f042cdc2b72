import type { ValidationError } from 'class-validator';
import { ProblemItem, ValidationFailedError } from './domain.error';

/**
 * ValidationPipe exception factory: flattens class-validator's tree so that every bad field
 * is listed with its dotted path and the rule it broke.
 */
export function validationExceptionFactory(errors: ValidationError[]): ValidationFailedError {
  const items: ProblemItem[] = [];
  const walk = (error: ValidationError, prefix: string): void => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      items.push({ field: path, code: ruleCode(rule), message });
    }
    for (const child of error.children ?? []) walk(child, path);
  };
  for (const error of errors) walk(error, '');
  return new ValidationFailedError(items);
}

function ruleCode(rule: string): string {
  if (rule === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return rule.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
