import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import { PlateImport } from '../imports/plate-import.entity';
import { Plate } from '../plates/plate.entity';
import { Protocol } from '../protocols/protocol.entity';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import type { RunDto } from '../runs/dto/run.dto';
import type { ListRunsQueryDto } from '../runs/dto/list-runs.query';
import { RunsService } from '../runs/runs.service';
import { hasRole } from './web-views.service';

export interface VersionAwaitingReview {
  id: string;
  protocolKey: string;
  protocolName: string;
  version: number;
  submittedAt: string | null;
  mine: boolean;
}

export interface RecentImport {
  id: string;
  receivedAt: string;
  format: string;
  filename: string | null;
  plates: { id: string; barcode: string | null; runId: string | null }[];
  warnings: string[];
  mine: boolean;
}

export interface HomeView {
  myRuns: RunDto[];
  myRunsTotal: number;
  runsToReview: RunDto[];
  versionsToReview: VersionAwaitingReview[];
  imports: RecentImport[];
}

const runQuery = (q: Partial<ListRunsQueryDto>): ListRunsQueryDto =>
  ({ limit: 20, offset: 0, ...q }) as ListRunsQueryDto;

/**
 * What the home page shows, read through the runs service (its rules: the actions a caller may
 * take come with each run) and the records' own tables for the review queue and imports.
 */
@Injectable()
export class WebHomeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: RunsService,
  ) {}

  async home(actor: Actor): Promise<HomeView> {
    const mine = await this.runs.list(actor, runQuery({ operatorId: actor.userId }));
    const manager = hasRole(actor, 'manager');
    const inReview = manager
      ? await this.runs.list(actor, runQuery({ status: 'in_review', limit: 50 }))
      : null;
    return {
      myRuns: mine.items,
      myRunsTotal: mine.total,
      // A manager's queue: runs she may decide (not her own work: allowedActions says so).
      runsToReview: (inReview?.items ?? []).filter((r) => r.allowedActions.includes('approve')),
      versionsToReview: manager ? await this.versionsInReview(actor) : [],
      imports: await this.recentImports(actor),
    };
  }

  /** Versions in review are visible to every lab member; the queue leaves out her own. */
  private async versionsInReview(actor: Actor): Promise<VersionAwaitingReview[]> {
    const versions = await this.dataSource.getRepository(ProtocolVersion).find({
      where: { status: 'in_review' },
      order: { submittedAt: 'ASC' },
      take: 50,
    });
    const protocols = await this.dataSource
      .getRepository(Protocol)
      .findBy({ id: In([...new Set(versions.map((v) => v.protocolId))]) });
    const byId = new Map(protocols.map((p) => [p.id, p]));
    return versions.map((v) => ({
      id: v.id,
      protocolKey: byId.get(v.protocolId)?.key ?? '',
      protocolName: byId.get(v.protocolId)?.title ?? '',
      version: v.version,
      submittedAt: v.submittedAt,
      mine: v.authorId === actor.userId,
    }));
  }

  private async recentImports(actor: Actor): Promise<RecentImport[]> {
    const imports = await this.dataSource
      .getRepository(PlateImport)
      .find({ order: { receivedAt: 'DESC' }, take: 10 });
    const plateIds = [...new Set(imports.flatMap((i) => i.plateIds))];
    const plates = plateIds.length
      ? await this.dataSource.getRepository(Plate).findBy({ id: In(plateIds) })
      : [];
    const plateById = new Map(plates.map((p) => [p.id, p]));
    return imports.map((i) => ({
      id: i.id,
      receivedAt: i.receivedAt,
      format: i.format,
      filename: i.sourceFilename,
      plates: i.plateIds.map((id) => ({
        id,
        barcode: plateById.get(id)?.barcode ?? null,
        runId: plateById.get(id)?.runId ?? null,
      })),
      warnings: warningsOf(i.result),
      mine: i.uploadedById === actor.userId,
    }));
  }
}

/** The warnings an import answered with, as text (the stored answer keeps them). */
function warningsOf(result: Record<string, unknown>): string[] {
  const list = Array.isArray(result.warnings) ? (result.warnings as unknown[]) : [];
  return list.map((w) =>
    typeof w === 'string'
      ? w
      : typeof w === 'object' && w !== null && 'message' in w
        ? String((w as { message: unknown }).message)
        : JSON.stringify(w),
  );
}
