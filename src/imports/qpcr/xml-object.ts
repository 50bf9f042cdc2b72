// An XML text as plain objects, read with the saxes SAX parser (a conforming, well-formedness-
// checking XML 1.0 parser): one pass checks the file and builds the tree, where the validator and
// the object parser of fast-xml-parser took two and cost several times more (docs/performance.md,
// "RDML through saxes"). The shape is fast-xml-parser's with `attributeNamePrefix: '@_'`,
// `removeNSPrefix`, `trimValues` and no value parsing, so readers of that shape keep working.
import { SaxesParser } from 'saxes';

/** An element with attributes (`@_name`) or child elements; its text, if any, under `#text`. */
export interface XmlObject {
  [name: string]: XmlValue;
}
/** An element without attributes or children is its trimmed text; a repeated one an array. */
export type XmlValue = string | XmlObject | XmlValue[];

export interface XmlObjectOptions {
  /** Dotted element paths (`rdml.experiment.run`) read as arrays even when they occur once. */
  arrays: ReadonlySet<string>;
  /**
   * Dotted element paths whose content is checked but not kept (curves nobody reads). The parent
   * keeps an empty string under the element's name, so a reader can tell the element was there.
   */
  skip: ReadonlySet<string>;
}

export type XmlObjectResult =
  | { ok: true; document: XmlObject }
  | { ok: false; problem: 'doctype' }
  | { ok: false; problem: 'malformed'; line: number; column: number; message: string };

interface Frame {
  name: string;
  path: string;
  /** Created on the first attribute or child element; null while the element is only text. */
  object: XmlObject | null;
  text: string;
  /** The line of its start tag, for error messages. */
  line: number;
}

/** Thrown from an event handler to stop the parser; never leaves {@link readXmlObject}. */
const STOP = Symbol('stop');

/**
 * The name without its namespace prefix (`rdml:sample` → `sample`). `__proto__` becomes
 * `#__proto__`, as in fast-xml-parser: no element or attribute can set an object's prototype.
 */
function local(name: string): string {
  const i = name.indexOf(':');
  const bare = i < 0 ? name : name.slice(i + 1);
  return bare === '__proto__' ? '#__proto__' : bare;
}

// Plain objects, not Object.create(null): V8 keeps those in slow dictionary mode. Keys are
// looked up as own properties only (`constructor` is an ordinary element name).
const newObject = (): XmlObject => ({});

/**
 * Reads an XML text into objects. A document type declaration is refused (no entity of the
 * file's own is ever expanded; the predefined ones and character references are); any
 * well-formedness error is returned with its line and column (1-based).
 */
export function readXmlObject(xml: string, options: XmlObjectOptions): XmlObjectResult {
  const document = newObject();
  const stack: Frame[] = [];
  let skipping = 0;
  let failure: XmlObjectResult | null = null;
  let closed: Frame | undefined;
  const parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });

  parser.on('error', (e) => {
    const reason = e.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const open = stack[stack.length - 1];
    // saxes reports an end tag that skips an open element after closing that element, and an
    // element open at the end of the text while it is still open.
    const unclosed =
      reason === 'unexpected close tag'
        ? closed
        : reason.startsWith('unclosed tag')
          ? open
          : undefined;
    failure = {
      ok: false,
      problem: 'malformed',
      line: parser.line,
      column: parser.column + 1,
      message:
        unclosed !== undefined
          ? `<${unclosed.name}> opened on line ${unclosed.line} is not closed`
          : open !== undefined
            ? `${reason} (inside <${open.name}> opened on line ${open.line})`
            : reason,
    };
    throw STOP;
  });
  parser.on('doctype', () => {
    failure = { ok: false, problem: 'doctype' };
    throw STOP;
  });
  // The attributes as saxes reads them, one event each: cheaper than walking the tag's
  // attribute object, which saxes creates without a prototype.
  let attributes: XmlObject | null = null;
  parser.on('attribute', ({ name, value }) => {
    if (skipping > 0 || name === 'xmlns' || name.startsWith('xmlns:')) return;
    attributes ??= newObject();
    attributes[`@_${local(name)}`] = value.trim();
  });
  parser.on('opentag', (tag) => {
    const object = attributes;
    attributes = null;
    if (skipping > 0) {
      skipping++;
      return;
    }
    const name = local(tag.name);
    const top = stack[stack.length - 1];
    const path = top === undefined ? name : `${top.path}.${name}`;
    if (options.skip.has(path)) {
      skipping = 1;
      if (top !== undefined) {
        const into = (top.object ??= newObject());
        if (!Object.hasOwn(into, name)) into[name] = '';
      }
      return;
    }
    stack.push({ name, path, object, text: '', line: parser.line });
  });
  const onText = (text: string) => {
    if (skipping === 0 && stack.length > 0) stack[stack.length - 1].text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (skipping > 0) {
      skipping--;
      closed = undefined;
      return;
    }
    const frame = stack.pop() as Frame;
    closed = frame;
    const text = frame.text.trim();
    let value: XmlValue;
    if (frame.object === null) {
      value = text;
    } else {
      if (text !== '') frame.object['#text'] = text;
      value = frame.object;
    }
    const parent = stack[stack.length - 1];
    const into = parent === undefined ? document : (parent.object ??= newObject());
    const existing = Object.hasOwn(into, frame.name) ? into[frame.name] : undefined;
    if (existing === undefined) {
      into[frame.name] = options.arrays.has(frame.path) ? [value] : value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      into[frame.name] = [existing, value];
    }
  });

  try {
    parser.write(xml).close();
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return failure ?? { ok: true, document };
}
