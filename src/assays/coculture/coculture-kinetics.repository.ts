import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../../common/database/bulk-insert';

/** One current concentration of a co-culture sample, with the sample's place in its culture. */
export interface SampleConcentrationRow {
  cultureId: string;
  sampleId: string;
  timeHours: number;
  replicate: number;
  analyte: string;
  status: string;
  concentration: number | null;
  unit: string;
}

/**
 * The kinetics computation's read in hand-written SQL: the current LC-MS/MS concentrations of a
 * co-culture run's samples as plain rows, in one join, without building entities (see
 * docs/performance.md, "Kinetics reads plain rows"). Tested on both engines by
 * test/medium/coculture-kinetics-repository.medium-spec.ts.
 */
@Injectable()
export class CocultureKineticsRepository {
  /** Every current concentration of the run's samples, oldest first (created_at, id). */
  async currentConcentrations(
    manager: EntityManager,
    runId: string,
  ): Promise<SampleConcentrationRow[]> {
    const rows = await selectRows<SampleConcentrationRow>(
      manager,
      `SELECT s.culture_id AS "cultureId", s.id AS "sampleId", s.time_hours AS "timeHours",
              s.replicate AS "replicate", c.analyte AS "analyte", c.status AS "status",
              c.concentration AS "concentration", c.unit AS "unit"
         FROM coculture_samples s
         JOIN lcms_concentrations c ON c.sample_id = s.id
        WHERE s.run_id = ? AND c.current
        ORDER BY c.created_at, c.id`,
      [runId],
    );
    // PostgreSQL returns double precision as a number, SQLite REAL too; keep both exact.
    for (const r of rows) {
      r.timeHours = Number(r.timeHours);
      r.replicate = Number(r.replicate);
      if (r.concentration !== null) r.concentration = Number(r.concentration);
    }
    return rows;
  }
}
