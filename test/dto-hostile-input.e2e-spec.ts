import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { UPDATE_DTO_BY_KIND } from '../src/materials/dto/update-material.dto';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Hostile input for every DTO the API validates: each body and query DTO of every route (found
 * from the controllers' own metadata, so a new route or DTO is covered without touching this
 * file) refuses an unknown field, a value of the wrong type and a value out of range, each with
 * 400 problem+json naming the field.
 */

type Dto = new (...args: never[]) => object;
interface Route {
  method: string;
  path: string;
  source: 'body' | 'query';
  dto: Dto;
}
interface Rule {
  name: string;
  constraints: unknown[];
  each: boolean;
}

const SOME_ID = '0190a1b2-0000-7000-8000-00000000beef';
// Rules that say what type a field has, or bound it.
const RANGE_RULES = new Set([
  'min',
  'max',
  'minLength',
  'maxLength',
  'arrayMinSize',
  'arrayMaxSize',
]);

/** Every route whose whole body or whole query is a validated DTO class. */
function dtoRoutes(t: TestApp): Route[] {
  const routes: Route[] = [];
  const storage = getMetadataStorage();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      const prefix = (Reflect.getMetadata(PATH_METADATA, controller) as string) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ??
          []) as unknown[];
        const url =
          '/api/v1/' +
          [prefix, path]
            .filter((s) => s && s !== '/')
            .join('/')
            .replace(/:(a|b)\b/g, '1')
            .replace(/:\w+/g, SOME_ID);
        for (const [key, arg] of Object.entries(args)) {
          const type = Number(key.split(':')[0]);
          if (type !== RouteParamtypes.BODY && type !== RouteParamtypes.QUERY) continue;
          if (arg.data !== undefined) continue;
          const dto = types[arg.index] as Dto | undefined;
          if (!dto || storage.getTargetValidationMetadatas(dto, '', true, false).length === 0)
            continue;
          routes.push({
            method: method.toLowerCase(),
            path: url.replace(/\/+/g, '/'),
            source: type === RouteParamtypes.BODY ? 'body' : 'query',
            dto,
          });
        }
      }
    }
  }
  return routes;
}

// class-transformer's registry of @Type targets (the class of a nested DTO field).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = require('class-transformer/cjs/storage').defaultMetadataStorage as {
  findTypeMetadata(target: Dto, property: string): { typeFunction: () => Dto } | undefined;
};

/** The DTO class of a nested field, when it has one. */
function nestedDto(dto: Dto, property: string): Dto | undefined {
  const type = transformerStorage.findTypeMetadata(dto, property)?.typeFunction();
  return type && getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0
    ? type
    : undefined;
}

/**
 * Every validated field of a DTO, nested DTO fields included one level down, with the payload
 * that puts a value there and the path the answer must name.
 */
function fieldsOf(
  dto: Dto,
): { path: string; rules: Rule[]; wrap: (v: unknown) => Record<string, unknown> }[] {
  const out: { path: string; rules: Rule[]; wrap: (v: unknown) => Record<string, unknown> }[] = [];
  for (const [field, rules] of rulesOf(dto)) {
    out.push({ path: field, rules, wrap: (v) => ({ [field]: v }) });
    const child = nestedDto(dto, field);
    if (!child || !has(rules, 'nested')) continue;
    const many = has(rules, 'isArray') || rules.some((r) => r.name === 'nested' && r.each);
    for (const [inner, innerRules] of rulesOf(child)) {
      out.push({
        path: many ? `${field}.0.${inner}` : `${field}.${inner}`,
        rules: innerRules,
        wrap: (v) => ({ [field]: many ? [{ [inner]: v }] : { [inner]: v } }),
      });
    }
  }
  return out;
}

/** The validated properties of a DTO and their rules (inherited ones included). */
function rulesOf(dto: Dto): Map<string, Rule[]> {
  const byProperty = new Map<string, Rule[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const rules = byProperty.get(m.propertyName) ?? [];
    const name = m.type === 'nestedValidation' ? 'nested' : (m.name ?? m.type);
    rules.push({ name, constraints: (m.constraints ?? []) as unknown[], each: m.each === true });
    byProperty.set(m.propertyName, rules);
  }
  return byProperty;
}

const has = (rules: Rule[], ...names: string[]) => rules.some((r) => names.includes(r.name));
const arg = (rules: Rule[], name: string) =>
  rules.find((r) => r.name === name)?.constraints[0] as number | undefined;

