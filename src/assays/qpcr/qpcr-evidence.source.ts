import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type {
  MaterialEvidenceItem,
  MaterialEvidenceSource,
} from '../../materials/material-evidence';
import { Run } from '../../runs/run.entity';
import { QpcrAnalysis } from './qpcr-analysis.entity';
import { QpcrFoldChange } from './qpcr-fold-change.entity';

/** Transporter fold changes (qPCR) of the current analyses that compare the material. */
@Injectable()
export class QpcrEvidenceSource implements MaterialEvidenceSource {
  readonly section = 'transporter-expression';
  readonly title = 'Efflux-transporter expression (qPCR), group vs calibrator';

  async collect(m: EntityManager, materialId: string): Promise<MaterialEvidenceItem[]> {
    const rows = await m.getRepository(QpcrFoldChange).find({
      where: [
        { materialId, current: true },
        { calibratorMaterialId: materialId, current: true },
      ],
      order: { createdAt: 'DESC', gene: 'ASC' },
      take: 200,
    });
    if (rows.length === 0) return [];
    const runs = new Map(
      (await m.getRepository(Run).findBy({ id: In([...new Set(rows.map((r) => r.runId))]) })).map(
        (r) => [r.id, r],
      ),
    );
    const analyses = new Map(
      (
        await m.getRepository(QpcrAnalysis).find({
          where: { id: In([...new Set(rows.map((r) => r.analysisId))]) },
          select: { id: true, method: true, methodVersion: true, inputHash: true },
        })
      ).map((a) => [a.id, a]),
    );
    return rows.map((f) => {
      const run = runs.get(f.runId);
      const a = analyses.get(f.analysisId);
      return {
        runId: f.runId,
        runTitle: run?.title ?? null,
        runStatus: run?.status ?? null,
        result: {
          analysisId: f.analysisId,
          gene: f.gene,
          group: f.group,
          calibratorGroup: f.calibratorGroup,
          materialId: f.materialId,
          calibratorMaterialId: f.calibratorMaterialId,
          quantificationMethod: f.quantificationMethod,
          foldChange: f.foldChange,
          ciLower: f.ciLower,
          ciUpper: f.ciUpper,
          pValue: f.pValue,
          nSamples: f.nSamples,
          nCalibratorSamples: f.nCalibratorSamples,
          flags: f.flags,
        },
        provenance: a
          ? { method: a.method, methodVersion: a.methodVersion, inputHash: a.inputHash }
          : null,
      };
    });
  }
}
