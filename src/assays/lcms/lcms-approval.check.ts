import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain.error';
import type { RunApprovalCheck } from '../../runs/run-approval-check';
import { LcmsBatch } from './lcms-batch.entity';
import { LcmsCalibration } from './lcms-calibration.entity';
import { LcmsImport } from './lcms-import.entity';

/**
 * The LC-MS/MS approval gate: a run whose batch has no import, or an analyte whose current
 * calibration is rejected (ICH M10 or carry-over), cannot be approved; the problem names each
 * batch and analyte and its failed rules.
 */
@Injectable()
export class LcmsApprovalCheck implements RunApprovalCheck {
  async assertRunApprovable(manager: EntityManager, runId: string): Promise<void> {
    const batches = await manager.getRepository(LcmsBatch).findBy({ runId });
    const problems: { field: string; code: string; message: string }[] = [];
    for (const b of batches) {
      if (!(await manager.getRepository(LcmsImport).existsBy({ batchId: b.id, current: true }))) {
        problems.push({
          field: `batches.${b.id}`,
          code: 'BATCH_NOT_IMPORTED',
          message: `batch ${b.name} has no imported peak areas`,
        });
        continue;
      }
      for (const c of await manager
        .getRepository(LcmsCalibration)
        .findBy({ batchId: b.id, current: true })) {
        if (!c.accepted) {
          problems.push({
            field: `batches.${b.id}.${c.analyte}`,
            code: 'BATCH_REJECTED',
            message: `batch ${b.name}, ${c.analyte}: rejected (${c.failedRules.map((r) => r.message).join('; ')})`,
          });
        }
      }
    }
    if (problems.length > 0) {
      throw new DomainError(
        'LCMS_BATCH_NOT_ACCEPTED',
        `run ${runId} cannot be approved: ${problems.length} LC-MS/MS batch problem${problems.length === 1 ? '' : 's'}`,
        problems,
      );
    }
  }
}
