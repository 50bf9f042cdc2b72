import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows, selectWhere, updateWhere } from '../../common/database/bulk-insert';
import type { StoredConcentration } from '../lcms/lcms-calibration.entity';
import type { StoredCalibration } from '../lcms/sample-concentrations.hook';
import { CocultureCulture } from './coculture-culture.entity';
import { KineticsResult } from './kinetics-result.entity';

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
 * The kinetics computation's read in hand-written SQL, as plain rows without building entities
 * (see docs/performance.md, "Kinetics reads plain rows"): the run's samples, and the current
 * LC-MS/MS calibrations of the batches whose injections name them, whose `unknowns` documents
 * hold the concentrations ("LC-MS/MS concentrations stored with their calibration"). Tested on
 * both engines by test/medium/coculture-kinetics-repository.medium-spec.ts.
 */
@Injectable()
export class CocultureKineticsRepository {
  /** The run's cultures, oldest first (created_at, id). */
  cultures(manager: EntityManager, runId: string): Promise<CocultureCulture[]> {
    return selectWhere(manager, CocultureCulture, 'run_id = ?', [runId], {
      orderBy: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
  }

  /**
   * The co-culture runs whose samples the LC-MS/MS batch measured (its unknowns' samples), in
   * id order: the runs whose kinetics follow the batch's concentrations.
   */
  async runsMeasuredBy(manager: EntityManager, batchId: string): Promise<string[]> {
    const rows = await selectRows<{ runId: string }>(
      manager,
      `SELECT DISTINCT s.run_id AS "runId"
         FROM lcms_injections i
         JOIN coculture_samples s ON s.id = i.sample_id
        WHERE i.batch_id = ?
        ORDER BY s.run_id`,
      [batchId],
    );
    return rows.map((r) => r.runId);
  }

  /** Marks the run's current kinetics results superseded; resolves to how many there were. */
  supersedeResults(manager: EntityManager, runId: string, at: Date): Promise<number> {
    return updateWhere(
      manager,
      KineticsResult,
      { current: false, updatedAt: at },
      'run_id = ? AND current',
      [runId],
    );
  }

  /**
   * Every current concentration of the run's samples, oldest first: by the calibration's
   * creation (created_at, id), then in the calibration's injection order. The unknowns of the
   * `stored` calibrations (current ones the caller has just written) are taken as given, not
   * read back.
   */
  async currentConcentrations(
    manager: EntityManager,
    runId: string,
    stored: readonly StoredCalibration[] = [],
  ): Promise<SampleConcentrationRow[]> {
    const samples = await selectRows<{
      id: string;
      cultureId: string;
      timeHours: number;
      replicate: number;
    }>(
      manager,
      `SELECT s.id AS "id", s.culture_id AS "cultureId", s.time_hours AS "timeHours",
              s.replicate AS "replicate"
         FROM coculture_samples s
        WHERE s.run_id = ?`,
      [runId],
    );
    if (samples.length === 0) return [];
    // The documents the caller has in hand (just stored in this transaction) are not read back.
    const inHand = new Map(stored.map((c) => [c.id, c.unknowns]));
    const skip = stored.length
      ? `CASE WHEN c.id IN (${stored.map(() => '?').join(', ')}) THEN NULL ELSE c.unknowns END`
      : 'c.unknowns';
    const calibrations = await selectRows<{
      id: string;
      analyte: string;
      unit: string;
      unknowns: string | null;
    }>(
      manager,
      `SELECT c.id AS "id", c.analyte AS "analyte", c.unit AS "unit", ${skip} AS "unknowns"
         FROM lcms_calibrations c
        WHERE c.current
          AND c.batch_id IN (SELECT i.batch_id
                               FROM lcms_injections i
                               JOIN coculture_samples s ON s.id = i.sample_id
                              WHERE s.run_id = ?)
        ORDER BY c.created_at, c.id`,
      [...inHand.keys(), runId],
    );
    const byId = new Map(samples.map((s) => [s.id, s]));
    const rows: SampleConcentrationRow[] = [];
    for (const c of calibrations) {
      const unknowns =
        inHand.get(c.id) ?? (JSON.parse(c.unknowns ?? '[]') as StoredConcentration[]);
      for (const u of unknowns) {
        const s = u.sampleId === null ? undefined : byId.get(u.sampleId);
        if (!s) continue;
        rows.push({
          cultureId: s.cultureId,
          sampleId: s.id,
          // PostgreSQL returns double precision as a number, SQLite REAL too; keep both exact.
          timeHours: Number(s.timeHours),
          replicate: Number(s.replicate),
          analyte: c.analyte,
          status: u.status,
          concentration: u.concentration,
          unit: c.unit,
        });
      }
    }
    return rows;
  }
}
