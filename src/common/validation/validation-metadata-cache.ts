import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Grouping = MetadataStorage['groupByPropertyName'];
type ValidationMetadata = ReturnType<Lookup>[number];

const INSTALLED = Symbol.for('thiolab.validationMetadataCache');

/**
 * Remembers class-validator's answer to "which rules apply to this class?".
 *
 * On every object it validates (each element of a nested array included), class-validator's
 * executor asks its metadata storage for the class's rules, and the storage answers by walking
 * every class that has rules (a few hundred DTOs here) to collect inherited ones, then groups
 * the answer by property. A 96-injection LC-MS/MS batch spent about a tenth of its request in
 * that walk (docs/performance.md, "class-validator's rule lookup"). The rules of a class only
 * change when a decorator or schema registers new ones, which happens while classes are
 * defined; this cache answers from memory and forgets everything whenever the storage gains
 * metadata, so its answers are always the storage's own.
 *
 * The arrays and groupings it hands out are shared between calls. Nothing that asks (the
 * executor, Nest's ValidationPipe and mapped types, the exception factory) changes them; they are
 * not frozen because V8 filters a frozen array several times slower, and the executor filters
 * each property's rules on every object. Installed once per storage; a second call does
 * nothing. If a future class-validator renames the methods, nothing is installed and validation
 * runs as before (the unit test then fails, saying so).
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): boolean {
  const s = storage as MetadataStorage & { [INSTALLED]?: true };
  if (s[INSTALLED]) return true;
  const lookup: Lookup | undefined = s.getTargetValidationMetadatas;
  const grouping: Grouping | undefined = s.groupByPropertyName;
  const adders = ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'].map(
    (name) => ({ name, original: (s as unknown as Record<string, unknown>)[name] }),
  );
  // All or nothing: a storage without every method wrapped below is left as it is.
  if (
    typeof lookup !== 'function' ||
    typeof grouping !== 'function' ||
    adders.some((a) => typeof a.original !== 'function')
  )
    return false;
  let answers = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let shared = new WeakSet<ValidationMetadata[]>();
  let groups = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const forget = () => {
    answers = new Map();
    shared = new WeakSet();
    groups = new WeakMap();
  };
  for (const { name, original } of adders) {
    const add = original as (...a: unknown[]) => unknown;
    Object.defineProperty(s, name, {
      configurable: true,
      writable: true,
      value(this: MetadataStorage, ...args: unknown[]) {
        forget();
        return add.apply(this, args);
      },
    });
  }
  Object.defineProperty(s, 'getTargetValidationMetadatas', {
    configurable: true,
    writable: true,
    value(
      this: MetadataStorage,
      targetConstructor: Parameters<Lookup>[0],
      targetSchema: string,
      always: boolean,
      strictGroups: boolean,
      groupNames?: string[],
    ): ValidationMetadata[] {
      const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groupNames ? groupNames.join('\u0001') : '\u0002'}`;
      let perTarget = answers.get(targetConstructor);
      if (!perTarget) answers.set(targetConstructor, (perTarget = new Map()));
      let found = perTarget.get(key);
      if (!found) {
        found = lookup.call(
          this,
          targetConstructor,
          targetSchema,
          always,
          strictGroups,
          groupNames,
        );
        perTarget.set(key, found);
        shared.add(found);
      }
      return found;
    },
  });
  Object.defineProperty(s, 'groupByPropertyName', {
    configurable: true,
    writable: true,
    value(this: MetadataStorage, metadata: ValidationMetadata[]) {
      // Only the answers above are shared; any other array is grouped afresh.
      if (!shared.has(metadata)) return grouping.call(this, metadata);
      let grouped = groups.get(metadata);
      if (!grouped) {
        grouped = grouping.call(this, metadata);
        groups.set(metadata, grouped);
      }
      return grouped;
    },
  });
  s[INSTALLED] = true;
  return true;
}
