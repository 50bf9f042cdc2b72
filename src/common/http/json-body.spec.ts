import fc from 'fast-check';
import {
  findJsonSyntaxError,
  JsonBodyError,
  locateOffset,
  MAX_JSON_DEPTH,
  refuseDeeplyNestedJson,
  textJsonDepthExceeded,
  utf8JsonDepthExceeded,
} from './json-body';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting limit', () => {
  it('accepts the limit and refuses one level more, at the opening bracket', () => {
    expect(utf8JsonDepthExceeded(Buffer.from(nested(MAX_JSON_DEPTH)))).toBe(-1);
    expect(utf8JsonDepthExceeded(Buffer.from(`{"a":${nested(MAX_JSON_DEPTH + 1)}}`))).toBe(
      MAX_JSON_DEPTH + 4, // the object is level 1
    );
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const s = JSON.stringify({ a: '[[[[[[\\"[[[['.repeat(100), b: ['"{{{'] });
    expect(utf8JsonDepthExceeded(Buffer.from(s), 2)).toBe(-1);
    expect(textJsonDepthExceeded(s, 2)).toBe(-1);
  });

  it('never mistakes a multi-byte character for a bracket', () => {
    const s = JSON.stringify({ name: '÷[µ{ΩЖ'.repeat(50), v: [[['ü']]] });
    expect(utf8JsonDepthExceeded(Buffer.from(s), 4)).toBe(-1);
    expect(utf8JsonDepthExceeded(Buffer.from(s), 3)).toBeGreaterThan(0);
  });

  it('agrees with the depth of the parsed value (property)', () => {
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null
        ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (v, max) => {
        const text = JSON.stringify(v);
        const exceeded = utf8JsonDepthExceeded(Buffer.from(text), max) >= 0;
        expect(exceeded).toBe(depthOf(v) > max);
        expect(textJsonDepthExceeded(text, max) >= 0).toBe(exceeded);
      }),
    );
  });

  it('the body-parser hook throws a located 400 for UTF-8 and UTF-16 bodies', () => {
    const text = `{\n  "a": ${nested(MAX_JSON_DEPTH + 10)}\n}`;
    for (const [buf, enc] of [
      [Buffer.from(text, 'utf8'), 'utf-8'],
      [Buffer.from(text, 'utf16le'), 'utf-16le'],
    ] as const) {
      let thrown: unknown;
      try {
        refuseDeeplyNestedJson(null, null, buf, enc);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(JsonBodyError);
      expect(thrown).toMatchObject({
        status: 400,
        expose: true,
        type: 'entity.too.deep',
        location: { line: 2, column: 7 + MAX_JSON_DEPTH, position: 8 + MAX_JSON_DEPTH },
      });
    }
    expect(() =>
      refuseDeeplyNestedJson(null, null, Buffer.from('{"a":[1]}'), 'utf-8'),
    ).not.toThrow();
  });
});

describe('JSON syntax error location', () => {
  it('names line, column and offset of the first error and what was expected', () => {
    expect(findJsonSyntaxError('{"name":"x",\n "a": }')).toEqual({
      position: 19,
      line: 2,
      column: 7,
      message: 'expected a value (object, array, string, number, true, false or null), found "}"',
    });
    expect(findJsonSyntaxError('{"a":1,}')).toMatchObject({
      position: 7,
      message: expect.stringMatching(/property name/),
    });
    expect(findJsonSyntaxError('[1 2]')).toMatchObject({
      position: 3,
      message: expect.stringMatching(/','/),
    });
    expect(findJsonSyntaxError('{"a":"x\ny"}')).toMatchObject({ line: 1, column: 8 });
    expect(findJsonSyntaxError('{"a":01}')).toMatchObject({ position: 6 });
    expect(findJsonSyntaxError('{"a":[1,2]')).toMatchObject({
      position: 10,
      message: expect.stringMatching(/body ends/),
    });
    expect(findJsonSyntaxError('"text"')).toMatchObject({
      position: 0,
      message: expect.stringMatching(/object or an array/),
    });
    expect(findJsonSyntaxError('{"a":1} x')).toMatchObject({ position: 8 });
    expect(findJsonSyntaxError(nested(100000))).toBeNull();
  });

  it('counts CRLF and CR line ends as one', () => {
    expect(locateOffset('a\r\nb\rc\nd', 7)).toEqual({ position: 7, line: 4, column: 1 });
  });

  it('agrees with JSON.parse on valid and mutated texts (property)', () => {
    const mutated = fc
      .tuple(
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', '0', '-', 'e', '.', ' ', 't', '['),
        fc.nat({ max: 2 }),
      )
      .map(([s, at, ins, del]) => {
        const i = s.length === 0 ? 0 : at % (s.length + 1);
        return s.slice(0, i) + ins + s.slice(i + del);
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          mutated,
        ),
        (text) => {
          let parses = true;
          try {
            JSON.parse(text);
          } catch {
            parses = false;
          }
          expect(findJsonSyntaxError(text, false) === null).toBe(parses);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
