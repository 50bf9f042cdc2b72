import { Injectable } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import {
  analyseExpression,
  type ExpressionAnalysis,
  type ExpressionSample,
} from '../../analysis/qpcr/expression-analysis';
import { AnalysisError } from '../../analysis/common/analysis-error';
import { withoutBinaryResidue } from '../../analysis/common/significant-figures';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { timeOrderedId } from '../../common/time-ordered-id';
import { insertAll } from '../../common/database/bulk-insert';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import type { Run } from '../../runs/run.entity';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import type {
  AnalysisDto,
  AnalysisPageDto,
  AnalysisSummaryDto,
  FoldChangeDto,
  FoldChangePageDto,
  ListAnalysesQueryDto,
  ListFoldChangesQueryDto,
  ListReactionsQueryDto,
  ReactionPageDto,
} from './dto/qpcr.dto';
import { QpcrAnalysis } from './qpcr-analysis.entity';
import { QpcrFoldChange } from './qpcr-fold-change.entity';
import { QpcrImport } from './qpcr-import.entity';
import { QpcrMiqeRecord } from './qpcr-miqe.entity';
import { QpcrReaction } from './qpcr-reaction.entity';
import { loadQpcrRun } from './qpcr-runs';
import { qpcrSettingsOf, type QpcrSettings } from './qpcr-settings';

/** A stored reaction as the analysis reads it. */
export interface ReactionForAnalysis {
  plate: string;
  well: string;
  sample: string | null;
  gene: string;
  task: string;
  cq: number | null;
  quantity: number | null;
  omitted: boolean;
}

type Analysed = ExpressionAnalysis & { id?: string };

function iso(d: Date | string): string {
  const t = d instanceof Date ? d : new Date(d ?? Date.now());
  return Number.isNaN(t.getTime()) ? new Date().toISOString() : t.toISOString();
}

/** The import's answer: method, run flags, efficiencies and group fold changes. */
export function analysisSummary(a: Analysed | QpcrAnalysis): AnalysisSummaryDto {
  const r = (a instanceof QpcrAnalysis ? a.result : a) as unknown as ExpressionAnalysis;
  return {
    analysisId: a instanceof QpcrAnalysis ? a.id : (a.id ?? null),
    quantificationMethod: r.quantificationMethod,
    flags: r.flags,
    efficiencies: r.efficiencies.map((e) => ({
      gene: e.gene,
      source: e.source,
      efficiencyPercent: e.efficiencyPercent,
      amplificationFactor: e.amplificationFactor,
      accepted: e.accepted,
      rSquared: e.standardCurve?.rSquared ?? null,
      slope: e.standardCurve?.slope ?? null,
      flags: e.flags,
    })),
    groups: r.groups,
  };
}

/**
 * qPCR expression analyses: computed from a run's current import (at import, or again on
 * request after the MIQE stated efficiencies or the run's settings changed), stored with
 * provenance, superseding and never deleting the previous one; read as lists, the full result,
 * fold changes by material, and the reactions as written.
 */
