import { Injectable } from '@nestjs/common';
import { Not, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { timeOrderedId } from '../../common/time-ordered-id';
import { insertMany } from '../../common/database/bulk-insert';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { DomainError, type ProblemItem } from '../../common/errors/domain.error';
import type { Material } from '../../materials/material.entity';
import { parseQpcrExport } from '../../imports/qpcr/parse-qpcr-export';
import type {
  ParsedQpcrExport,
  QpcrExportFormat,
  QpcrParseProblem,
} from '../../imports/qpcr/qpcr-export';
import type { Run } from '../../runs/run.entity';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import {
  exportContentHash,
  exportDoesNotFit,
  type ExportImportOptions,
  type ExportImportOutcome,
  exportUnreadable,
  listedNames,
  nothingWritten,
  recordExportImport,
} from '../export-import/export-import';
import type { QpcrImportReportDto } from './dto/qpcr.dto';
import {
  QpcrAnalysesService,
  analysisSummary,
  type ReactionForAnalysis,
} from './qpcr-analyses.service';
import { QpcrImport } from './qpcr-import.entity';
import { QpcrNameMap } from './qpcr-name-map.entity';
import { QpcrReaction } from './qpcr-reaction.entity';
import { defaultGroupOf, loadQpcrRun, runMaterials } from './qpcr-runs';
import { panelOf, qpcrSettingsOf } from './qpcr-settings';

export type QpcrImportOptions = ExportImportOptions<QpcrExportFormat>;

function problemOf(p: QpcrParseProblem): ProblemItem {
  const line = /^line (\d+)$/.exec(p.where);
  return {
    code: 'UNREADABLE',
    message: `${p.where}: ${p.message}`,
    ...(line ? { line: Number(line[1]) } : { field: p.field ?? p.where }),
  };
}

type ReactionRow = Omit<QpcrReaction, 'id' | 'importId' | 'createdAt' | 'updatedAt' | 'assignId'>;

/**
 * Imports a qPCR export into a run, all or nothing: parse (bytes decoded by what they are),
 * map every target name to the run's gene panel and every sample name of an unknown to one of
 * the run's materials (the run's name map, else a material's name or barcode, else a gene or
 * material of the same name ignoring case); an unmapped name is an error listing the known
 * ones. Then store the reactions as written and analyse the run in one transaction. `dryRun`
 * answers the same report without writing. The same content for the same run is a duplicate;
 * the same content held by another run is refused (409). An approved run refuses (RUN_LOCKED).
 */
@Injectable()
export class QpcrImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly analyses: QpcrAnalysesService,
  ) {}

  async import(
    actor: Actor,
    runId: string,
    bytes: Buffer,
    options: QpcrImportOptions,
  ): Promise<ExportImportOutcome<QpcrImportReportDto>> {
    // Parsing needs no database: outside the transaction.
    const parsed = await parseQpcrExport(bytes, options.format);
    const contentHash = exportContentHash(bytes);
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      await assertRunDataWritable(m, runId, { what: 'import a qPCR export' });
      if (!parsed.ok) throw exportUnreadable(parsed.problems.map(problemOf), parsed.format);
      const e = parsed.value;
      const existing = await m
        .getRepository(QpcrImport)
        .findOneBy({ runId, contentHash, current: true });
      if (existing) {
        const current = await this.analyses.currentOf(m, runId);
        return nothingWritten({
          outcome: 'duplicate',
          importId: existing.id,
          format: existing.format,
          contentHash,
          plates: [...new Set(e.runs.map((r) => r.name ?? ''))],
          reactions: existing.reactionCount,
          undetermined: e.runs.reduce(
            (n, r) => n + r.reactions.filter((x) => x.cqStatus === 'undetermined').length,
            0,
          ),
          sampleMapping: {},
          targetMapping: {},
          analysis: current ? analysisSummary(current) : null,
        });
      }
      const held = await m
        .getRepository(QpcrImport)
        .findOneBy({ contentHash, current: true, runId: Not(runId) });
      if (held) {
        throw new DomainError(
          'QPCR_EXPORT_HELD_BY_ANOTHER_RUN',
          `run ${held.runId} already holds this export (sha256 ${contentHash.slice(0, 12)}…); two runs never give one identical file: check which run it belongs to; nothing was stored`,
          [
            {
              field: 'file',
              code: 'QPCR_EXPORT_HELD_BY_ANOTHER_RUN',
              message: `held by run ${held.runId}`,
            },
          ],
          { heldBy: held.runId },
        );
      }
      const { rows, sampleMapping, targetMapping, samples } = await this.resolve(m, run, e);
      const settings = qpcrSettingsOf(run);
      const forAnalysis: ReactionForAnalysis[] = rows.map((r) => ({
        plate: r.plate,
        well: r.well,
        sample: r.sample,
        gene: r.gene,
        task: r.task,
        cq: r.cq,
        quantity: r.quantity,
        omitted: r.omitted,
      }));
      const analysis = await this.analyses.compute(m, run, settings, forAnalysis, samples);
      const base = {
        format: e.format,
        contentHash,
        plates: [...new Set(rows.map((r) => r.plate))],
        reactions: rows.length,
        undetermined: rows.filter((r) => r.cqStatus === 'undetermined').length,
        sampleMapping,
        targetMapping,
      };
      if (options.dryRun) {
        return nothingWritten({
          outcome: 'dry-run',
          importId: null,
          ...base,
          analysis: analysisSummary(analysis),
        });
      }
      await m.getRepository(QpcrImport).update({ runId, current: true }, { current: false });
      const record = Object.assign(new QpcrImport(), {
        id: newId(),
        runId,
        contentHash,
        format: e.format,
        filename: options.filename,
        reactionCount: rows.length,
        metadata: e.metadata,
        current: true,
        createdById: actor.userId,
      });
      await m.getRepository(QpcrImport).insert(record);
      await insertMany(
        m,
        QpcrReaction,
        rows.map((r) => ({ ...r, id: timeOrderedId(), importId: record.id })),
      );
      const stored = await this.analyses.store(m, run, record.id, analysis, actor);
      return recordExportImport(m, this.audit, actor, {
        runId,
        contribution: `imported qPCR export ${options.filename ?? contentHash.slice(0, 12)}`,
        audit: {
          entity: 'qpcr-run',
          id: runId,
          after: {
            importId: record.id,
            filename: options.filename,
            ...base,
            analysisId: stored.id,
            flags: stored.flags,
          },
        },
        report: {
          outcome: 'imported',
          importId: record.id,
          ...base,
          analysis: analysisSummary(stored),
        },
      });
    });
  }

  /** Maps targets and samples; every problem at once, or the rows to store. */
  private async resolve(m: EntityManager, run: Run, e: ParsedQpcrExport) {
    const settings = qpcrSettingsOf(run);
    const panel = panelOf(settings);
    const map = await m.getRepository(QpcrNameMap).findOneBy({ runId: run.id });
    const materials = await runMaterials(m, run.id);
    const problems: ProblemItem[] = [];

    const targetAlias = new Map((map?.targets ?? []).map((t) => [t.name, t.gene]));
    const panelByLower = new Map(panel.map((g) => [g.toLowerCase(), g]));
    const targetMapping: Record<string, string> = {};
    const unmappedTargets = new Map<string, string>();
    const geneOf = (name: string, where: string): string | null => {
      const gene = targetAlias.get(name) ?? panelByLower.get(name.trim().toLowerCase());
      if (gene) {
        targetMapping[name] = gene;
        return gene;
      }
      if (!unmappedTargets.has(name)) unmappedTargets.set(name, where);
      return null;
    };

    const sampleByName = new Map<string, { materialId: string; group: string }>();
    for (const s of map?.samples ?? []) sampleByName.set(s.name, s);
    const materialByKey = new Map<string, Material>();
    for (const x of materials) {
      materialByKey.set(x.name.toLowerCase(), x);
      if (x.barcode) materialByKey.set(x.barcode.toLowerCase(), x);
    }
    const sampleMapping: Record<string, { materialId: string; group: string }> = {};
    const unmappedSamples = new Map<string, string>();
    const sampleOf = (name: string, where: string) => {
      const mapped = sampleByName.get(name);
      if (mapped)
        return (sampleMapping[name] = { materialId: mapped.materialId, group: mapped.group });
      const material = materialByKey.get(name.trim().toLowerCase());
      const group = material ? defaultGroupOf(material) : null;
      if (material && group) return (sampleMapping[name] = { materialId: material.id, group });
      if (!unmappedSamples.has(name)) unmappedSamples.set(name, where);
      return null;
    };

    const rows: ReactionRow[] = [];
    const seen = new Map<string, string>();
    for (const plate of e.runs) {
      const plateName = plate.name ?? '';
      for (const r of plate.reactions) {
        const where = plateName ? `${r.source} of "${plateName}"` : r.source;
        // A file without target names (a CFX run of one target per fluor) is mapped by its dye.
        const targetName = r.target !== '' ? r.target : (r.dye ?? '');
        if (targetName === '') {
          problems.push({
            code: 'TARGET_MISSING',
            well: r.well,
            message: `${where}, well ${r.well}: the reaction names no target and no dye`,
          });
          continue;
        }
        const key = `${plateName}\u0000${r.well}\u0000${targetName}`;
        const prior = seen.get(key);
        if (prior !== undefined) {
          problems.push({
            code: 'DUPLICATE_REACTION',
            well: r.well,
            message: `${where}: well ${r.well}, target ${targetName} appears twice (first at ${prior})`,
          });
          continue;
        }
        seen.set(key, where);
        const gene = geneOf(targetName, where);
        let mapped: { materialId: string; group: string } | null = null;
        if (r.task === 'unknown') {
          if (r.sample === '') {
            problems.push({
              code: 'SAMPLE_MISSING',
              well: r.well,
              message: `${where}, well ${r.well}: an unknown reaction names no sample`,
            });
            continue;
          }
          mapped = sampleOf(r.sample, where);
        }
        if (gene === null) continue;
        rows.push({
          runId: run.id,
          plate: plateName,
          well: r.well,
          sampleRaw: r.sample,
          targetRaw: r.target,
          sample: r.task === 'unknown' ? r.sample : null,
          materialId: mapped?.materialId ?? null,
          group: mapped?.group ?? null,
          gene,
          task: r.task,
          cq: r.cq,
          cqStatus: r.cqStatus,
          cqRaw: r.cqRaw,
          quantity: r.quantity,
          quantityRaw: r.quantityRaw,
          dye: r.dye,
          omitted: r.omitted,
          source: r.source.slice(0, 100),
        });
      }
    }
    const knownTargets = [...panel, ...targetAlias.keys()];
    for (const [name, where] of unmappedTargets) {
      problems.push({
        code: 'UNMAPPED_TARGET',
        field: `target "${name}"`,
        message: `target "${name}" (first at ${where}) is not a gene of the run's panel; known names: ${listedNames(knownTargets)}. Map it with PUT /api/v1/runs/${run.id}/qpcr-names (targets: [{name, gene}])`,
      });
    }
    const knownSamples = [
      ...new Set([
        ...sampleByName.keys(),
        ...materials.flatMap((x) => (x.barcode ? [x.name, x.barcode] : [x.name])),
      ]),
    ].sort();
    for (const [name, where] of unmappedSamples) {
      problems.push({
        code: 'UNMAPPED_SAMPLE',
        field: `sample "${name}"`,
        message: `sample "${name}" (first at ${where}) is not one of the run's materials; known names: ${listedNames(knownSamples) || 'none'}. Map it with PUT /api/v1/runs/${run.id}/qpcr-names (samples: [{name, materialId, group}])`,
      });
    }
    if (rows.length === 0 && problems.length === 0) {
      problems.push({ code: 'NO_REACTIONS', message: 'the file holds no reaction' });
    }
    if (problems.length > 0) throw exportDoesNotFit(`run ${run.id}`, problems);
    const samples = [
      ...new Map(
        rows
          .filter((r) => r.sample !== null && !r.omitted)
          .map((r) => [
            r.sample as string,
            { name: r.sample as string, group: r.group as string, materialId: r.materialId },
          ]),
      ).values(),
    ];
    return { rows, sampleMapping, targetMapping, samples };
  }
}
