import * as iconv from 'iconv-lite';

/**
 * Checks on JSON request bodies that body-parser does not make: a nesting limit applied to the
 * raw bytes before anything walks the parsed value (class-transformer and class-validator recurse
 * and overflow the stack on a few thousand levels), and the location of a syntax error, which
 * V8's message gives only sometimes and only as an offset.
 */

/** Deepest nesting of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

/** A located problem in a JSON text: 0-based character offset, 1-based line and column. */
export interface JsonTextLocation {
  position: number;
  line: number;
  column: number;
}

/**
 * The offset of the first `{` or `[` that opens nesting level `maxDepth + 1`, or -1. Scans
 * UTF-8 bytes (every byte of a multi-byte character is ≥ 0x80, so none is mistaken for a quote
 * or a bracket); brackets inside strings do not count. Malformed JSON is left to the parser.
 */
export function utf8JsonDepthExceeded(buf: Uint8Array, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** The same scan over decoded text (bodies in UTF-16 or UTF-32); returns a character offset. */
export function textJsonDepthExceeded(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** The 1-based line and column of a character offset (lines end at LF, CRLF or CR). */
export function locateOffset(text: string, position: number): JsonTextLocation {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { position, line, column: position - lineStart + 1 };
}

export interface JsonSyntaxProblem extends JsonTextLocation {
  /** What was expected where the text went wrong, in words. */
  message: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Finds the first syntax error of a JSON text, with its location and what was expected there;
 * null when the text is valid JSON. With `strict` (body-parser's default), the top-level value
 * must be an object or an array. Iterative: any nesting depth is fine.
 */
export function findJsonSyntaxError(text: string, strict = true): JsonSyntaxProblem | null {
  const n = text.length;
  let i = 0;
  const fail = (message: string): JsonSyntaxProblem => ({ ...locateOffset(text, i), message });
  const skipWs = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const describe = () => (i >= n ? 'the body ends' : `found ${JSON.stringify(text[i])}`);
  // Containers open around the cursor: '{' or '['.
  const stack: number[] = [];

  const readString = (): JsonSyntaxProblem | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20)
        return fail('a control character (such as a newline) in a string must be escaped');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            return fail('"\\u" must be followed by four hexadecimal digits');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else
          return fail(
            'invalid escape in a string; use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX',
          );
      } else i++;
    }
    return fail('the body ends inside a string: a closing quote is missing');
  };

  const readScalar = (): JsonSyntaxProblem | null => {
    const c = text.charCodeAt(i);
    if (c === 0x22) return readString();
    if (c === 0x2d || isDigit(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail('invalid number');
      const after = text.charCodeAt(i + m[0].length);
      if (after === 0x2e || after === 0x65 || after === 0x45 || isDigit(after)) {
        i += m[0].length;
        return fail('invalid number (no leading zeros; digits must follow "." and "e")');
      }
      i += m[0].length;
      return null;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return null;
      }
    }
    return fail(
      `expected a value (object, array, string, number, true, false or null), ${describe()}`,
    );
  };

  skipWs();
  if (strict && i < n && text[i] !== '{' && text[i] !== '[') {
    return fail(`a JSON body must be an object or an array, ${describe()}`);
  }
  // Expecting a value (after '[', ',' in an array, ':' or at the start).
  let wantValue = true;
  for (;;) {
    skipWs();
    if (wantValue) {
      if (i >= n) return fail('the body ends where a value was expected');
      const c = text.charCodeAt(i);
      if (c === 0x7b) {
        stack.push(c);
        i++;
        skipWs();
        if (text[i] === '}') {
          stack.pop();
          i++;
          wantValue = false;
          continue;
        }
        if (text[i] !== '"') {
          return fail(`expected a property name in double quotes or '}', ${describe()}`);
        }
        const p = readString();
        if (p) return p;
        skipWs();
        if (text[i] !== ':') return fail(`expected ':' after the property name, ${describe()}`);
        i++;
        continue;
      }
      if (c === 0x5b) {
        stack.push(c);
        i++;
        skipWs();
        if (text[i] === ']') {
          stack.pop();
          i++;
          wantValue = false;
        }
        continue;
      }
      const p = readScalar();
      if (p) return p;
      wantValue = false;
      continue;
    }
    // After a value.
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < n) return fail(`unexpected text after the JSON value, ${describe()}`);
      return null;
    }
    const close = top === 0x7b ? '}' : ']';
    if (text[i] === close) {
      stack.pop();
      i++;
      continue;
    }
    if (text[i] !== ',') return fail(`expected ',' or '${close}', ${describe()}`);
    i++;
    if (top === 0x7b) {
      skipWs();
      if (text[i] !== '"') {
        return fail(`expected a property name in double quotes after ',', ${describe()}`);
      }
      const p = readString();
      if (p) return p;
      skipWs();
      if (text[i] !== ':') return fail(`expected ':' after the property name, ${describe()}`);
      i++;
    }
    wantValue = true;
  }
}

/**
 * A refused JSON body, shaped like a body-parser error (status 400, exposed) so that the
 * problem filter answers it, with the location of the problem. Not a SyntaxError: Nest turns
 * those into a bare BadRequestException that keeps only the message.
 */
export class JsonBodyError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.parse.failed',
    readonly code: 'JSON_TOO_DEEP' | 'INVALID_JSON',
    message: string,
    readonly location?: JsonTextLocation,
  ) {
    super(message);
  }
}

function tooDeep(location: JsonTextLocation): JsonBodyError {
  return new JsonBodyError(
    'entity.too.deep',
    'JSON_TOO_DEEP',
    `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels at line ${location.line}, column ${location.column} (position ${location.position})`,
    location,
  );
}

/**
 * body-parser `verify` hook of the JSON parser: refuses a body nested deeper than
 * MAX_JSON_DEPTH before it is parsed, so nothing downstream recurses on it.
 */
export function refuseDeeplyNestedJson(
  _req: unknown,
  _res: unknown,
  buf: Buffer,
  encoding: string | null,
): void {
  const utf8 = encoding === null || /^utf-?8$/i.test(encoding);
  if (utf8) {
    const at = utf8JsonDepthExceeded(buf);
    if (at < 0) return;
    const before = buf.subarray(0, at).toString('utf8');
    throw tooDeep(locateOffset(before, before.length));
  }
  const text = iconv.decode(buf, encoding);
  const at = textJsonDepthExceeded(text);
  if (at >= 0) throw tooDeep(locateOffset(text, at));
}

/**
 * Express error middleware placed right after the JSON parser: turns its syntax errors into a
 * JsonBodyError that names the line, column and offset of the first error and what was expected
 * there (V8's message gives an offset only sometimes). The body itself is never echoed.
 */
export function locateJsonSyntaxErrors(
  err: unknown,
  _req: unknown,
  _res: unknown,
  next: (err?: unknown) => void,
): void {
  const e = err as { type?: unknown; body?: unknown; message?: unknown } | null;
  if (e?.type !== 'entity.parse.failed' || typeof e.body !== 'string') return next(err);
  const found = findJsonSyntaxError(e.body);
  if (!found)
    return next(
      new JsonBodyError(
        'entity.parse.failed',
        'INVALID_JSON',
        `the body is not valid JSON: ${String(e.message)}`,
      ),
    );
  const { message, ...at } = found;
  next(
    new JsonBodyError(
      'entity.parse.failed',
      'INVALID_JSON',
      `the body is not valid JSON: ${message} at line ${at.line}, column ${at.column} (position ${at.position})`,
      at,
    ),
  );
}
