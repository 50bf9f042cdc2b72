import type { EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { PlateReading } from '../../plates/plate-reading.entity';
import { Run } from '../../runs/run.entity';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import { PlateQcResult } from './plate-qc-result.entity';

/** How a fit was found. */
export type FitSource = 'chosen' | 'approved-run' | 'latest-current';

export interface SelectedFit {
  fit: DoseResponseFitRecord;
  source: FitSource;
  /** The fit's run is approved. */
  runApproved: boolean;
}

export interface FitCriteria {
  materialId: string;
  /** null: fits without inhibitor; a name: fits with that inhibitor (any dose unless `molar`). */
  inhibitor: { name: string; molar?: number | null } | null;
  /** Only fits on these plates (an efflux experiment's). */
  plateIds?: readonly string[];
  /** A fit chosen by id: it must be of the material. */
  fitId?: string;
  /** Words for errors, e.g. `resistant`. */
  role: string;
}

// Relative tolerance when matching a stored molar concentration.
const MOLAR_TOLERANCE = 1e-9;

async function runApproved(m: EntityManager, runId: string | null): Promise<boolean> {
  if (!runId) return false;
  const run = await m.findOne(Run, { where: { id: runId }, select: { id: true, status: true } });
  return run?.status === 'approved';
}

/**
 * Picks the fit a ratio is computed from. A chosen fit (by id) is used as it is, even when
 * superseded (the caller warns). Otherwise the latest current fit of the material (± the
 * inhibitor) whose run is approved; when there is none, the latest current fit of any run, and
 * `source` says so. Throws NO_FIT_AVAILABLE when the material has no matching fit.
 */
export async function selectFit(m: EntityManager, c: FitCriteria): Promise<SelectedFit> {
  if (c.fitId) {
    const fit = await m.findOneBy(DoseResponseFitRecord, { id: c.fitId });
    if (!fit) throw new NotFoundError('Fit', c.fitId);
    if (fit.materialId !== c.materialId) {
      throw new DomainError(
        'NO_FIT_AVAILABLE',
        `fit ${c.fitId} is of material ${fit.materialId ?? 'none'}, not the ${c.role} material ${c.materialId}`,
        [{ field: `${c.role}Fit`, code: 'FIT_OF_ANOTHER_MATERIAL', message: 'wrong material' }],
      );
    }
    return { fit, source: 'chosen', runApproved: await runApproved(m, fit.runId) };
  }
  const base = () => {
    const qb = m
      .getRepository(DoseResponseFitRecord)
      .createQueryBuilder('f')
      .where('f.materialId = :material', { material: c.materialId })
      .andWhere("f.status = 'current'");
    if (c.inhibitor === null) qb.andWhere('f.inhibitorName IS NULL');
    else {
      qb.andWhere('f.inhibitorName = :inh', { inh: c.inhibitor.name });
      const molar = c.inhibitor.molar;
      if (molar !== undefined && molar !== null) {
        qb.andWhere('f.inhibitorConcentrationMolar BETWEEN :lo AND :hi', {
          lo: molar * (1 - MOLAR_TOLERANCE),
          hi: molar * (1 + MOLAR_TOLERANCE),
        });
      }
    }
    if (c.plateIds && c.plateIds.length > 0) {
      qb.andWhere('f.plateId IN (:...plates)', { plates: [...c.plateIds] });
    }
    return qb.orderBy('f.createdAt', 'DESC').addOrderBy('f.id', 'DESC');
  };
  const approved = await base()
    .innerJoin(Run, 'r', 'r.id = f.runId')
    .andWhere("r.status = 'approved'")
    .getOne();
  if (approved) return { fit: approved, source: 'approved-run', runApproved: true };
  const latest = await base().getOne();
  if (latest) {
    return { fit: latest, source: 'latest-current', runApproved: false };
  }
  const what = c.inhibitor === null ? 'without inhibitor' : `with ${c.inhibitor.name}`;
  throw new DomainError(
    'NO_FIT_AVAILABLE',
    `the ${c.role} material ${c.materialId} has no current fit ${what}` +
      (c.plateIds && c.plateIds.length > 0 ? ' on the experiment’s plates' : ''),
    [{ field: c.role, code: 'NO_FIT', message: `no current fit ${what}` }],
  );
}

/** The day a plate was read: the reader's own timestamp when the file had one, else receipt. */
export async function readDayOf(
  m: EntityManager,
  fit: DoseResponseFitRecord,
): Promise<string | null> {
  const qc = await m.findOne(PlateQcResult, {
    where: { id: fit.analysisId },
    select: { id: true, readingId: true },
  });
  if (!qc) return null;
  const reading = await m.findOne(PlateReading, {
    where: { id: qc.readingId },
    select: { id: true, metadata: true, receivedAt: true },
  });
  const t = reading?.metadata?.readTime ?? reading?.receivedAt ?? null;
  return t ? t.slice(0, 10) : null;
}
