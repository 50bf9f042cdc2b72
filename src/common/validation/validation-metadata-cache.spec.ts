import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsString,
  MaxLength,
  MetadataStorage,
  ValidateNested,
  validateSync,
} from 'class-validator';
// Every DTO of the app registers its rules: the cache must agree with the storage on all of them.
import { AppModule } from '../../app.module';
import { cacheValidationMetadata } from './validation-metadata-cache';

const original = MetadataStorage.prototype.getTargetValidationMetadatas;
const storage = getMetadataStorage();
const targets = () => [
  ...(
    storage as unknown as { validationMetadatas: Map<unknown, unknown> }
  ).validationMetadatas.keys(),
];

class Injection {
  @IsString()
  @MaxLength(8)
  name!: string;
}
class Batch {
  @IsInt()
  position!: number;
  @ValidateNested({ each: true })
  @Type(() => Injection)
  injections!: Injection[];
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => {
    expect(AppModule).toBeDefined();
    expect(cacheValidationMetadata()).toBe(true);
  });

  it('answers as the storage does for every registered class and option set', () => {
    const all = targets().filter((t): t is new () => unknown => typeof t === 'function');
    expect(all.length).toBeGreaterThan(100);
    const optionSets: [string, boolean, boolean, string[] | undefined][] = [
      [undefined as unknown as string, false, false, undefined],
      ['', true, false, undefined],
      [undefined as unknown as string, false, true, ['x']],
    ];
    for (const t of all) {
      for (const [schema, always, strict, groups] of optionSets) {
        const cached = storage.getTargetValidationMetadatas(t, schema, always, strict, groups);
        const again = storage.getTargetValidationMetadatas(t, schema, always, strict, groups);
        const fresh = original.call(storage, t, schema, always, strict, groups);
        expect(again).toBe(cached);
        expect(cached).toHaveLength(fresh.length);
        cached.forEach((m, i) => expect(m).toBe(fresh[i]));
      }
    }
  });

  it('shares its answers and groupings, which validating leaves as they were', () => {
    const rules = storage.getTargetValidationMetadatas(Injection, '', false, false);
    const before = [...rules];
    validateSync(
      plainToInstance(Batch, { position: 1, injections: [{ name: 'x' }, { name: 9 }] }),
      {
        whitelist: true,
        forbidNonWhitelisted: true,
      },
    );
    expect(storage.getTargetValidationMetadatas(Injection, '', false, false)).toEqual(before);
    const grouped = storage.groupByPropertyName(rules);
    expect(storage.groupByPropertyName(rules)).toBe(grouped);
    expect(Object.keys(grouped)).toEqual(['name']);
    expect(grouped.name.map((m) => m.name ?? m.type).sort()).toEqual(['isString', 'maxLength']);
    // An array the cache did not hand out is grouped afresh.
    const copy = [...rules];
    expect(storage.groupByPropertyName(copy)).not.toBe(grouped);
  });

  it('forgets its answers when a class gains rules after the first lookup', () => {
    class Late {
      @IsString()
      a!: string;
    }
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toHaveLength(1);
    // A subclass defined later adds metadata; the parent's answer is recomputed too.
    class Later extends Late {
      @IsInt()
      b!: number;
    }
    MaxLength(3)(Late.prototype, 'a');
    expect(
      storage
        .getTargetValidationMetadatas(Late, '', false, false)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['isString', 'maxLength']);
    expect(storage.getTargetValidationMetadatas(Later, '', false, false)).toHaveLength(3);
    expect(validateSync(Object.assign(new Late(), { a: 'toolong' }))).toHaveLength(1);
  });

  it('leaves validation results unchanged, nested arrays included', () => {
    const bad = plainToInstance(Batch, {
      position: 1.5,
      injections: [{ name: 'ok' }, { name: 'far too long' }, { name: 7 }],
    });
    const errors = validateSync(bad);
    expect(errors.map((e) => e.property)).toEqual(['position', 'injections']);
    const nested = errors[1].children!;
    expect(nested.map((e) => e.property)).toEqual(['1', '2']);
    expect(Object.keys(nested[0].children![0].constraints!)).toEqual(['maxLength']);
    expect(Object.keys(nested[1].children![0].constraints!).sort()).toEqual([
      'isString',
      'maxLength',
    ]);
    expect(
      validateSync(plainToInstance(Batch, { position: 2, injections: [{ name: 'a' }] })),
    ).toEqual([]);
  });

  it('installs once', () => {
    const lookup = storage.getTargetValidationMetadatas;
    expect(cacheValidationMetadata()).toBe(true);
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });

  it('installs nothing on a storage without the methods it wraps', () => {
    expect(cacheValidationMetadata({} as MetadataStorage)).toBe(false);
    // One method missing: none of the others is wrapped either.
    const partial = new MetadataStorage();
    const ownBefore = Object.getOwnPropertyNames(partial);
    Object.defineProperty(partial, 'addValidationSchema', { value: undefined });
    expect(cacheValidationMetadata(partial)).toBe(false);
    expect(Object.getOwnPropertyNames(partial).sort()).toEqual(
      [...ownBefore, 'addValidationSchema'].sort(),
    );
  });
});
