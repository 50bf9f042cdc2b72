import { applyDecorators } from '@nestjs/common';
import {
  IsISO8601,
  Matches,
  registerDecorator,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { isMolarUnit } from '../../common/units/concentration';

/** Barcodes: 1–64 printable ASCII characters without spaces (what scanners emit). */
export const IsBarcode = (): PropertyDecorator =>
  Matches(/^[\x21-\x7E]{1,64}$/, {
    message: '$property must be 1–64 printable characters without spaces',
  });

/** A molar concentration unit: pM, nM, µM (uM), mM or M. Rule code MOLAR_UNIT. */
export function IsMolarUnit(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'molarUnit',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be a molar concentration unit: pM, nM, µM (uM), mM or M',
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && isMolarUnit(v.trim()) },
    });
}

/** An ISO 8601 date and time with its time zone (`Z` for UTC), e.g. 2024-06-11T09:30:00Z. */
export const IsUtcTimestamp = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, {
      message: '$property must give a time and a time zone, e.g. 2024-06-11T09:30:00Z',
    }),
  );

/**
 * For PATCH bodies: the field may be left out, but when present it may not be null (a required
 * attribute cannot be cleared). Optional attributes use @IsOptional instead, where null clears.
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((o: Record<string, unknown>, v: unknown) => v !== undefined);
