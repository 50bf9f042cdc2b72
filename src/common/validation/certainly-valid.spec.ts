import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  Validate,
  type ValidatorOptions,
} from 'class-validator';
import { CertainlyValid } from './certainly-valid';
import { cacheValidationMetadata } from './validation-metadata-cache';

const OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
};

class Item {
  @IsString()
  @MaxLength(3)
  code!: string;
}

class Order {
  @IsInt()
  count!: number;

  @IsOptional()
  @IsString({ each: true })
  tags?: string[];

  @ValidateIf((o: Order) => o.count > 0)
  @IsString()
  reason?: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

/** What CertainlyValid says and what class-validator finds, for one plain object. */
async function both(cls: new () => object, plain: object, options = OPTIONS) {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, options);
  return { vouched: new CertainlyValid().check(dto, options), valid: errors.length === 0 };
}

describe('CertainlyValid', () => {
  beforeAll(() => cacheValidationMetadata());

  it('vouches for what class-validator accepts in the subset it takes on', async () => {
    const order = { count: 2, tags: ['a'], reason: 'r', items: [{ code: 'abc' }] };
    expect(await both(Order, order)).toEqual({ vouched: true, valid: true });
    // ValidateIf and IsOptional are class-validator's own conditions, asked as it asks them.
    expect(await both(Order, { count: 0, reason: 5, items: [] })).toEqual({
      vouched: true,
      valid: true,
    });
    expect(await both(Order, { count: 1, tags: null, reason: 'r', items: [] })).toEqual({
      vouched: true,
      valid: true,
    });
  });

  it('never vouches for what class-validator refuses', async () => {
    for (const order of [
      { count: 1.5, items: [] },
      { count: 1, reason: 5, items: [] },
      { count: 0, tags: ['a', 1], items: [] },
      { count: 0, items: [{ code: 'abcd' }] },
      { count: 0, items: [{ code: 'a', extra: 1 }] },
      { count: 0, items: [null] },
      { count: 0, items: 'abc' },
      { count: 0, items: [], extra: 1 },
    ])
      expect(await both(Order, order)).toEqual({ vouched: false, valid: false });
  });

  it('gives up, rather than answer, outside its subset', async () => {
    class Defined {
      @IsDefined() a!: string;
    }
    class Allowed {
      @Allow() a!: string;
    }
    @ValidatorConstraint({ async: true })
    class Later implements ValidatorConstraintInterface {
      validate = () => Promise.resolve(true);
    }
    class Async {
      @Validate(Later) a!: string;
    }
    class Thenable {
      @Validate(
        class implements ValidatorConstraintInterface {
          validate = () => Promise.resolve(true) as unknown as boolean;
        },
      )
      a!: string;
    }
    class Bare {
      a!: string;
    }
    for (const [cls, plain] of [
      [Defined, { a: 'x' }],
      [Allowed, { a: 'x' }],
      [Async, { a: 'x' }],
      [Thenable, { a: 'x' }],
      [Bare, {}],
    ] as const)
      expect((await both(cls, plain)).vouched).toBe(false);
    const checker = new CertainlyValid();
    const withSet = Object.assign(new Order(), { count: 0, tags: new Set(['a']), items: [] });
    expect(checker.check(withSet, OPTIONS)).toBe(false);
    const nestedList = Object.assign(new Order(), { count: 0, items: [[]] });
    expect(checker.check(nestedList, OPTIONS)).toBe(false);
    // class-validator reads the rules of `constructor`: an object whose own one differs is left.
    const posing = Object.assign({}, { constructor: Order, count: 0, items: [] });
    expect(checker.check(posing, OPTIONS)).toBe(false);
  });

  it('applies the groups the options name, as the storage answers them', async () => {
    class Grouped {
      @IsString({ groups: ['strict'] })
      @IsOptional()
      a?: unknown;
    }
    // Without groups every rule applies; strictGroups leaves the grouped ones out.
    expect(await both(Grouped, { a: 1 })).toEqual({ vouched: false, valid: false });
    expect(await both(Grouped, { a: 1 }, { ...OPTIONS, strictGroups: true })).toEqual({
      vouched: true,
      valid: true,
    });
    expect(await both(Grouped, { a: 1 }, { ...OPTIONS, groups: ['strict'] })).toEqual({
      vouched: false,
      valid: false,
    });
  });

  it('reads rules registered after its first answer', async () => {
    class Growing {
      @IsString() a!: string;
    }
    const checker = new CertainlyValid();
    const dto = plainToInstance(Growing, { a: 'long' });
    expect(checker.check(dto, OPTIONS)).toBe(true);
    registerDecorator({
      target: Growing,
      propertyName: 'a',
      constraints: [2],
      validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= 2 },
    });
    expect(checker.check(dto, OPTIONS)).toBe(false);
    expect(await validate(dto, OPTIONS)).not.toEqual([]);
  });
});
