import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ProblemItem } from '../../common/errors/domain.error';
import { Plate } from '../../plates/plate.entity';
import { plateAnalysisFlagSeverity } from '../../analysis/plate';
import { NOT_ANALYSABLE_METHOD, PlateQcResult, type QcDetails } from './plate-qc-result.entity';

export interface BlockingPlate {
  plateId: string;
  barcode: string | null;
  zPrime: number | null;
  zPrimeMin: number;
  /** The reading could not be analysed at all (no numbers, flag `not-analysable`). */
  notAnalysable: boolean;
  /** The analysis's flags of severity blocks-approval (SCIENCE.md §2), with where. */
  blockingFlags: { flag: string; message: string }[];
}

/**
 * The plate-QC condition of run approval (SCIENCE.md §2, issue 5): every plate of the run whose
 * current analysis fails QC (gating Z′ below the protocol minimum or undefined, or any flag of
 * severity blocks-approval on the plate or its fits: a fit that did not converge, a dose series
 * that could not be fitted) must carry a manager's override with a reason. Called by the runs approval path inside its transaction.
 */
@Injectable()
export class PlateQcGate {
  /** The run's plates that fail QC without an override (empty when the run may be approved). */
  async blockingPlates(manager: EntityManager, runId: string): Promise<BlockingPlate[]> {
    const rows = await manager
      .getRepository(PlateQcResult)
      .createQueryBuilder('q')
      .innerJoin(Plate, 'p', 'p.id = q.plateId')
      .select(['q.plateId AS "plateId"', 'p.barcode AS "barcode"'])
      .addSelect(['q.zPrime AS "zPrime"', 'q.zPrimeMin AS "zPrimeMin"', 'q.qcMethod AS "method"'])
      .addSelect(['q.flags AS "flags"', 'q.qcDetails AS "qcDetails"'])
      .where('p.runId = :runId', { runId })
      .andWhere("q.status = 'current'")
      .andWhere('q.passes = :passes', { passes: false })
      .andWhere('q.overriddenAt IS NULL')
      .orderBy('p.barcode', 'ASC')
      .getRawMany<{
        plateId: string;
        barcode: string | null;
        zPrime: number | null;
        zPrimeMin: number;
        method: string;
        flags: string;
        qcDetails: string | null;
      }>();
    return rows.map((r) => ({
      plateId: r.plateId,
      barcode: r.barcode,
      zPrime: r.zPrime === null ? null : Number(r.zPrime),
      zPrimeMin: Number(r.zPrimeMin),
      notAnalysable: r.method === NOT_ANALYSABLE_METHOD,
      blockingFlags: blockingFlagsOf(r.flags, r.qcDetails),
    }));
  }

  /** Throws PLATE_QC_FAILED, naming each plate, unless the run may be approved. */
  async assertRunApprovable(manager: EntityManager, runId: string): Promise<void> {
    const blocking = await this.blockingPlates(manager, runId);
    if (blocking.length === 0) return;
    const errors: ProblemItem[] = blocking.map((b) => ({
      field: `plates.${b.plateId}`,
      code: 'PLATE_QC_FAILED',
      message:
        `plate ${b.barcode ?? b.plateId}: ` +
        (b.notAnalysable
          ? 'its reading could not be analysed'
          : b.zPrime === null || b.zPrime < b.zPrimeMin
            ? `Z′ ${b.zPrime === null ? 'undefined' : b.zPrime.toFixed(3)} < ${b.zPrimeMin}`
            : `flags that block approval: ${b.blockingFlags.map((f) => `${f.flag} (${f.message})`).join('; ')}`) +
        `; a manager must override it with a reason (POST /plates/${b.plateId}/qc-override)`,
    }));
    throw new DomainError(
      'PLATE_QC_FAILED',
      `${blocking.length} plate${blocking.length === 1 ? '' : 's'} of the run failed QC without an override`,
      errors,
    );
  }
}

/** The blocks-approval flags of a stored analysis (raw JSON columns of either engine). */
function blockingFlagsOf(
  flags: string | string[],
  qcDetails: string | QcDetails | null,
): { flag: string; message: string }[] {
  const details: QcDetails | null =
    typeof qcDetails === 'string' ? (JSON.parse(qcDetails) as QcDetails) : qcDetails;
  if (details) {
    return details.flagDetails
      .filter((d) => d.severity === 'blocks-approval')
      .map((d) => ({ flag: d.flag, message: d.message }));
  }
  const list: string[] = typeof flags === 'string' ? (JSON.parse(flags) as string[]) : flags;
  return list
    .filter((f) => plateAnalysisFlagSeverity(f) === 'blocks-approval')
    .map((flag) => ({ flag, message: flag }));
}
