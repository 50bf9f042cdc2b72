import {
  getMetadataStorage,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
  type ValidatorOptions,
} from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** A property's rules, sorted once the way class-validator's executor sorts them per object. */
interface PropertyRules {
  property: string;
  conditions: ValidationMetadata[];
  customs: CustomRule[];
  nested: ValidationMetadata[];
}

/** A custom rule (IsString, MaxLength, …) and the validator instances class-validator calls. */
interface CustomRule {
  metadata: ValidationMetadata;
  validators: ValidatorConstraintInterface[];
}

/** A class's rules for one (schema, groups) lookup; null: a rule this check does not take on. */
type Plan = { known: Set<string>; properties: PropertyRules[] } | null;

const UNDERSTOOD = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
]);

/**
 * Answers true only when class-validator's `validate(object, options)` would certainly answer
 * no errors; false means "ask class-validator", never "invalid".
 *
 * It holds no rule of its own: it asks the metadata storage for the object's rules with the
 * executor's own arguments and runs each rule's registered validator (the very `isUUID`,
 * `maxLength`, `NoControlCharacters` predicate … that class-validator calls), with the
 * executor's order of decisions (whitelist, conditions such as IsOptional, rules, `each`,
 * nested objects). What it saves is the executor's bookkeeping: the error objects it builds
 * for every property of every object, the per-object filtering of the rules, the promises.
 *
 * It gives up (false) on anything outside that simple subset: a key without rules, a class
 * without rules, a rule type other than custom/nested/conditional (IsDefined, Allow, promises),
 * a rule with its own `validateIf`, an async constraint or a validator answering a promise, a
 * Set or Map, an array directly inside a nested array, an object whose `constructor` is not its
 * prototype's, and any failing rule. A DTO that gains a rule of another kind is simply always
 * validated by class-validator. Held to that by a property test against class-validator
 * (src/assays/lcms/dto/create-batch-validation.spec.ts) and certainly-valid.spec.ts.
 */
export class CertainlyValid {
  // Keyed by the storage's answer: with cacheValidationMetadata the answer is the same array
  // until a decorator registers new rules, so a plan is never older than the rules it reads.
  private readonly plans = new WeakMap<ValidationMetadata[], Plan>();

  constructor(private readonly storage: MetadataStorage = getMetadataStorage()) {}

  check(object: object, options: ValidatorOptions = {}): boolean {
    const plan = this.plan(object, undefined, options);
    return plan !== null && this.execute(object, plan, options);
  }

  /** The plan of the object's class, or null (give up): also for an object whose `constructor`
   * is not its prototype's, since class-validator reads the rules of `constructor`. */
  private plan(object: object, schema: string | undefined, options: ValidatorOptions): Plan {
    const ctor = (object as { constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || Object.getPrototypeOf(object) !== ctor.prototype) return null;
    const metadatas = this.storage.getTargetValidationMetadatas(
      ctor,
      schema as string,
      options.always || false,
      options.strictGroups || false,
      options.groups,
    );
    let plan = this.plans.get(metadatas);
    if (plan === undefined) {
      plan = compile(this.storage, metadatas);
      this.plans.set(metadatas, plan);
    }
    return plan;
  }

  private execute(object: object, plan: NonNullable<Plan>, options: ValidatorOptions): boolean {
    // Whitelisted or not, an unknown key is left to class-validator (it refuses or strips it).
    for (const key of Object.keys(object)) if (!plan.known.has(key)) return false;
    const targetName = (object.constructor as { name: string }).name;
    for (const rules of plan.properties) {
      const value = (object as Record<string, unknown>)[rules.property];
      let validate = true;
      for (const m of rules.conditions)
        if (!(m.constraints[0] as (o: object, v: unknown) => boolean)(object, value))
          validate = false;
      if (!validate) continue;
      // skipMissingProperties and its kin only let more through: not skipping is stricter.
      if (rules.customs.length && (value instanceof Set || value instanceof Map)) return false;
      for (const rule of rules.customs) if (!custom(object, targetName, value, rule)) return false;
      if (value !== undefined)
        for (const m of rules.nested) if (!this.nested(value, m, options)) return false;
    }
    return true;
  }

  private nested(value: unknown, m: ValidationMetadata, options: ValidatorOptions): boolean {
    const schema = typeof m.target === 'string' ? m.target : m.target.name;
    if (!Array.isArray(value)) {
      if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
      const plan = this.plan(value, schema, options);
      return plan !== null && this.execute(value, plan, options);
    }
    // The items of a list are mostly of one class: its plan is looked up once.
    let ctor: unknown;
    let plan: Plan = null;
    for (const item of value as unknown[]) {
      if (item === undefined) continue;
      if (!(item instanceof Object) || Array.isArray(item)) return false;
      if (item instanceof Set || item instanceof Map) return false;
      if (item.constructor !== ctor || plan === null) {
        plan = this.plan(item, schema, options);
        ctor = item.constructor;
        if (plan === null) return false;
      } else if (Object.getPrototypeOf(item) !== (ctor as { prototype: unknown }).prototype)
        return false;
      if (!this.execute(item, plan, options)) return false;
    }
    return true;
  }
}

function custom(object: object, targetName: string, value: unknown, rule: CustomRule): boolean {
  const m = rule.metadata;
  const each = m.each && Array.isArray(value);
  for (const validator of rule.validators) {
    const args: ValidationArguments = {
      targetName,
      property: m.propertyName,
      object,
      value,
      constraints: m.constraints,
    };
    if (each) {
      for (const v of value as unknown[]) if (!passes(validator.validate(v, args))) return false;
    } else if (!passes(validator.validate(value, args))) return false;
  }
  return true;
}

/** A validator's answer that class-validator would count as passed, without waiting for it. */
function passes(answer: unknown): boolean {
  return !!answer && typeof (answer as { then?: unknown }).then !== 'function';
}

function compile(storage: MetadataStorage, metadatas: ValidationMetadata[]): Plan {
  if (metadatas.length === 0) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyRules[] = [];
  for (const [property, ms] of Object.entries(grouped)) {
    const rules: PropertyRules = { property, conditions: [], customs: [], nested: [] };
    for (const m of ms) {
      if (!UNDERSTOOD.has(m.type) || (m as { validateIf?: unknown }).validateIf) return null;
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) rules.conditions.push(m);
      else if (m.type === ValidationTypes.NESTED_VALIDATION) rules.nested.push(m);
      else {
        const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
        if (constraints.length === 0 || constraints.some((c) => c.async)) return null;
        // The instance class-validator's container hands out: its default container keeps one
        // per constraint class for the life of the process, found by a scan of all of them.
        rules.customs.push({ metadata: m, validators: constraints.map((c) => c.instance) });
      }
    }
    properties.push(rules);
  }
  return { known: new Set(properties.map((p) => p.property)), properties };
}
