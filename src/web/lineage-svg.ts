/** A node of a lineage as LineageService returns it (depth < 0: ancestors; > 0: descendants). */
export interface LineageNode {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  depth: number;
}

const W = 190;
const H = 44;
const GAP_X = 24;
const GAP_Y = 36;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The lineage as an SVG tree (pure): one row per generation, parents above their children, the
 * material itself outlined (a picture: the page lists the same nodes as links beside it). Text is escaped; names are cut at 26
 * characters with the full name in a <title>.
 */
export function lineageSvg(nodes: LineageNode[], selfId: string): string {
  const byDepth = new Map<number, LineageNode[]>();
  for (const n of nodes) byDepth.set(n.depth, [...(byDepth.get(n.depth) ?? []), n]);
  const depths = [...byDepth.keys()].sort((a, b) => a - b);
  const widest = Math.max(1, ...[...byDepth.values()].map((r) => r.length));
  const width = widest * (W + GAP_X) + GAP_X;
  const height = depths.length * (H + GAP_Y) + GAP_Y;
  const pos = new Map<string, { x: number; y: number }>();
  depths.forEach((d, row) => {
    const items = byDepth.get(d)!;
    const offset = (width - items.length * (W + GAP_X) + GAP_X) / 2;
    items.forEach((n, i) =>
      pos.set(n.id, { x: offset + i * (W + GAP_X), y: GAP_Y / 2 + row * (H + GAP_Y) }),
    );
  });
  const edges = nodes
    .filter((n) => n.parentId && pos.has(n.parentId))
    .map((n) => {
      const a = pos.get(n.parentId!)!;
      const b = pos.get(n.id)!;
      return `<line x1="${a.x + W / 2}" y1="${a.y + H}" x2="${b.x + W / 2}" y2="${b.y}" stroke="#4a5561" stroke-width="1.5"/>`;
    });
  const boxes = nodes.map((n) => {
    const p = pos.get(n.id)!;
    const self = n.id === selfId;
    const label = n.name.length > 26 ? `${n.name.slice(0, 25)}…` : n.name;
    return (
      `<g><title>${esc(n.name)} (${esc(n.kind)})</title>` +
      `<rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="6" fill="${self ? '#e8f1fb' : '#ffffff'}" stroke="${self ? '#0b5cad' : '#4a5561'}" stroke-width="${self ? 3 : 1}"/>` +
      `<text x="${p.x + 10}" y="${p.y + 18}" font-size="13" fill="#1b1f24">${esc(label)}</text>` +
      `<text x="${p.x + 10}" y="${p.y + 35}" font-size="11" fill="#4a5561">${esc(n.kind)}</text></g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="lineage-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title id="lineage-title">Lineage: ${nodes.length} material${nodes.length === 1 ? '' : 's'}, parents above children</title>` +
    edges.join('') +
    boxes.join('') +
    '</svg>'
  );
}
