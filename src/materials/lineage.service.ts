import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../common/errors/domain.error';
import type { LineageDto, LineageNodeDto } from './dto/lineage.dto';
import { Material } from './material.entity';

// Lineages are shallow (a parental line, a few derived generations, stocks); these bounds only
// stop a pathological graph from exhausting the server.
const MAX_ANCESTORS = 1000;
const MAX_DESCENDANTS = 5000;
// Keeps each IN (...) list well under the engines' parameter limits.
const CHUNK = 500;

type Row = Pick<Material, 'id' | 'kind' | 'name' | 'barcode' | 'status' | 'parentId'>;
const COLUMNS = {
  id: true,
  kind: true,
  name: true,
  barcode: true,
  status: true,
  parentId: true,
} as const;

/**
 * The lineage graph of a material: its ancestors up to the root, one indexed lookup by id per
 * generation, and its descendants, one `parent_id IN (…)` query per generation (ix_materials_parent).
 */
@Injectable()
export class LineageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async lineage(id: string): Promise<LineageDto> {
    const repo = this.dataSource.getRepository(Material);
    const self = await repo.findOne({ select: COLUMNS, where: { id } });
    if (!self) throw new NotFoundError('Material', id);
    const nodes: LineageNodeDto[] = [node(self, 0)];
    const seen = new Set([self.id]);

    const ancestors: string[] = [];
    let current: Row = self;
    while (current.parentId && !seen.has(current.parentId) && ancestors.length < MAX_ANCESTORS) {
      const parent = await repo.findOne({ select: COLUMNS, where: { id: current.parentId } });
      if (!parent) break;
      seen.add(parent.id);
      ancestors.push(parent.id);
      nodes.unshift(node(parent, -ancestors.length));
      current = parent;
    }

    const descendants: string[] = [];
    let frontier = [self.id];
    let truncated = false;
    for (let depth = 1; frontier.length > 0 && !truncated; depth++) {
      const next: string[] = [];
      for (let i = 0; i < frontier.length && !truncated; i += CHUNK) {
        const children = await repo.find({
          select: COLUMNS,
          where: { parentId: In(frontier.slice(i, i + CHUNK)) },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        for (const child of children) {
          if (seen.has(child.id)) continue;
          if (descendants.length >= MAX_DESCENDANTS) {
            truncated = true;
            break;
          }
          seen.add(child.id);
          descendants.push(child.id);
          nodes.push(node(child, depth));
          next.push(child.id);
        }
      }
      frontier = next;
    }

    const edges = nodes
      .filter((n) => n.parentId !== null && seen.has(n.parentId))
      .map((n) => ({ parentId: n.parentId as string, childId: n.id }));
    return {
      materialId: self.id,
      rootId: ancestors.length ? ancestors[ancestors.length - 1] : self.id,
      ancestors,
      descendants,
      nodes,
      edges,
      truncated,
    };
  }
}

function node(m: Row, depth: number): LineageNodeDto {
  return {
    id: m.id,
    kind: m.kind,
    name: m.name,
    barcode: m.barcode,
    status: m.status,
    parentId: m.parentId,
    depth,
  };
}
