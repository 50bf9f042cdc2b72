import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain.error';
import { Run } from '../../runs/run.entity';
import type { RunSubmissionCheck } from '../../runs/run-submission-check';
import { QPCR_PROTOCOL_KEY } from './qpcr-settings';
import { QpcrSetupService } from './qpcr-setup.service';

/**
 * A qpcr-expression run is submitted for review only with the MIQE fields its protocol
 * requires: the refusal (422 MIQE_INCOMPLETE) lists every missing field.
 */
@Injectable()
export class QpcrSubmissionCheck implements RunSubmissionCheck {
  constructor(private readonly setup: QpcrSetupService) {}

  async assertRunSubmittable(manager: EntityManager, runId: string): Promise<void> {
    const run = await manager.getRepository(Run).findOneBy({ id: runId });
    if (!run || run.protocolKey !== QPCR_PROTOCOL_KEY) return;
    const { missing } = await this.setup.missingFor(manager, run);
    if (missing.length === 0) return;
    throw new DomainError(
      'MIQE_INCOMPLETE',
      `run ${runId} cannot be submitted: ${missing.length} required MIQE field${missing.length === 1 ? ' is' : 's are'} missing (${missing.map((f) => f.field).join(', ')}); record them with PUT /api/v1/runs/${runId}/qpcr-miqe`,
      missing.map((f) => ({ field: f.field, code: 'MIQE_FIELD_MISSING', message: f.message })),
    );
  }
}
