import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * What a string field may hold:
 * - `identifier` (names, barcodes, codes, units, locations): no control characters at all (C0,
 *   DEL, C1), no line or paragraph separators, no bidirectional overrides or isolates (they make
 *   a name display as something else) and no byte-order mark;
 * - `text` (notes, reasons, descriptions, comments): line breaks and tabs are allowed, other C0
 *   and C1 controls (NUL, ESC, …) are not.
 */
export type TextKind = 'identifier' | 'text';

const FORBIDDEN: Record<TextKind, RegExp> = {
  // eslint-disable-next-line no-control-regex
  identifier: /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/,
  // eslint-disable-next-line no-control-regex
  text: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/,
};

/** The first forbidden character of `value` and its 1-based position, or null. */
export function findControlCharacter(
  value: string,
  kind: TextKind,
): { codePoint: string; position: number } | null {
  const m = FORBIDDEN[kind].exec(value);
  if (!m) return null;
  const hex = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return { codePoint: `U+${hex}`, position: m.index + 1 };
}

/** Constraint name; the problem code is NO_CONTROL_CHARACTERS. */
export const NO_CONTROL_CHARACTERS = 'noControlCharacters';

/**
 * Refuses control characters in a string field (or each string of an array with
 * `{ each: true }`), naming the field, the character and where it is. Non-strings pass: the
 * field's type rule reports them. Every string field of a DTO declares its kind with this
 * decorator; a test walks the DTO metadata and fails on a string field without it.
 */
export function NoControlCharacters(
  kind: TextKind = 'identifier',
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: NO_CONTROL_CHARACTERS,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [kind],
      options: {
        message: (args: ValidationArguments) => {
          const values: unknown[] = Array.isArray(args.value) ? args.value : [args.value];
          const found = values
            .map((v) => (typeof v === 'string' ? findControlCharacter(v, kind) : null))
            .find((f) => f !== null);
          const what =
            kind === 'identifier'
              ? 'control characters, line breaks or direction overrides'
              : 'control characters other than line breaks and tabs';
          return `${args.property} must not contain ${what}${found ? `: found ${found.codePoint} at character ${found.position}` : ''}`;
        },
        ...options,
      },
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || findControlCharacter(v, kind) === null,
      },
    });
}
