import type { Material } from './material.entity';

/** What the audit trail keeps of a material: every column but the timestamps. */
export function auditView(m: Material): Record<string, unknown> {
  return {
    kind: m.kind,
    barcode: m.barcode,
    name: m.name,
    parentId: m.parentId,
    status: m.status,
    location: m.location,
    frozen: m.frozen,
    freezeThawCount: m.freezeThawCount,
    attributes: m.attributes,
  };
}
