import { createTestApp, TestApp } from './support/test-app';

/**
 * The OpenAPI document at /docs-json is the API's contract for clients: every operation has a
 * summary and documents its own errors (by code, as problem+json) through `@ApiProblems`, no
 * scalar field is typed `object`, and the security scheme describes the API key. Each test
 * lists every offender, so a new route without its documentation is named in the failure.
 */
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  description?: string;
  [key: string]: unknown;
};
type Operation = {
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  'x-problem-codes'?: string[];
};

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
  };
  const operations: { name: string; op: Operation }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations.push({ name: `${method.toUpperCase()} ${path}`, op });
      }
    }
  });
  afterAll(() => t.close());

  it('documents a plausible number of operations', () => {
    expect(operations.length).toBeGreaterThan(90);
  });

  it('gives every operation a summary', () => {
    const without = operations.filter(({ op }) => !op.summary?.trim()).map((o) => o.name);
    expect(without).toEqual([]);
  });

  it('documents every operation’s own errors with @ApiProblems', () => {
    const without = operations
      .filter(({ op }) => !Array.isArray(op['x-problem-codes']))
      .map((o) => o.name);
    expect(without).toEqual([]);
  });

  it('documents every error response as problem+json with its codes', () => {
    const bad: string[] = [];
    for (const { name, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      if (errors.length === 0) bad.push(`${name}: no error response`);
      for (const [status, response] of errors) {
        const schema = response.content?.['application/problem+json']?.schema;
        const codes = schema?.allOf?.[1]?.properties?.code?.enum as string[] | undefined;
        if (!codes?.length) bad.push(`${name} ${status}: no problem+json codes`);
      }
      // The route's own codes appear under their statuses.
      for (const code of op['x-problem-codes'] ?? []) {
        const listed = Object.values(op.responses).some((r) =>
          (
            r.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum as
              string[] | undefined
          )?.includes(code),
        );
        if (!listed) bad.push(`${name}: ${code} not in its responses`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('types no scalar field as a bare object', () => {
    const bare: string[] = [];
    const walk = (s: Schema | undefined, where: string, allowed: boolean): void => {
      if (!s || typeof s !== 'object') return;
      const free =
        s.type === 'object' &&
        !s.properties &&
        s.additionalProperties === undefined &&
        !s.allOf &&
        !s.oneOf &&
        !s.anyOf;
      // A free-form object is allowed only where it says so ("JSON", "record", "object").
      if (free && !allowed && !/json|record|object|map/i.test(s.description ?? '')) {
        bare.push(where);
      }
      for (const [name, p] of Object.entries(s.properties ?? {}))
        walk(p, `${where}.${name}`, false);
      if (s.items) walk(s.items, `${where}[]`, false);
      for (const part of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
        walk(part, where, true);
      }
      if (typeof s.additionalProperties === 'object') {
        walk(s.additionalProperties as Schema, `${where}{}`, false);
      }
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) walk(schema, name, true);
    expect(bare).toEqual([]);
  });

  it('describes the API key, not a JWT', () => {
    const scheme = doc.components.securitySchemes.bearer as {
      bearerFormat?: string;
      description?: string;
    };
    expect(scheme.bearerFormat).not.toMatch(/jwt/i);
    expect(scheme.bearerFormat).toMatch(/^tlk_/);
    expect(scheme.description).toMatch(/Not a JWT/);
  });
});
