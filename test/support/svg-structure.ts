/**
 * A small, strict XML reader for the tests of the SVG plots (no XML package is installed): it
 * checks well-formedness — one root, balanced and properly nested tags, quoted attributes
 * without duplicates, only the predefined or numeric entities — and returns the element tree
 * so tests can look for the curve, the axes and the markers.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content of this element (not of its children). */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(s: string, where: string): string {
  const stripped = s.replace(ENTITY, '');
  if (stripped.includes('&')) throw new Error(`bad entity in ${where}: ${s.slice(0, 60)}`);
  if (stripped.includes('<')) throw new Error(`raw < in ${where}`);
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Parses a whole XML document; throws an Error describing the first well-formedness fault. */
export function parseXml(doc: string): XmlElement {
  let i = 0;
  const s = doc.replace(/^\uFEFF/, '');
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  skipSpace();
  if (s.startsWith('<?xml', i)) {
    const end = s.indexOf('?>', i);
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  for (;;) {
    const lt = s.indexOf('<', i);
    const textPart = lt < 0 ? s.slice(i) : s.slice(i, lt);
    if (stack.length > 0) stack[stack.length - 1].text += decode(textPart, 'text');
    else if (textPart.trim() !== '') throw new Error('text outside the root element');
    if (lt < 0) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (s.startsWith('</', i)) {
      const m = NAME.exec(s.slice(i + 2));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) {
        throw new Error(`</${m[0]}> closes <${open?.name ?? 'nothing'}> at ${i}`);
      }
      i += 2 + m[0].length;
      skipSpace();
      if (s[i] !== '>') throw new Error(`bad closing tag </${m[0]}`);
      i++;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (!m) throw new Error(`bad tag at ${i}: ${s.slice(i, i + 20)}`);
    const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    i += 1 + m[0].length;
    for (;;) {
      const before = i;
      skipSpace();
      if (s.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (s[i] === '>') {
        i++;
        stack.push(el);
        break;
      }
      if (i === before) throw new Error(`attributes of <${el.name}> need spaces between them`);
      const a = NAME.exec(s.slice(i));
      if (!a) throw new Error(`bad attribute in <${el.name}> at ${i}`);
      i += a[0].length;
      skipSpace();
      if (s[i] !== '=') throw new Error(`attribute ${a[0]} of <${el.name}> has no value`);
      i++;
      skipSpace();
      const quote = s[i];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${a[0]}`);
      const end = s.indexOf(quote, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${a[0]}`);
      if (a[0] in el.attrs) throw new Error(`duplicate attribute ${a[0]} in <${el.name}>`);
      el.attrs[a[0]] = decode(s.slice(i + 1, end), `attribute ${a[0]}`);
      i = end + 1;
    }
    const parent = stack[stack.length - (stack[stack.length - 1] === el ? 2 : 1)];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below (and including) `el` that satisfies `pred`, in document order. */
export function findAll(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (pred(e)) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}

/** Elements whose class list contains `cls` (optionally of one tag name). */
export function byClass(root: XmlElement, cls: string, name?: string): XmlElement[] {
  return findAll(
    root,
    (e) =>
      (name === undefined || e.name === name) && (e.attrs.class ?? '').split(/\s+/).includes(cls),
  );
}

/** All text content below `el`. */
export function textOf(el: XmlElement): string {
  return el.text + el.children.map(textOf).join('');
}