@Injectable()
export class QpcrAnalysesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** Runs the pure analysis on a run's reactions (omitted wells left out). */
  async compute(
    m: EntityManager,
    run: Run,
    settings: QpcrSettings,
    reactions: readonly ReactionForAnalysis[],
    samples: readonly ExpressionSample[],
  ): Promise<ExpressionAnalysis> {
    const miqe = await m.getRepository(QpcrMiqeRecord).findOneBy({ runId: run.id });
    const stated: Record<string, number> = {};
    for (const p of miqe?.primers ?? []) {
      if (p.efficiencyPercent !== null) stated[p.gene] = p.efficiencyPercent;
    }
    const used = reactions.filter(
      (r) => !r.omitted && (r.task === 'unknown' || r.task === 'standard' || r.task === 'ntc'),
    );
    try {
      return analyseExpression(
        used.map((r) => ({
          well: r.plate ? `${r.plate}/${r.well}` : r.well,
          sample: r.task === 'unknown' ? r.sample : null,
          gene: r.gene,
          task: r.task as 'unknown' | 'standard' | 'ntc',
          cq: r.cq === null ? 'undetermined' : r.cq,
          quantity: r.quantity,
        })),
        samples,
        {
          referenceGenes: settings.referenceGenes,
          targetGenes: settings.targetGenes,
          calibratorGroup: settings.calibratorGroup,
          quantificationMethod: settings.quantificationMethod,
          efficiencySource: settings.efficiencySource,
          statedEfficiencyPercent: stated,
          replicateSdMax: settings.replicateSdMax,
          lateCq: settings.lateCq,
          ntcContaminationCq: settings.ntcContaminationCq,
          efficiencyMinPercent: settings.efficiencyMinPercent,
          efficiencyMaxPercent: settings.efficiencyMaxPercent,
          standardCurveRSquaredMin: settings.standardCurveRSquaredMin,
          referenceStabilityMaxM: settings.referenceStabilityMaxM,
          confidenceLevel: settings.confidenceLevel,
        },
      );
    } catch (e) {
      if (e instanceof AnalysisError) {
        throw new DomainError('UNPROCESSABLE', `the qPCR analysis refused the data: ${e.message}`, [
          { field: e.field ?? 'reactions', code: e.code, message: e.message },
        ]);
      }
      throw e;
    }
  }

  /** Stores an analysis as the run's current one, superseding the previous (kept). */
  async store(
    m: EntityManager,
    run: Run,
    importId: string,
    a: ExpressionAnalysis,
    actor: Actor,
  ): Promise<QpcrAnalysis> {
    const now = new Date().toISOString();
    await m
      .getRepository(QpcrAnalysis)
      .update({ runId: run.id, current: true }, { current: false, supersededAt: now });
    await m
      .getRepository(QpcrFoldChange)
      .update({ runId: run.id, current: true }, { current: false });
    const { method, methodVersion, options, inputHash, ...result } = a;
    // Time-ordered ids: analyses of one run sort newest first even within one timestamp tick.
    const row = Object.assign(new QpcrAnalysis(), {
      id: timeOrderedId(),
      runId: run.id,
      importId,
      current: true,
      quantificationMethod: a.quantificationMethod,
      method,
      methodVersion,
      options,
      inputHash,
      flags: a.flags,
      result: result as unknown as Record<string, unknown>,
      createdById: actor.userId,
      supersededAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    // The analysis and its fold changes in one insert per table (one statement on PostgreSQL).
    await insertAll(m, [
      { target: QpcrAnalysis, rows: [row] },
      {
        target: QpcrFoldChange,
        rows: a.groups.map((g) =>
          Object.assign(new QpcrFoldChange(), {
            id: timeOrderedId(),
            analysisId: row.id,
            runId: run.id,
            current: true,
            gene: g.gene,
            group: g.group,
            calibratorGroup: g.calibratorGroup,
            materialId: g.materialId,
            calibratorMaterialId: g.calibratorMaterialId,
            quantificationMethod: a.quantificationMethod,
            foldChange: g.foldChange,
            log2Fold: g.log2Fold,
            ciLower: g.ciLower,
            ciUpper: g.ciUpper,
            pValue: g.pValue,
            nSamples: g.nSamples,
            nCalibratorSamples: g.nCalibratorSamples,
            flags: g.flags,
          }),
        ),
      },
    ]);
    return row;
  }

  currentOf(m: EntityManager, runId: string): Promise<QpcrAnalysis | null> {
    return m.getRepository(QpcrAnalysis).findOneBy({ runId, current: true });
  }

  /** Analyses the run's current import again (settings or stated efficiencies changed). */
  recompute(actor: Actor, runId: string): Promise<AnalysisDto> {
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      await assertRunDataWritable(m, runId, { what: 'recompute the qPCR analysis' });
      const imp = await m.getRepository(QpcrImport).findOneBy({ runId, current: true });
      if (!imp) {
        throw new DomainError(
          'QPCR_NOT_IMPORTED',
          `run ${runId} has no imported qPCR export; import one (POST /api/v1/runs/${runId}/qpcr-imports)`,
        );
      }
      const reactions = await m.getRepository(QpcrReaction).findBy({ importId: imp.id });
      const samples = new Map<string, ExpressionSample>();
      for (const r of reactions) {
        if (r.sample !== null && !r.omitted && r.group !== null) {
          samples.set(r.sample, { name: r.sample, group: r.group, materialId: r.materialId });
        }
      }
      const a = await this.compute(m, run, qpcrSettingsOf(run), reactions, [...samples.values()]);
      const previous = await this.currentOf(m, runId);
      const row = await this.store(m, run, imp.id, a, actor);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: runId },
        'recorded-data',
        'qPCR recompute',
      );
      await this.audit.record(m, {
        actor,
        action: 'recompute',
        entity: 'qpcr-run',
        id: runId,
        before: previous
          ? { analysisId: previous.id, inputHash: previous.inputHash, flags: previous.flags }
          : null,
        after: { analysisId: row.id, inputHash: row.inputHash, flags: row.flags },
      });
      return toAnalysisDto(row);
    });
  }

  list(runId: string, q: ListAnalysesQueryDto): Promise<AnalysisPageDto> {
    return this.uow.run(async (m) => {
      await loadQpcrRun(m, runId);
      const [rows, total] = await m.getRepository(QpcrAnalysis).findAndCount({
        where: { runId },
        order: { id: 'DESC' },
        take: q.limit,
        skip: q.offset,
      });
      return { items: rows.map(toAnalysisDto), total, limit: q.limit, offset: q.offset };
    });
  }

  get(id: string): Promise<AnalysisDto> {
    return this.uow.run(async (m) => toAnalysisDto(await this.load(m, id)));
  }

  async load(m: EntityManager, id: string): Promise<QpcrAnalysis> {
    const row = await m.getRepository(QpcrAnalysis).findOneBy({ id });
    if (!row) throw new NotFoundError('qPCR analysis', id);
    return row;
  }

  reactions(runId: string, q: ListReactionsQueryDto): Promise<ReactionPageDto> {
    return this.uow.run(async (m) => {
      await loadQpcrRun(m, runId);
      const imp = await m.getRepository(QpcrImport).findOneBy({ runId, current: true });
      if (!imp) return { items: [], total: 0, limit: q.limit, offset: q.offset };
      const [rows, total] = await m.getRepository(QpcrReaction).findAndCount({
        where: { importId: imp.id },
        order: { plate: 'ASC', source: 'ASC', well: 'ASC', gene: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          plate: r.plate,
          well: r.well,
          sampleRaw: r.sampleRaw,
          targetRaw: r.targetRaw,
          sample: r.sample,
          materialId: r.materialId,
          group: r.group,
          gene: r.gene,
          task: r.task,
          cq: r.cq,
          cqStatus: r.cqStatus,
          cqRaw: r.cqRaw,
          quantity: r.quantity,
          quantityRaw: r.quantityRaw,
          omitted: r.omitted,
          source: r.source,
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    });
  }

  foldChanges(q: ListFoldChangesQueryDto): Promise<FoldChangePageDto> {
    return this.uow.run(async (m) => {
      const where: FindOptionsWhere<QpcrFoldChange> = {};
      if (q.materialId) where.materialId = q.materialId;
      if (q.runId) where.runId = q.runId;
      if (q.gene) where.gene = q.gene;
      if (q.current !== 'false') where.current = true;
      const [rows, total] = await m.getRepository(QpcrFoldChange).findAndCount({
        where,
        order: { createdAt: 'DESC', gene: 'ASC', id: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      return { items: rows.map(toFoldChangeDto), total, limit: q.limit, offset: q.offset };
    });
  }
}

export function toFoldChangeDto(f: QpcrFoldChange): FoldChangeDto {
  return {
    id: f.id,
    runId: f.runId,
    analysisId: f.analysisId,
    current: f.current,
    quantificationMethod: f.quantificationMethod,
    gene: f.gene,
    group: f.group,
    calibratorGroup: f.calibratorGroup,
    materialId: f.materialId,
    calibratorMaterialId: f.calibratorMaterialId,
    nSamples: f.nSamples,
    nCalibratorSamples: f.nCalibratorSamples,
    foldChange: f.foldChange,
    log2Fold: f.log2Fold,
    sdLog2Fold: null,
    ciLower: f.ciLower,
    ciUpper: f.ciUpper,
    t: null,
    df: null,
    pValue: f.pValue,
    flags: f.flags,
  };
}

/**
 * A stored result as responses and exports give it: the per-sample means of measured Cqs and
 * their differences (mean Cq, ΔCq, ΔΔCq) without the binary residue of their arithmetic
 * (28.56, not 28.560000000000002). The stored row keeps full precision, so the analysis still
 * reproduces from its inputs and input hash.
 */
export function analysisResultForResponse(
  result: Record<string, unknown>,
): Record<string, unknown> {
  const samples = (result as Partial<Pick<ExpressionAnalysis, 'samples'>>).samples;
  if (!Array.isArray(samples)) return result;
  return {
    ...result,
    samples: samples.map((s) => ({
      ...s,
      meanCq: withoutBinaryResidue(s.meanCq),
      deltaCq: withoutBinaryResidue(s.deltaCq),
      deltaDeltaCq: withoutBinaryResidue(s.deltaDeltaCq),
    })),
  };
}

export function toAnalysisDto(a: QpcrAnalysis): AnalysisDto {
  return {
    ...analysisSummary(a),
    runId: a.runId,
    importId: a.importId,
    current: a.current,
    method: a.method,
    methodVersion: a.methodVersion,
    options: a.options,
    inputHash: a.inputHash,
    createdAt: iso(a.createdAt),
    supersededAt: a.supersededAt,
    result: analysisResultForResponse(a.result),
  };
}
