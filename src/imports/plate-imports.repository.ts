import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertMany, selectWhere } from '../common/database/bulk-insert';
import { PlateReading } from '../plates/plate-reading.entity';
import { Plate } from '../plates/plate.entity';
import { PlateImport } from './plate-import.entity';

/**
 * The plate import's own statements on its hot path, in hand-written SQL (prepared once, no
 * query builder; see docs/performance.md): the import service calls these and writes no SQL.
 * Tested on both engines by test/medium/repositories.medium-spec.ts.
 */
@Injectable()
export class PlateImportsRepository {
  /** The import that used this Idempotency-Key, if any. */
  async findByIdempotencyKey(m: EntityManager, key: string): Promise<PlateImport | null> {
    const [found] = await selectWhere(m, PlateImport, 'idempotency_key = ?', [key], { limit: 1 });
    return found ?? null;
  }

  /** The readings that hold this content (one per plate it was stored for; at most 50). */
  readingsWithContent(m: EntityManager, contentHash: string): Promise<PlateReading[]> {
    return selectWhere(m, PlateReading, 'content_hash = ?', [contentHash], { limit: 50 });
  }

  /** The plates with these ids (any order; unknown ids are left out). */
  async platesByIds(m: EntityManager, ids: readonly string[]): Promise<Plate[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return selectWhere(m, Plate, `id IN (${unique.map(() => '?').join(', ')})`, unique);
  }

  /** Keeps an import's answer whole, for its repeats. */
  async insert(m: EntityManager, record: PlateImport): Promise<void> {
    await insertMany(m, PlateImport, [record]);
  }
}
