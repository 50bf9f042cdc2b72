import 'reflect-metadata';
import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { CertainInstance } from './certain-instance';

class Leaf {
  label!: string;
}

class Parent {
  name!: string;
  tags?: string[];
  meta?: Record<string, unknown>;
  @Type(() => Leaf)
  leaves?: Leaf[];
  @Type(() => Leaf)
  leaf?: Leaf;
}

class Child extends Parent {
  extra?: number;
}

class Exposed {
  @Expose({ name: 'other' })
  name!: string;
}

class Excluded {
  @Exclude()
  secret?: string;
  name!: string;
}

class Transformed {
  @Transform(({ value }) => String(value).trim())
  name!: string;
}

class Dated {
  @Type(() => Date)
  at!: Date;
}

class Discriminated {
  @Type(() => Leaf, {
    discriminator: { property: 'kind', subTypes: [{ value: Leaf, name: 'leaf' }] },
  })
  item!: Leaf;
}

class WithSet {
  @Type(() => Leaf)
  leaves!: Set<Leaf>;
}

class WithAccessor {
  private stored = '';
  get name(): string {
    return this.stored;
  }
}

/** `[ , 'b']`: an array with a hole. */
function sparse(): string[] {
  const a: string[] = [];
  a[1] = 'b';
  return a;
}

describe('CertainInstance', () => {
  const certain = new CertainInstance();

  it('builds what plainToInstance builds: classes, nested types, inherited types, copies', () => {
    const plain = {
      extra: 1,
      name: 'p',
      tags: ['a', 'b'],
      meta: { x: [1, { y: null }], z: true },
      leaves: [{ label: 'l1' }, { label: 'l2', more: 'kept' }],
      leaf: { label: 'one' },
    };
    const fast = certain.build(Child, plain);
    const slow = plainToInstance(Child, plain);
    expect(fast).toBeInstanceOf(Child);
    expect(fast).toStrictEqual(slow);
    expect(Object.keys(fast!)).toEqual(Object.keys(slow));
    expect(fast!.leaves![1]).toBeInstanceOf(Leaf);
    expect(fast!.leaf).toBeInstanceOf(Leaf);
    // Copies, not the request's own objects.
    expect(fast!.meta).not.toBe(plain.meta);
    expect(fast!.tags).not.toBe(plain.tags);
  });

  it.each([
    ['an exposed name', Exposed, { other: 'x' }],
    ['an excluded key', Excluded, { name: 'x', secret: 's' }],
    ['a transform', Transformed, { name: ' x ' }],
    ['a converting type', Dated, { at: '2026-01-01' }],
    ['a discriminator', Discriminated, { item: { kind: 'leaf', label: 'x' } }],
    ['a Set-typed key', WithSet, { leaves: [{ label: 'x' }] }],
    ['a getter without setter', WithAccessor, { name: 'x' }],
    ['a prototype key', Parent, { name: 'x', toString: 'y' }],
    ['a constructor key', Parent, { name: 'x', constructor: 'y' }],
    ['a __proto__ key', Parent, JSON.parse('{"name":"x","__proto__":{"a":1}}') as object],
    ['a prototype key in a plain member', Parent, { meta: { hasOwnProperty: 1 } }],
    ['a Date', Parent, { name: new Date(0) }],
    ['a Map', Parent, { meta: new Map() }],
    ['undefined', Parent, { name: undefined }],
    ['a sparse array', Parent, { tags: sparse() }],
    ['an item that is not an object', Parent, { leaves: ['x'] }],
    ['an object of another prototype', Parent, Object.create({ name: 'x' }) as object],
    ['a null-prototype member', Parent, { meta: Object.create(null) as object }],
    ['a value that is not an object', Parent, 'x'],
    ['an array', Parent, [{ name: 'x' }]],
  ])('gives up on %s', (_what, cls, plain) => {
    expect(certain.build(cls as new () => object, plain)).toBeUndefined();
  });

  it('remembers a bounded number of keys per class', () => {
    const fresh = new CertainInstance();
    for (let i = 0; i < 1000; i++) {
      const built = fresh.build(Leaf, { label: 'x', [`k${i}`]: i });
      expect(built).toStrictEqual(plainToInstance(Leaf, { label: 'x', [`k${i}`]: i }));
    }
    const plans = (fresh as unknown as { plans: WeakMap<object, { keys: Map<string, unknown> }> })
      .plans;
    expect(plans.get(Leaf)!.keys.size).toBeLessThanOrEqual(128);
  });
});
