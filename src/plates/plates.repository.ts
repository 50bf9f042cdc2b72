import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertMany, selectWhere, updateWhere } from '../common/database/bulk-insert';
import { isUuid } from '../common/uuid';
import { LayoutWell } from './layout-well.entity';
import { PlateReadingValues } from './plate-reading-values.entity';
import { PlateReading } from './plate-reading.entity';
import { Plate } from './plate.entity';

/**
 * The plates module's statements on the import's hot path, in hand-written SQL (prepared once,
 * no query builder; see docs/performance.md). The only place in src/plates with SQL; tested on
 * both engines by test/medium/repositories.medium-spec.ts.
 */
@Injectable()
export class PlatesRepository {
  /** The plate a feed names: by id (a UUID) or by barcode. Null when none matches. */
  async findByReference(manager: EntityManager, reference: string): Promise<Plate | null> {
    const [plate] = isUuid(reference)
      ? await selectWhere(manager, Plate, 'id = ?', [reference.toLowerCase()], { limit: 1 })
      : await selectWhere(manager, Plate, 'barcode = ?', [reference], { limit: 1 });
    return plate ?? null;
  }

  /**
   * Stores a reading and its raw values and marks its plate read at `readAt`. Resolves true when
   * this is the plate's first reading: it was only planned, so it has no earlier reading,
   * analysis or exclusion. The answer comes from the UPDATE itself (`… AND status = 'planned'`),
   * which on PostgreSQL holds the plate's row until commit: a concurrent first reading of the
   * same plate waits, then finds it read. On PostgreSQL the two inserts and the UPDATE are one
   * statement (data-modifying CTEs), one round trip.
   */
  async insertReading(
    manager: EntityManager,
    plateId: string,
    reading: PlateReading,
    values: PlateReadingValues,
    readAt: string,
    now: Date,
  ): Promise<boolean> {
    const read = { status: 'read' as const, readAt, updatedAt: now };
    const first = await updateWhere(
      manager,
      Plate,
      read,
      "id = ? AND status = 'planned'",
      [plateId],
      [
        { target: PlateReading, rows: [reading] },
        { target: PlateReadingValues, rows: [values] },
      ],
    );
    if (first > 0) return true;
    await updateWhere(manager, Plate, read, 'id = ?', [plateId]);
    return false;
  }

  /** A layout's wells, one multi-row INSERT (a 384-well layout is one statement). */
  async insertLayoutWells(
    manager: EntityManager,
    wells: readonly Partial<LayoutWell>[],
  ): Promise<void> {
    await insertMany(manager, LayoutWell, wells);
  }
}
