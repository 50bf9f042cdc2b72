import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { AuditQueryDto } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { AUDITED_ENTITIES } from '../audit/audited-entities';
import { Roles } from '../common/auth/auth.decorators';
import { formAs } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

/** Where an audited record has a page of the UI. */
const PAGES: Partial<Record<string, string>> = {
  run: '/ui/runs/',
  material: '/ui/materials/',
  protocol_version: '/ui/protocol-versions/',
};

/**
 * The audit trail: the same filters as GET /audit (entity, record id, after a seq, a page size),
 * validated by the API's own AuditQueryDto; the events the reader may see (AuditService applies
 * the read policies); the chain's verification and its anchor (GET /audit/verify). Managers and
 * admins, as the API.
 */
@WebPages()
@Roles('manager', 'admin')
@Controller('ui/audit')
export class WebAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly views: WebViews,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async auditPage(
    @Req() req: WebRequest,
    @Query() query: Record<string, unknown>,
  ): Promise<string> {
    const q = await formAs(AuditQueryDto, query, ['entity', 'entityId', 'afterSeq', 'limit']);
    const [events, verdict] = await Promise.all([
      this.audit.list(req.actor!, {
        entity: q.entity,
        id: q.entityId,
        limit: q.limit,
        afterSeq: q.afterSeq,
      }),
      this.audit.verify(),
    ]);
    const filter = new URLSearchParams();
    if (q.entity) filter.set('entity', q.entity);
    if (q.entityId) filter.set('entityId', q.entityId);
    if (q.limit !== 100) filter.set('limit', String(q.limit));
    const next =
      events.length === q.limit
        ? `/ui/audit?${new URLSearchParams([...filter, ['afterSeq', String(events[events.length - 1].seq)]]).toString()}`
        : null;
    return this.views.page(
      req,
      'audit',
      { title: 'Audit trail', nav: 'audit' },
      {
        q,
        entities: AUDITED_ENTITIES,
        events: events.map((e) => ({
          ...e,
          href: PAGES[e.entity] ? `${PAGES[e.entity]}${e.entityId}` : null,
          change: JSON.stringify({ before: e.before, after: e.after }, null, 1),
        })),
        verdict,
        next,
      },
    );
  }
}
