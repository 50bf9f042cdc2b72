import { canonicalJson } from '../../analysis/common/provenance';
import { contentHash } from './canonical-content';
import type { ProtocolDefinition } from './protocol-definition';

/** The part of a definition a change belongs to. */
export type DiffSection =
  'protocol' | 'settings' | 'steps' | 'materials' | 'readouts' | 'constraints';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One field of an item that differs; `before`/`after` are absent when the field is unset. */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** One added, removed or changed item: a setting, step, material, readout, constraint or top-level field. */
export interface DefinitionChange {
  section: DiffSection;
  /** Setting key, item id, `left rule right` for a constraint, or the top-level field name. */
  id: string;
  kind: ChangeKind;
  /** The whole item before the change (absent when added). */
  before?: unknown;
  /** The whole item after the change (absent when removed). */
  after?: unknown;
  /** For `changed`: each differing field; `position` when a list item moved. */
  fields: FieldChange[];
}

export interface DefinitionDiff {
  from: { key: string; version: number; contentHash: string };
  to: { key: string; version: number; contentHash: string };
  identical: boolean;
  changes: DefinitionChange[];
  counts: Record<ChangeKind, number>;
}

const LIST_SECTIONS = ['steps', 'materials', 'readouts'] as const;

/**
 * What changed from version `a` to version `b`, setting by setting and item by item (for
 * `GET …/versions/:a/diff/:b`). The version number itself is not reported as a change. Order of
 * settings is not a change; order of steps, materials and readouts is (as `position`).
 */
export function diffDefinitions(a: ProtocolDefinition, b: ProtocolDefinition): DefinitionDiff {
  const changes: DefinitionChange[] = [];

  for (const field of ['key', 'title', 'description'] as const) {
    if (!same(a[field], b[field])) {
      changes.push({
        section: 'protocol',
        id: field,
        kind: 'changed',
        before: a[field],
        after: b[field],
        fields: [{ field, before: a[field], after: b[field] }],
      });
    }
  }

  changes.push(...diffKeyed('settings', a.settings, b.settings, false));
  for (const section of LIST_SECTIONS) {
    changes.push(...diffKeyed(section, byId(a[section]), byId(b[section]), true));
  }
  changes.push(...diffKeyed('constraints', byConstraint(a), byConstraint(b), false));

  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.kind]++;
  const hashA = contentHash(a);
  const hashB = contentHash(b);
  return {
    from: { key: a.key, version: a.version, contentHash: hashA },
    to: { key: b.key, version: b.version, contentHash: hashB },
    identical: changes.length === 0,
    changes,
    counts,
  };
}

function diffKeyed(
  section: DiffSection,
  a: Record<string, object>,
  b: Record<string, object>,
  ordered: boolean,
): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const moved = ordered
    ? movedIds(Object.keys(a), Object.keys(b))
    : new Map<string, [number, number]>();
  for (const [id, before] of Object.entries(a)) {
    if (!(id in b)) {
      out.push({ section, id, kind: 'removed', before, fields: [] });
      continue;
    }
    const after = b[id];
    const fields = diffFields(before as Record<string, unknown>, after as Record<string, unknown>);
    const move = moved.get(id);
    if (move) fields.push({ field: 'position', before: move[0], after: move[1] });
    if (fields.length > 0) out.push({ section, id, kind: 'changed', before, after, fields });
  }
  for (const [id, after] of Object.entries(b)) {
    if (!(id in a)) out.push({ section, id, kind: 'added', after, fields: [] });
  }
  return out;
}

function diffFields(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const fields: FieldChange[] = [];
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  for (const field of keys) {
    if (same(a[field], b[field])) continue;
    const change: FieldChange = { field };
    if (a[field] !== undefined) change.before = a[field];
    if (b[field] !== undefined) change.after = b[field];
    fields.push(change);
  }
  return fields;
}

/**
 * Items whose order relative to the other surviving items changed, with their 1-based positions.
 * Inserting or removing an item does not count as moving the others.
 */
function movedIds(a: string[], b: string[]): Map<string, [number, number]> {
  const inB = new Set(b);
  const inA = new Set(a);
  const commonA = a.filter((id) => inB.has(id));
  const commonB = b.filter((id) => inA.has(id));
  const moved = new Map<string, [number, number]>();
  commonA.forEach((id, i) => {
    if (commonB[i] !== id) moved.set(id, [a.indexOf(id) + 1, b.indexOf(id) + 1]);
  });
  return moved;
}

function byId(items: readonly { id: string }[]): Record<string, object> {
  const out: Record<string, object> = {};
  for (const item of items) out[item.id] = item;
  return out;
}

function byConstraint(d: ProtocolDefinition): Record<string, object> {
  const out: Record<string, object> = {};
  for (const c of d.constraints ?? []) out[`${c.left} ${c.rule} ${c.right}`] = c;
  return out;
}

function same(x: unknown, y: unknown): boolean {
  return canonicalJson(x) === canonicalJson(y);
}
