import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Run } from './run.entity';
import type { RunState } from './run.lifecycle';

/** What a run list may be narrowed to; date bounds are inclusive UTC instants, as stored. */
export interface RunListFilter {
  protocolId?: string;
  protocolKey?: string;
  protocolVersionId?: string;
  status?: RunState;
  operatorId?: string;
  /** Runs that name this material in any of their material slots. */
  materialId?: string;
  plannedFrom?: string;
  plannedTo?: string;
  startedFrom?: string;
  startedTo?: string;
}

// Each date bound: the filter's key, the run's column and the comparison.
const DATE_BOUNDS = [
  ['plannedFrom', 'r.plannedStartAt', '>='],
  ['plannedTo', 'r.plannedStartAt', '<='],
  ['startedFrom', 'r.actualStartAt', '>='],
  ['startedTo', 'r.actualStartAt', '<='],
] as const;

/**
 * The run list's read, with its hand-written SQL (the material filter is an EXISTS on
 * run_materials, so runs are paged and counted, not their material rows): the runs service calls
 * this and writes no SQL. Tested on both engines by test/medium/repositories.medium-spec.ts.
 */
@Injectable()
export class RunsRepository {
  /** One page of the runs that match, newest first (ties by id), and how many match in all. */
  page(
    m: EntityManager,
    filter: RunListFilter,
    page: { limit: number; offset: number },
  ): Promise<[Run[], number]> {
    const qb = m.getRepository(Run).createQueryBuilder('r');
    const f = filter;
    if (f.protocolId) qb.andWhere('r.protocolId = :protocolId', { protocolId: f.protocolId });
    if (f.protocolKey) qb.andWhere('r.protocolKey = :protocolKey', { protocolKey: f.protocolKey });
    if (f.protocolVersionId) {
      qb.andWhere('r.protocolVersionId = :pv', { pv: f.protocolVersionId });
    }
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.operatorId) qb.andWhere('r.operatorId = :operatorId', { operatorId: f.operatorId });
    if (f.materialId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM run_materials rm WHERE rm.run_id = r.id AND rm.material_id = :materialId)',
        { materialId: f.materialId },
      );
    }
    for (const [key, column, op] of DATE_BOUNDS) {
      const value = f[key];
      if (value) qb.andWhere(`${column} ${op} :${key}`, { [key]: value });
    }
    return qb
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
  }
}
