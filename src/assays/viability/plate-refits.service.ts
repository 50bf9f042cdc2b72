import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import {
  ConflictError,
  DomainError,
  ProblemItem,
  ValidationFailedError,
} from '../../common/errors/domain.error';
import type { PlateForAnalysis } from '../../plates/plate-for-analysis';
import { PlatesService } from '../../plates/plates.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import { SignaturesService } from '../../signatures/signatures.service';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import type {
  ExcludeWellsDto,
  PlateAnalysisDto,
  PlateQcResultDto,
  QcOverrideDto,
  RefitPlateDto,
} from './dto/plate-analysis.dto';
import { PlateQcResult } from './plate-qc-result.entity';
import { PlateAnalysisSummary, ViabilityAnalysisService } from './viability-analysis.service';
import { toExclusionDto, toFitDto, toQcDto } from './viability.mapper';
import { WellExclusion } from './well-exclusion.entity';

/** Canonical well name: `b07` → `B7`. */
function canonicalWell(w: string): string {
  const m = /^([A-Pa-p])0*([1-9][0-9]?)$/.exec(w.trim());
  return m ? `${m[1].toUpperCase()}${m[2]}` : w;
}

/**
 * Changes to a plate's analysis after import: well exclusions (each with its reason, who and
 * when, followed by a refit), refits (optionally with another model), and a manager's override
 * of failed plate QC. A refit supersedes the previous fits; nothing is deleted. Plates of an
 * approved run are locked; other runs must be in progress to change their data.
 */