/** Values of the wrong type for a field, drawn with fast-check (a fixed seed: reproducible). */
function wrongValues(rules: Rule[], source: 'body' | 'query', seed: number): unknown[] {
  const sample = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { numRuns: 2, seed });
  if (source === 'query') {
    // A query carries strings: a repeated key (an array) is never a single value.
    if (has(rules, 'isInt', 'isNumber', 'min', 'max', 'isPositive')) {
      return [
        ...sample(
          fc.string({ minLength: 1 }).filter((s) => Number.isNaN(Number(s)) && !/\s/.test(s)),
        ),
        ['1', '2'],
      ];
    }
    if (has(rules, 'isBoolean')) return ['maybe', ['true', 'false']];
    if (has(rules, 'isIn', 'isEnum')) return ['not-one-of-them', ['a', 'b']];
    if (has(rules, 'isUuid')) return ['not-a-uuid', [SOME_ID, SOME_ID]];
    if (has(rules, 'isIso8601', 'isDateString'))
      return ['not a date', ['2024-01-01', '2024-01-02']];
    return [['a', 'b']];
  }
  if (has(rules, 'isObject')) {
    return sample(
      fc.oneof(fc.integer(), fc.string({ minLength: 1 }), fc.boolean(), fc.array(fc.integer())),
    );
  }
  if (has(rules, 'nested'))
    return sample(fc.oneof(fc.integer(), fc.string({ minLength: 1 }), fc.boolean()));
  if (has(rules, 'isArray', 'arrayMinSize', 'arrayMaxSize', 'arrayNotEmpty', 'arrayUnique')) {
    return sample(fc.oneof(fc.integer(), fc.string({ minLength: 1 }), fc.boolean(), fc.object()));
  }
  if (has(rules, 'isInt', 'isNumber', 'min', 'max', 'isPositive')) {
    return sample(
      fc.oneof(
        fc.string({ minLength: 1 }).filter((s) => Number.isNaN(Number(s))),
        fc.boolean(),
        fc.object(),
        fc.array(fc.integer(), { minLength: 1 }),
      ),
    );
  }
  if (has(rules, 'isBoolean'))
    return sample(fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.object()));
  if (has(rules, 'isIn', 'isEnum')) return ['not-one-of-them', 12345];
  if (has(rules, 'isUuid')) return ['not-a-uuid', 12345];
  if (has(rules, 'isIso8601', 'isDateString')) return ['not a date', 12345];
  // Strings and other rules that want a string.
  return sample(
    fc.oneof(fc.integer(), fc.boolean(), fc.object(), fc.array(fc.string(), { minLength: 1 })),
  );
}

/** Values just outside a field's bounds. */
function outOfRange(rules: Rule[], source: 'body' | 'query'): unknown[] {
  const out: unknown[] = [];
  const asSent = (v: number) => (source === 'query' ? String(v) : v);
  const integer = has(rules, 'isInt');
  const min = arg(rules, 'min');
  const max = arg(rules, 'max');
  if (min !== undefined)
    out.push(asSent(integer ? min - 1 : min - Math.max(1e-6, Math.abs(min) * 1e-3)));
  if (max !== undefined)
    out.push(asSent(integer ? max + 1 : max + Math.max(1e-6, Math.abs(max) * 1e-3)));
  const minLength = arg(rules, 'minLength');
  const maxLength = arg(rules, 'maxLength');
  if (minLength !== undefined && minLength > 0) out.push('x'.repeat(minLength - 1));
  if (maxLength !== undefined) out.push('x'.repeat(maxLength + 1));
  const minSize = arg(rules, 'arrayMinSize');
  const maxSize = arg(rules, 'arrayMaxSize');
  if (source === 'body' && minSize !== undefined && minSize > 0) out.push([]);
  if (source === 'body' && maxSize !== undefined)
    out.push(Array.from({ length: maxSize + 1 }, () => 'x'));
  return out;
}

/**
 * PATCH /materials/:id validates its body in the service, with the DTO of the material's kind
 * (known once the material is loaded): one material of each kind, and its DTO.
 */
