import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type {
  MaterialEvidenceItem,
  MaterialEvidenceSource,
} from '../../materials/material-evidence';
import { Run } from '../../runs/run.entity';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import { FoldResistanceResult } from './fold-resistance-result.entity';

/** Fold-resistance (MTT IC50 ratios) recorded for the material, as resistant or parental line. */
@Injectable()
export class FoldResistanceEvidenceSource implements MaterialEvidenceSource {
  readonly section = 'fold-resistance';
  readonly title = 'Fold-resistance (MTT IC50 ratio)';

  async collect(m: EntityManager, materialId: string): Promise<MaterialEvidenceItem[]> {
    const rows = await m.getRepository(FoldResistanceResult).find({
      where: [{ resistantMaterialId: materialId }, { parentalMaterialId: materialId }],
      order: { createdAt: 'DESC' },
      take: 50,
    });
    if (rows.length === 0) return [];
    const fits = new Map(
      (
        await m.getRepository(DoseResponseFitRecord).find({
          where: { id: In([...new Set(rows.map((r) => r.resistantFitId))]) },
          select: { id: true, runId: true },
        })
      ).map((f) => [f.id, f]),
    );
    const runIds = [...new Set([...fits.values()].map((f) => f.runId).filter((x) => x !== null))];
    const runs = new Map(
      (runIds.length ? await m.getRepository(Run).findBy({ id: In(runIds as string[]) }) : []).map(
        (r) => [r.id, r],
      ),
    );
    return rows.map((r) => {
      const run = runs.get(fits.get(r.resistantFitId)?.runId ?? '');
      return {
        runId: run?.id ?? null,
        runTitle: run?.title ?? null,
        runStatus: run?.status ?? null,
        result: {
          foldResistanceId: r.id,
          resistantMaterialId: r.resistantMaterialId,
          parentalMaterialId: r.parentalMaterialId,
          resistantFitId: r.resistantFitId,
          parentalFitId: r.parentalFitId,
          status: r.status,
          ratio: r.ratio,
          boundRelation: r.boundRelation,
          ci95Low: r.ci95Low,
          ci95High: r.ci95High,
          warnings: r.warnings.map((w) => w.code),
        },
        provenance: { method: r.method, methodVersion: r.methodVersion, inputHash: r.inputHash },
      };
    });
  }
}
