import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../../common/database/bulk-insert';

/** A current calibration in the concentration list's order, with how many of its unknowns match. */
export interface CalibrationCount {
  id: string;
  count: number;
}

/**
 * The concentration list's read in hand-written SQL: concentrations live in their calibration's
 * `unknowns` document ("LC-MS/MS concentrations stored with their calibration",
 * docs/performance.md), so a page is found by counting each current calibration's matching
 * entries in the database (its JSON functions: SQLite's json_each, PostgreSQL's
 * json_array_elements) and only the documents the page needs are read. Tested on both engines by
 * test/medium/lcms-concentrations-list.medium-spec.ts.
 */
@Injectable()
export class LcmsConcentrationsRepository {
  /**
   * The current calibrations (of these batches, of this analyte), ordered by batch id and
   * analyte, each with the number of its unknowns (of this status).
   */
  async counts(
    manager: EntityManager,
    filter: { batchIds?: readonly string[]; analyte?: string; status?: string },
  ): Promise<CalibrationCount[]> {
    const pg = manager.connection.options.type === 'postgres';
    const params: unknown[] = [];
    let count: string;
    if (filter.status === undefined) {
      count = pg ? 'json_array_length(c.unknowns::json)' : 'json_array_length(c.unknowns)';
    } else {
      params.push(filter.status);
      count = pg
        ? `(SELECT COUNT(*) FROM json_array_elements(c.unknowns::json) j WHERE j->>'status' = ?)`
        : `(SELECT COUNT(*) FROM json_each(c.unknowns) j WHERE json_extract(j.value, '$.status') = ?)`;
    }
    const where = ['c.current'];
    if (filter.batchIds !== undefined) {
      where.push(`c.batch_id IN (${filter.batchIds.map(() => '?').join(', ')})`);
      params.push(...filter.batchIds);
    }
    if (filter.analyte !== undefined) {
      where.push('c.analyte = ?');
      params.push(filter.analyte);
    }
    const rows = await selectRows<{ id: string; count: number | string }>(
      manager,
      `SELECT c.id AS "id", ${count} AS "count"
         FROM lcms_calibrations c
        WHERE ${where.join(' AND ')}
        ORDER BY c.batch_id, c.analyte`,
      params,
    );
    // PostgreSQL's COUNT is a bigint, which node-postgres answers as text.
    return rows.map((r) => ({ id: r.id, count: Number(r.count) }));
  }
}