async function materialUpdateRoutes(t: TestApp): Promise<Route[]> {
  const post = async (
    path: string,
    body: object,
  ): Promise<{ id: string; aliquots?: { id: string }[] }> => {
    const res = await t
      .http()
      .post(`/api/v1/materials${path}`)
      .set('Authorization', `Bearer ${t.adminKey}`)
      .send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const line = await post('/cell-lines', {
    name: 'hostile line',
    species: 'Oryctolagus cuniculus',
    passageNumber: 4,
  });
  const stock = await post('/cryo-stocks', {
    parentId: line.id,
    location: 'Freezer 1',
    passageAtFreezing: 5,
  });
  const donor = await post('/donors', {
    code: 'HX-001',
    condition: 'RA',
    responderStatus: 'non-responder',
    samplingTimepoint: 'pre-azathioprine',
    consentReference: 'ETH-1',
  });
  const sample = await post('/fecal-samples', {
    parentId: donor.id,
    collectedAt: '2024-06-11T09:30:00Z',
    location: 'Freezer 2',
  });
  const aliquots = await post(`/${sample.id}/aliquots`, { aliquots: [{ volumeMicrolitres: 100 }] });
  const culture = await post('/bacterial-cultures', {
    parentId: sample.id,
    name: 'hostile culture',
    medium: 'YCFA',
    atmosphere: 'N2/CO2/H2 85/10/5',
  });
  const ids: Record<keyof typeof UPDATE_DTO_BY_KIND, string> = {
    'cell-line': line.id,
    'cryo-stock': stock.id,
    donor: donor.id,
    'fecal-sample': sample.id,
    'fecal-aliquot': (aliquots.aliquots ?? [])[0]?.id ?? '',
    'bacterial-culture': culture.id,
  };
  return Object.entries(UPDATE_DTO_BY_KIND).map(([kind, dto]) => ({
    method: 'patch',
    path: `/api/v1/materials/${ids[kind as keyof typeof ids]}`,
    source: 'body' as const,
    dto: dto as unknown as Dto,
  }));
}

describe('hostile DTO input: unknown fields, wrong types and out-of-range values are refused', () => {
  let t: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    t = await createTestApp();
    routes = [...dtoRoutes(t), ...(await materialUpdateRoutes(t))];
  });
  afterAll(() => t.close());

  async function send(route: Route, payload: Record<string, unknown>) {
    const agent = t.http() as unknown as Record<string, (p: string) => import('supertest').Test>;
    const call = agent[route.method](route.path).set('Authorization', `Bearer ${t.adminKey}`);
    return route.source === 'body' ? call.send(payload) : call.query(payload);
  }

  /** Checks the answer names the field; returns a line describing the failure, or null. */
  function judge(
    route: Route,
    field: string,
    value: unknown,
    res: {
      status: number;
      headers: Record<string, string>;
      body: { errors?: { field?: string }[] };
    },
  ): string | null {
    const named = (res.body.errors ?? []).some(
      (e) =>
        e.field === field || e.field?.startsWith(`${field}.`) || e.field?.startsWith(`${field}[`),
    );
    if (
      res.status === 400 &&
      /application\/problem\+json/.test(res.headers['content-type'] ?? '') &&
      named
    ) {
      return null;
    }
    return `${route.method.toUpperCase()} ${route.path} (${route.source} ${route.dto.name}) ${field}=${JSON.stringify(value)} → ${res.status} ${JSON.stringify(res.body.errors ?? res.body).slice(0, 200)}`;
  }

  it('finds the DTOs of every route (bodies and queries)', () => {
    expect(routes.filter((r) => r.source === 'body').length).toBeGreaterThan(25);
    expect(routes.filter((r) => r.source === 'query').length).toBeGreaterThan(5);
  });

  it('bounds every field: strings and arrays by length, numbers by range', () => {
    // Bounded by their service instead, with a domain code that names the rule (and tested there).
    const boundedByService = new Set([
      'CreatePassageDto.dose.value', // INVALID_DOSE below 0
      'CreatePassageDto.viableCount', // INVALID_COUNT below 0
      'CreatePassageDto.viabilityPercent', // PERCENT_OUT_OF_RANGE
      'CreatePassageDto.confluencePercent', // PERCENT_OUT_OF_RANGE
      'CreatePlateLayoutDto.wells.0.concentrationValue', // INVALID_CONCENTRATION below 0
      'CreatePlateLayoutDto.wells.0.inhibitorConcentrationValue', // INVALID_CONCENTRATION below 0
    ]);
    const unbounded: string[] = [];
    for (const route of routes) {
      for (const { path, rules } of fieldsOf(route.dto)) {
        const where = `${route.dto.name}.${path}`;
        if (boundedByService.has(where)) continue;
        const enumerated = has(
          rules,
          'isIn',
          'isEnum',
          'isUuid',
          'isIso8601',
          'isDateString',
          'isBoolean',
          'matches',
        );
        if (has(rules, 'isString') && !enumerated && !has(rules, 'maxLength'))
          unbounded.push(`${where}: no MaxLength`);
        if (
          has(rules, 'isInt', 'isNumber') &&
          !(has(rules, 'min', 'isPositive') && has(rules, 'max'))
        )
          unbounded.push(`${where}: no Min and Max`);
        if (has(rules, 'isArray') && !has(rules, 'arrayMaxSize'))
          unbounded.push(`${where}: no ArrayMaxSize`);
      }
    }
    expect([...new Set(unbounded)]).toEqual([]);
  });

  it('refuses an unknown field, naming it', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const res = await send(route, { hostileExtra: 'x' });
      const failure = judge(route, 'hostileExtra', 'x', res);
      if (failure) failures.push(failure);
      else
        expect(res.body.errors).toContainEqual(
          expect.objectContaining({ field: 'hostileExtra', code: 'UNKNOWN_FIELD' }),
        );
    }
    expect(failures).toEqual([]);
  });

  it('refuses a value of the wrong type in every field, naming the field', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const [i, route] of routes.entries()) {
      for (const { path, rules, wrap } of fieldsOf(route.dto)) {
        if (route.source === 'query' && path.includes('.')) continue;
        for (const value of wrongValues(rules, route.source, 1000 + i)) {
          cases++;
          const failure = judge(route, path, value, await send(route, wrap(value)));
          if (failure) failures.push(failure);
        }
      }
    }
    expect(cases).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });

  it('refuses a value just out of range in every bounded field, naming the field', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      for (const { path, rules, wrap } of fieldsOf(route.dto)) {
        if (!rules.some((r) => RANGE_RULES.has(r.name))) continue;
        if (route.source === 'query' && path.includes('.')) continue;
        for (const value of outOfRange(rules, route.source)) {
          cases++;
          const failure = judge(route, path, value, await send(route, wrap(value)));
          if (failure) failures.push(failure);
        }
      }
    }
    expect(cases).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});
