import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { Roles } from '../common/auth/auth.decorators';
import { CustodyService } from '../materials/custody.service';
import { LineageService } from '../materials/lineage.service';
import { toCustodyEventDto, toMaterialDto } from '../materials/material.mapper';
import { MaterialEvidenceService } from '../materials/material-evidence.service';
import { MaterialsService } from '../materials/materials.service';
import type { ListRunsQueryDto } from '../runs/dto/list-runs.query';
import { RunsService } from '../runs/runs.service';
import { lineageSvg } from './lineage-svg';
import { materialEvidenceSections } from './material-evidence-sections';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

const DONE: Record<string, string> = {
  registered: 'The material is registered.',
  aliquoted: 'The aliquots are registered; they are in the lineage below.',
};

/**
 * Materials: the list with a barcode or name search, and a material's page: its record, its
 * lineage as an SVG tree, its chain-of-custody events, the runs that used it, and its evidence
 * (fold-resistance, transporter expression, efflux-inhibitor verdicts, each with its run's approval
 * state) from MaterialEvidenceService, the service of GET /api/v1/materials/:id/evidence.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/materials')
export class WebMaterialsController {
  constructor(
    private readonly materials: MaterialsService,
    private readonly lineage: LineageService,
    private readonly custody: CustodyService,
    private readonly runs: RunsService,
    private readonly evidence: MaterialEvidenceService,
    private readonly views: WebViews,
  ) {}

  @Get()
  async list(
    @Req() req: WebRequest,
    @Query('q') q?: string,
    @Query('offset') offsetText?: string,
  ): Promise<string> {
    const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(offsetText ?? '0', 10) || 0));
    let items = [];
    let total = 0;
    let exact = null;
    if (query) {
      // A scanned barcode opens its material; anything else searches names.
      exact = await this.materials.getByBarcode(query).catch(() => null);
    }
    ({ items, total } = await this.materials.list({
      search: query || undefined,
      limit: 50,
      offset,
    }));
    return this.views.page(
      req,
      'materials',
      { title: 'Materials', nav: 'materials' },
      {
        q: query,
        exact: exact ? toMaterialDto(exact) : null,
        items: items.map(toMaterialDto),
        total,
        offset,
      },
    );
  }

  @Get(':id')
  async materialPage(
    @Req() req: WebRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('done') done?: string,
  ): Promise<string> {
    const material = toMaterialDto(await this.materials.get(id));
    const [lineage, events, runs, evidence] = await Promise.all([
      this.lineage.lineage(id),
      this.custody.list(id),
      this.runs.list(req.actor!, { materialId: id, limit: 50, offset: 0 } as ListRunsQueryDto),
      this.evidence.evidence(id),
    ]);
    return this.views.page(
      req,
      'material',
      { title: material.name, nav: 'materials' },
      {
        material,
        lineageSvg: lineageSvg(lineage.nodes, id),
        lineage,
        events: events.map(toCustodyEventDto),
        runs: runs.items,
        evidence: materialEvidenceSections(evidence),
        notice: done ? DONE[done] : undefined,
      },
    );
  }
}
