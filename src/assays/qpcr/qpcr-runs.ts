import type { EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Run } from '../../runs/run.entity';
import { RunMaterial } from '../../runs/run-material.entity';
import { Material } from '../../materials/material.entity';
import { In } from 'typeorm';
import { QPCR_PROTOCOL_KEY } from './qpcr-settings';

/** A qpcr-expression run, or 404 / 422 WRONG_PROTOCOL naming the protocol it follows. */
export async function loadQpcrRun(m: EntityManager, runId: string): Promise<Run> {
  const run = await m.getRepository(Run).findOneBy({ id: runId });
  if (!run) throw new NotFoundError('Run', runId);
  if (run.protocolKey !== QPCR_PROTOCOL_KEY) {
    throw new DomainError(
      'WRONG_PROTOCOL',
      `run ${runId} follows ${run.protocolKey}; qPCR data belong to ${QPCR_PROTOCOL_KEY} runs`,
      [{ field: 'runId', code: 'WRONG_PROTOCOL', message: `use a run of ${QPCR_PROTOCOL_KEY}` }],
    );
  }
  return run;
}

/** The materials the run works on (any slot), with their names and barcodes. */
export async function runMaterials(m: EntityManager, runId: string): Promise<Material[]> {
  const links = await m.getRepository(RunMaterial).findBy({ runId });
  if (links.length === 0) return [];
  return m.getRepository(Material).findBy({ id: In([...new Set(links.map((l) => l.materialId))]) });
}

/** `parental` for a parental cell line, `resistant` for a derived population, else null. */
export function defaultGroupOf(material: Material): string | null {
  if (material.kind !== 'cell-line') return null;
  const lineType = (material.attributes as { lineType?: string }).lineType;
  if (lineType === 'parental') return 'parental';
  if (lineType === 'derived') return 'resistant';
  return material.parentId === null ? 'parental' : 'resistant';
}