@Injectable()
export class PlateRefitsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plates: PlatesService,
    private readonly analysis: ViabilityAnalysisService,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
  ) {}

  excludeWells(actor: Actor, plateId: string, dto: ExcludeWellsDto): Promise<PlateAnalysisDto> {
    return this.uow.run(async (m) => {
      const data = await this.plates.getPlateForAnalysis(m, plateId);
      await this.assertDataEditable(m, actor, data, 'exclude wells', 'excluded wells on');
      const wells = [...new Set(dto.wells.map(canonicalWell))];
      const layout = new Map(data.layoutWells.map((w) => [w.well, w]));
      const existing = await m.find(WellExclusion, { where: { plateId } });
      const already = new Set(existing.map((e) => e.well));
      const problems: ProblemItem[] = [];
      for (const well of wells) {
        const lw = layout.get(well);
        if (!lw || lw.role === 'empty') {
          problems.push({
            well,
            code: 'WELL_NOT_IN_LAYOUT',
            message: `well ${well} holds nothing on this plate's layout`,
          });
        } else if (already.has(well) || lw.role === 'excluded') {
          problems.push({
            well,
            code: 'WELL_ALREADY_EXCLUDED',
            message: `well ${well} is already excluded`,
          });
        }
      }
      if (problems.some((p) => p.code === 'WELL_NOT_IN_LAYOUT')) {
        throw new ValidationFailedError(problems, 'some wells cannot be excluded');
      }
      if (problems.length > 0) throw new ConflictError('some wells are already excluded', problems);

      const now = new Date();
      const rows = wells.map((well) =>
        Object.assign(new WellExclusion(), {
          id: newId(),
          plateId,
          well,
          reason: dto.reason,
          excludedById: actor.userId,
          excludedByName: actor.displayName,
          analysisId: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await m.getRepository(WellExclusion).insert(rows);
      const summary = await this.analysis.analysePlate(m, actor, data, {
        trigger: 'exclusion',
        reason: `excluded ${wells.join(', ')}: ${dto.reason}`,
        audit: false,
      });
      await m
        .createQueryBuilder()
        .update(WellExclusion)
        .set({ analysisId: summary.analysisId })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      await this.audit.record(m, {
        actor,
        action: 'exclude-wells',
        entity: 'plate',
        id: plateId,
        before: { excludedWells: [...already].sort() },
        after: { excludedWells: [...already, ...wells].sort(), wells, analysis: summary },
        reason: dto.reason,
      });
      return this.result(m, plateId, summary);
    });
  }

  refit(actor: Actor, plateId: string, dto: RefitPlateDto): Promise<PlateAnalysisDto> {
    return this.uow.run(async (m) => {
      const data = await this.plates.getPlateForAnalysis(m, plateId);
      await this.assertDataEditable(m, actor, data, 'refit', 'refitted');
      const summary = await this.analysis.analysePlate(m, actor, data, {
        trigger: 'refit',
        reason: dto.reason,
        model: dto.model,
        audit: false,
      });
      await this.audit.record(m, {
        actor,
        action: 'refit',
        entity: 'plate',
        id: plateId,
        after: { model: dto.model ?? 'protocol setting', analysis: summary },
        reason: dto.reason,
      });
      return this.result(m, plateId, summary);
    });
  }

  /**
   * A manager's override of a plate that failed QC: the reason is recorded, and with the
   * password typed again the override is e-signed (meaning `override`).
   */
  overrideQc(actor: Actor, plateId: string, dto: QcOverrideDto): Promise<PlateQcResultDto> {
    return this.uow.run(async (m) => {
      const qc = await m.findOne(PlateQcResult, { where: { plateId, status: 'current' } });
      if (!qc) {
        const plate = await this.plates.getPlateForAnalysis(m, plateId); // 404 when absent
        throw new DomainError('PLATE_NOT_READ', `plate ${plate.plate.id} has not been analysed`);
      }
      if (qc.runId) {
        await assertRunDataWritable(m, qc.runId, {
          what: `override the QC of plate ${plateId}`,
        });
      }
      if (qc.passes) {
        throw new DomainError(
          'QC_OVERRIDE_NOT_NEEDED',
          `plate ${plateId} passes QC (Z′ ${qc.zPrime?.toFixed(3)} ≥ ${qc.zPrimeMin})`,
        );
      }
      if (qc.overriddenAt !== null) {
        throw new ConflictError(`plate ${plateId}'s QC was already overridden`);
      }
      const before = toQcDto(qc);
      let signatureId: string | null = null;
      if (dto.password !== undefined) {
        const signature = await this.signatures.sign(m, actor, {
          password: dto.password,
          meaning: 'override',
          reason: dto.reason,
          entity: 'plate-qc-result',
          entityId: qc.id,
          content: {
            plateId,
            analysisId: qc.id,
            zPrime: qc.zPrime,
            zPrimeMin: qc.zPrimeMin,
            flags: qc.flags,
            qcInputHash: qc.qcInputHash,
          },
        });
        signatureId = signature.id;
      }
      qc.overrideReason = dto.reason;
      qc.overriddenById = actor.userId;
      qc.overriddenByName = actor.displayName;
      qc.overriddenAt = new Date().toISOString();
      qc.overrideSignatureId = signatureId;
      await m.update(
        PlateQcResult,
        { id: qc.id },
        {
          overrideReason: qc.overrideReason,
          overriddenById: qc.overriddenById,
          overriddenByName: qc.overriddenByName,
          overriddenAt: qc.overriddenAt,
          overrideSignatureId: signatureId,
        },
      );
      const after = toQcDto(qc);
      await this.audit.record(m, {
        actor,
        action: 'qc-override',
        entity: 'plate',
        id: plateId,
        before: { analysisId: qc.id, zPrime: before.zPrime, approvable: before.approvable },
        after: { analysisId: qc.id, override: after.override, approvable: after.approvable },
        reason: dto.reason,
      });
      return after;
    });
  }

  /**
   * Locked when the run is approved; otherwise the run must be in progress. The change is data
   * recorded on the run: its author may not review or approve the run.
   */
  private async assertDataEditable(
    m: EntityManager,
    actor: Actor,
    data: PlateForAnalysis,
    what: string,
    done: string,
  ): Promise<void> {
    const plate = data.plate.barcode ?? data.plate.id;
    if (data.plate.runId) {
      await assertRunDataWritable(m, data.plate.runId, {
        what: `${what} on plate ${plate}`,
        inProgressOnly: true,
      });
      const target = { entity: 'run', id: data.plate.runId } as const;
      await recordContribution(m, actor, target, 'recorded-data', `${done} plate ${plate}`);
    }
    if (!data.reading) {
      throw new DomainError('PLATE_NOT_READ', `plate ${data.plate.id} has no stored reading yet`);
    }
  }

  private async result(
    m: EntityManager,
    plateId: string,
    summary: PlateAnalysisSummary,
  ): Promise<PlateAnalysisDto> {
    const qc = await m.findOneByOrFail(PlateQcResult, { id: summary.analysisId });
    const fits = await m.find(DoseResponseFitRecord, {
      where: { analysisId: summary.analysisId },
      order: { materialName: 'ASC', inhibitorName: 'ASC' },
    });
    const exclusions = await m.find(WellExclusion, {
      where: { plateId },
      order: { createdAt: 'ASC', well: 'ASC' },
    });
    return {
      qc: toQcDto(qc),
      fits: fits.map(toFitDto),
      supersededFitIds: summary.superseded.fitIds,
      exclusions: exclusions.map(toExclusionDto),
    };
  }
}
