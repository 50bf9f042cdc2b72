/**
 * Schemas for values that are not one type. `unknown` in a DTO is documented as `object` by
 * reflection; use these instead so the document says what can arrive.
 */
export const ANY_JSON_VALUE = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

/** A setting's value: a number, a list of numbers, a string, a list of strings or a boolean. */
export const SETTING_VALUE = {
  oneOf: [
    { type: 'number' },
    { type: 'string' },
    { type: 'boolean' },
    { type: 'array', items: { type: 'number' } },
    { type: 'array', items: { type: 'string' } },
  ],
};
