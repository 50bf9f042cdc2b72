/**
 * A tiny SVG writer: elements as strings, every attribute and text escaped. No DOM, no
 * dependencies, deterministic output (attributes in the order given, numbers rounded).
 */

export type Attributes = Record<string, string | number | null | undefined>;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate rounded to 0.01 px, without trailing zeros: compact and stable. */
export function px(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`non-finite SVG coordinate ${v}`);
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function attributes(attrs: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'number' ? px(value) : value;
    out += ` ${name}="${escapeXml(text)}"`;
  }
  return out;
}

/** `<name attrs/>` or `<name attrs>children</name>`; children are already-rendered markup. */
export function el(name: string, attrs: Attributes = {}, children?: string | string[]): string {
  const inner = Array.isArray(children) ? children.join('') : children;
  if (inner === undefined || inner === '') return `<${name}${attributes(attrs)}/>`;
  return `<${name}${attributes(attrs)}>${inner}</${name}>`;
}

/** A `<text>` element with escaped content. */
export function text(content: string, attrs: Attributes = {}): string {
  return `<text${attributes(attrs)}>${escapeXml(content)}</text>`;
}

/** Path data through the points, `M x y L x y …`; a non-finite point breaks the line. */
export function polylinePath(points: readonly { x: number; y: number }[]): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(p.x)} ${px(p.y)}`);
    pen = true;
  }
  return parts.join(' ');
}
