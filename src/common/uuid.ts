const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical text form (any case): an id rather than a barcode or name. */
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}
