import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NoControlCharacters, type TextKind } from './no-control-characters';

/**
 * An optional string field: at most `maxLength` characters, no control characters of its kind
 * (see NoControlCharacters), documented in OpenAPI with `api` (example, description).
 */
export function OptionalText(
  maxLength: number,
  api: ApiPropertyOptions = {},
  kind: TextKind = 'identifier',
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength, ...api } as ApiPropertyOptions),
    IsOptional(),
    IsString(),
    NoControlCharacters(kind),
    MaxLength(maxLength),
  );
}

/** An optional finite number in [min, max], documented in OpenAPI with `api`. */
export function OptionalNumber(
  min: number,
  max: number,
  api: ApiPropertyOptions = {},
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: min, maximum: max, ...api } as ApiPropertyOptions),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
  );
}
