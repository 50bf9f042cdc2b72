import { TransformationType, type ClassConstructor } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// The storage class-transformer's decorators write to and its executor reads: its main entry
// does not export it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** How one key of a class's plain value is copied; null: give up (ask class-transformer). */
type KeyPlan = { nested: false } | { nested: true; metadata: TypeMetadataLike } | null;

interface TypeMetadataLike {
  typeFunction?: (options: { newObject: unknown; object: unknown; property: string }) => unknown;
  reflectedType?: unknown;
  options?: { discriminator?: unknown };
}

/** A class's key plans, filled as keys are met; null: a class this builder does not take on. */
type ClassPlan = { instance: object; keys: Map<string, KeyPlan> } | null;

// Types class-transformer converts values to, or builds other than by `new` and key copies.
const NOT_A_PLAIN_CLASS = new Set<unknown>([
  String,
  Number,
  Boolean,
  Date,
  Buffer,
  Object,
  Array,
  Map,
  Set,
  Promise,
]);

const GIVE_UP = Symbol('give up');
const MAX_KEY_PLANS = 128;

/**
 * Builds, for a plain JSON value, the very instance class-transformer's `plainToInstance(cls,
 * value)` (default options) builds, or answers undefined: "ask class-transformer", never
 * "invalid". It holds no rule of its own: it reads class-transformer's metadata storage with the
 * executor's own lookups (type, transform, expose, exclude, strategy) and does what the executor
 * does for the simple subset: `new cls()`, then each key of the value in its order, a value of a
 * `@Type(() => Class)` key built the same way (an object, or an array of objects), any other
 * value copied as the executor copies it (primitives as they are, arrays and plain objects
 * anew). What it saves is the executor's per-key metadata lookups and allocations.
 *
 * It gives up on anything outside that subset: a class with an expose or exclude decorator or
 * a strategy, a key with a transform, a custom-named expose, a type with a discriminator or one
 * that converts (String, Date, Map…), an array type other than Array, a key the class's
 * prototype chain has (`constructor`, `__proto__`, `toString`, accessors), and a value that is
 * not JSON (a Date, a Map, a sparse array, an object of another prototype). Plans are kept per
 * class: type metadata registered for a class after its first value is not seen (decorators
 * register when the class is defined). Held to that by a property test against plainToInstance
 * (src/assays/lcms/dto/create-batch-validation.spec.ts) and certain-instance.spec.ts. Why it
 * exists: docs/performance.md, "A large body built without class-transformer's executor".
 */
export class CertainInstance {
  private readonly plans = new WeakMap<object, ClassPlan>();

  build<T extends object>(cls: ClassConstructor<T>, value: unknown): T | undefined {
    const out = this.object(cls, value);
    return out === GIVE_UP ? undefined : (out as T);
  }

  private object(cls: ClassConstructor<object>, value: unknown): object | typeof GIVE_UP {
    if (!isPlainObject(value)) return GIVE_UP;
    const plan = this.plan(cls);
    if (plan === null) return GIVE_UP;
    const instance = new cls() as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      let keyPlan = plan.keys.get(key);
      if (keyPlan === undefined) {
        keyPlan = keyPlanOf(cls, plan.instance, key);
        // Keys come from the client: only so many are remembered per class.
        if (plan.keys.size < MAX_KEY_PLANS) plan.keys.set(key, keyPlan);
      }
      if (keyPlan === null) return GIVE_UP;
      const v = value[key];
      let out: unknown;
      if (!keyPlan.nested) out = copy(v);
      else {
        const type = keyPlan.metadata.typeFunction?.({
          newObject: instance,
          object: value,
          property: key,
        });
        if (typeof type !== 'function' || NOT_A_PLAIN_CLASS.has(type)) return GIVE_UP;
        out = this.nested(type as ClassConstructor<object>, v, keyPlan.metadata.reflectedType);
      }
      if (out === GIVE_UP) return GIVE_UP;
      instance[key] = out;
    }
    return instance;
  }

  /** A `@Type` key's value: an object of the type, or an array of them. */
  private nested(
    type: ClassConstructor<object>,
    v: unknown,
    reflected: unknown,
  ): unknown | typeof GIVE_UP {
    if (!Array.isArray(v)) return this.object(type, v);
    // The executor's array is `new reflectedType()` when the property's design type is known.
    if (reflected !== undefined && reflected !== Array) return GIVE_UP;
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return GIVE_UP;
      const item = this.object(type, v[i]);
      if (item === GIVE_UP) return GIVE_UP;
      out.push(item);
    }
    return out;
  }

  private plan(cls: ClassConstructor<object>): ClassPlan {
    let plan = this.plans.get(cls);
    if (plan === undefined) {
      const simple =
        defaultMetadataStorage.getStrategy(cls) === 'none' &&
        defaultMetadataStorage.getExposedMetadatas(cls).length === 0 &&
        defaultMetadataStorage.getExcludedMetadatas(cls).length === 0;
      plan = simple ? { instance: new cls(), keys: new Map() } : null;
      this.plans.set(cls, plan);
    }
    return plan;
  }
}

function keyPlanOf(cls: ClassConstructor<object>, instance: object, key: string): KeyPlan {
  if (inPrototypeChain(instance, key)) return null;
  if (
    defaultMetadataStorage.findTransformMetadatas(cls, key, TransformationType.PLAIN_TO_CLASS)
      .length > 0
  )
    return null;
  const metadata = defaultMetadataStorage.findTypeMetadata(cls, key) as
    TypeMetadataLike | undefined;
  if (!metadata) return { nested: false };
  if (!metadata.typeFunction || metadata.options?.discriminator || metadata.reflectedType === Map)
    return null;
  return { nested: true, metadata };
}

/** A key the executor would skip or set through an accessor: one of the prototype chain's. */
function inPrototypeChain(instance: object, key: string): boolean {
  if (key === '__proto__' || key === 'constructor') return true;
  const own = Object.getOwnPropertyDescriptor(instance, key);
  if (own) return !('value' in own) || typeof own.value === 'function';
  return key in instance;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** A value of a key without a type, as the executor copies it; GIVE_UP for anything not JSON. */
function copy(v: unknown): unknown {
  if (v === null) return null;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return GIVE_UP;
      const item = copy(v[i]);
      if (item === GIVE_UP) return GIVE_UP;
      out.push(item);
    }
    return out;
  }
  if (!isPlainObject(v)) return GIVE_UP;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    // The executor skips these on a plain object (or calls a setter): ask it.
    if (key in out) return GIVE_UP;
    const item = copy(v[key]);
    if (item === GIVE_UP) return GIVE_UP;
    out[key] = item;
  }
  return out;
}
