import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertAll, insertMany, selectWhere } from '../../common/database/bulk-insert';
import { Material } from '../../materials/material.entity';
import { AnalysisDerivedValues } from './analysis-derived-values.entity';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import { PlateQcResult } from './plate-qc-result.entity';

/**
 * The viability analysis's reads and writes on the import's hot path, in hand-written SQL
 * (plain statements, prepared once; see docs/performance.md). Tested on both engines by
 * test/medium/repositories.medium-spec.ts (reads) and, through the import that writes them,
 * test/medium/viability-analysis.medium-spec.ts.
 */
@Injectable()
export class ViabilityAnalysisRepository {
  /** The plate's current analysis (status `current`), or undefined. */
  async currentAnalysis(
    manager: EntityManager,
    plateId: string,
  ): Promise<PlateQcResult | undefined> {
    const [row] = await selectWhere(
      manager,
      PlateQcResult,
      'plate_id = ? AND status = ?',
      [plateId, 'current'],
      { limit: 1 },
    );
    return row;
  }

  /** The names of the materials a layout's wells name, by id (one lookup). */
  async materialNames(
    manager: EntityManager,
    layoutWells: readonly { materialId: string | null }[],
  ): Promise<Map<string, string>> {
    const ids = [...new Set(layoutWells.map((w) => w.materialId).filter((m): m is string => !!m))];
    if (ids.length === 0) return new Map();
    const materials = await selectWhere(
      manager,
      Material,
      `id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return new Map(materials.map((m) => [m.id, m.name]));
  }

  /** An analysis, its fits and its derived values: one statement on PostgreSQL. */
  async insertAnalysis(
    manager: EntityManager,
    analysis: PlateQcResult,
    fits: readonly DoseResponseFitRecord[],
    derived: Partial<AnalysisDerivedValues>,
  ): Promise<void> {
    await insertAll(manager, [
      { target: PlateQcResult, rows: [analysis] },
      { target: DoseResponseFitRecord, rows: fits },
      { target: AnalysisDerivedValues, rows: [derived] },
    ]);
  }

  /** An analysis row alone (a plate that could not be analysed). */
  async insertQcResult(manager: EntityManager, row: PlateQcResult): Promise<void> {
    await insertMany(manager, PlateQcResult, [row]);
  }
}
