import { getMetadataStorage, type ValidationError } from 'class-validator';
import { ProblemItem, ValidationFailedError } from './domain.error';
import { unknownFieldProblem } from './unknown-field';

/**
 * ValidationPipe exception factory: flattens class-validator's tree so that every bad field
 * is listed with its dotted path and the rule it broke. A field the DTO does not declare
 * (whitelist) is UNKNOWN_FIELD, with the accepted names and the closest one.
 */
export function validationExceptionFactory(errors: ValidationError[]): ValidationFailedError {
  const items: ProblemItem[] = [];
  const walk = (error: ValidationError, prefix: string): void => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      if (rule === 'whitelistValidation') {
        items.push({
          ...unknownFieldProblem(error.property, acceptedFields(error.target)),
          field: path,
        });
      } else {
        items.push({ field: path, code: ruleCode(rule), message });
      }
    }
    for (const child of error.children ?? []) walk(child, path);
  };
  for (const error of errors) walk(error, '');
  return new ValidationFailedError(items);
}

/** The properties the DTO of `target` declares, in declaration order. */
function acceptedFields(target: object | undefined): string[] {
  if (target === undefined) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    target.constructor,
    '',
    true,
    false,
  );
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function ruleCode(rule: string): string {
  return rule.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
