import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { DomainError } from '../common/errors/domain.error';
import { PlatesService } from '../plates/plates.service';
import { AssayViews } from '../runs/assay-views';
import { AmendmentsService } from '../runs/amendments.service';
import { DeviationsService } from '../runs/deviations.service';
import { PassagesService } from '../runs/resistance/passages.service';
import { RunsService } from '../runs/runs.service';

/** One moment of a run's life, for its timeline. */
export interface TimelineEntry {
  at: string;
  what: string;
  who?: string;
}

const ACTIONS: Record<string, string> = {
  create: 'planned',
  update: 'edited',
  start: 'started',
  complete: 'completed',
  submit: 'sent for review',
  'sign:approved': 'signed: approved',
  'sign:reviewed': 'signed: reviewed',
  approve: 'approved and locked',
  return: 'returned to the operator',
  reopen: 'reopened',
  cancel: 'cancelled',
};

/**
 * Everything a run's page shows, read through the services of the API's routes: the run (with
 * the actions the reader may take), deviations, amendments, passages and the suggested dose,
 * plates, the assays' sections (AssayViews: results, plots, flags, QC gates) and the audit trail.
 */
@Injectable()
export class WebRunsService {
  constructor(
    private readonly runs: RunsService,
    private readonly deviations: DeviationsService,
    private readonly amendments: AmendmentsService,
    private readonly passages: PassagesService,
    private readonly plates: PlatesService,
    private readonly assays: AssayViews,
    private readonly audit: AuditService,
  ) {}

  async page(actor: Actor, id: string) {
    const run = await this.runs.get(actor, id);
    const [deviations, amendments, plates, sections, history] = await Promise.all([
      this.deviations.list(id),
      this.amendments.list(id),
      this.plates.list({ runId: id, limit: 200, offset: 0 }),
      this.assays.sections(actor, id),
      this.audit.list(actor, { entity: 'run', id, limit: 500 }),
    ]);
    let passages = null;
    if (run.protocolKey === 'resistance-induction') {
      const list = await this.passages.list(id);
      const next = await this.passages.nextDose(id).catch((e: unknown) => {
        if (e instanceof DomainError) return null;
        throw e;
      });
      passages = { list, next };
    }
    const timeline: TimelineEntry[] = history.map((e) => ({
      at: e.occurredAt,
      what: ACTIONS[e.action] ?? e.action,
      who: e.actorName,
    }));
    if (run.plannedStartAt) timeline.push({ at: run.plannedStartAt, what: 'planned start' });
    timeline.sort((a, b) => a.at.localeCompare(b.at));
    return {
      run,
      deviations,
      amendments,
      plates: plates.items,
      sections,
      history,
      passages,
      timeline,
    };
  }
}
