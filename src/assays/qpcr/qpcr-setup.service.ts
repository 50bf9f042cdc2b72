import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { ValidationFailedError, type ProblemItem } from '../../common/errors/domain.error';
import type { Run } from '../../runs/run.entity';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import type { MiqeDto, NameMapDto, PutMiqeDto, PutNameMapDto } from './dto/qpcr-setup.dto';
import { missingMiqeFields, type MissingMiqeField } from './miqe';
import { QpcrImport } from './qpcr-import.entity';
import { QpcrMiqeRecord } from './qpcr-miqe.entity';
import { QpcrNameMap } from './qpcr-name-map.entity';
import { QpcrReaction } from './qpcr-reaction.entity';
import { defaultGroupOf, loadQpcrRun, runMaterials } from './qpcr-runs';
import { panelOf, qpcrSettingsOf } from './qpcr-settings';

/**
 * The per-run records a qPCR analysis needs besides the export: the MIQE metadata and how the
 * files name the run's samples and genes. Writes are data on the run: RUN_LOCKED once
 * approved, a contribution (separation of duties) and an audit event.
 */
@Injectable()
export class QpcrSetupService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  getMiqe(runId: string): Promise<MiqeDto> {
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      return this.miqeDto(m, run);
    });
  }

  putMiqe(actor: Actor, runId: string, dto: PutMiqeDto): Promise<MiqeDto> {
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      await assertRunDataWritable(m, runId, { what: 'record MIQE metadata' });
      const genes = panelOf(qpcrSettingsOf(run));
      const problems: ProblemItem[] = [];
      const seen = new Set<string>();
      (dto.primers ?? []).forEach((p, k) => {
        if (!genes.includes(p.gene)) {
          problems.push({
            field: `primers[${k}].gene`,
            code: 'UNKNOWN_GENE',
            message: `${p.gene} is not in the run's gene panel (${genes.join(', ')})`,
          });
        }
        if (seen.has(p.gene)) {
          problems.push({
            field: `primers[${k}].gene`,
            code: 'DUPLICATE_GENE',
            message: `${p.gene} is listed twice`,
          });
        }
        seen.add(p.gene);
      });
      const samples = new Set<string>();
      (dto.rnaQuality ?? []).forEach((r, k) => {
        if (samples.has(r.sample)) {
          problems.push({
            field: `rnaQuality[${k}].sample`,
            code: 'DUPLICATE_SAMPLE',
            message: `${r.sample} is listed twice`,
          });
        }
        samples.add(r.sample);
      });
      if (problems.length > 0) throw new ValidationFailedError(problems);
      const repo = m.getRepository(QpcrMiqeRecord);
      const prior = await repo.findOneBy({ runId });
      const record = Object.assign(prior ?? new QpcrMiqeRecord(), {
        id: prior?.id ?? newId(),
        runId,
        instrument: dto.instrument ?? null,
        chemistry: dto.chemistry ?? null,
        rtKit: dto.rtKit ?? null,
        efficiencySource: dto.efficiencySource ?? null,
        primers: (dto.primers ?? []).map((p) => ({
          gene: p.gene,
          forwardPrimer: p.forwardPrimer ?? null,
          reversePrimer: p.reversePrimer ?? null,
          probe: p.probe ?? null,
          ampliconLengthBp: p.ampliconLengthBp ?? null,
          efficiencyPercent: p.efficiencyPercent ?? null,
          efficiencyReference: p.efficiencyReference ?? null,
        })),
        rnaQuality: (dto.rnaQuality ?? []).map((r) => ({
          sample: r.sample,
          rin: r.rin ?? null,
          a260280: r.a260280 ?? null,
          a260230: r.a260230 ?? null,
        })),
        notes: dto.notes ?? null,
        updatedById: actor.userId,
      });
      await repo.save(record);
      await recordContribution(m, actor, { entity: 'run', id: runId }, 'recorded-data', 'MIQE');
      await this.audit.record(m, {
        actor,
        action: prior ? 'update-miqe' : 'record-miqe',
        entity: 'qpcr-run',
        id: runId,
        before: prior ? miqeView(prior) : null,
        after: miqeView(record),
      });
      return this.miqeDto(m, run, record);
    });
  }

  getNames(runId: string): Promise<NameMapDto> {
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      const map = await m.getRepository(QpcrNameMap).findOneBy({ runId });
      return nameMapDto(run, map);
    });
  }

  putNames(actor: Actor, runId: string, dto: PutNameMapDto): Promise<NameMapDto> {
    return this.uow.run(async (m) => {
      const run = await loadQpcrRun(m, runId);
      await assertRunDataWritable(m, runId, { what: 'map sample and target names' });
      const genes = panelOf(qpcrSettingsOf(run));
      const materials = new Map((await runMaterials(m, runId)).map((x) => [x.id, x]));
      const problems: ProblemItem[] = [];
      const names = new Set<string>();
      const samples = dto.samples.map((s, k) => {
        const material = materials.get(s.materialId);
        if (!material) {
          problems.push({
            field: `samples[${k}].materialId`,
            code: 'NOT_A_RUN_MATERIAL',
            message: `${s.materialId} is not a material of run ${runId} (its materials: ${[...materials.values()].map((x) => x.name).join(', ') || 'none'})`,
          });
        }
        if (names.has(s.name)) {
          problems.push({
            field: `samples[${k}].name`,
            code: 'DUPLICATE_NAME',
            message: `sample name ${s.name} is listed twice`,
          });
        }
        names.add(s.name);
        const group = s.group ?? (material ? defaultGroupOf(material) : null);
        if (group === null && material) {
          problems.push({
            field: `samples[${k}].group`,
            code: 'GROUP_REQUIRED',
            message: `${material.name} is not a cell line of known type: name its group`,
          });
        }
        return { name: s.name, materialId: s.materialId, group: group ?? '' };
      });
      const targetNames = new Set<string>();
      const targets = (dto.targets ?? []).map((t, k) => {
        if (!genes.includes(t.gene)) {
          problems.push({
            field: `targets[${k}].gene`,
            code: 'UNKNOWN_GENE',
            message: `${t.gene} is not in the run's gene panel (${genes.join(', ')})`,
          });
        }
        if (targetNames.has(t.name)) {
          problems.push({
            field: `targets[${k}].name`,
            code: 'DUPLICATE_NAME',
            message: `target name ${t.name} is listed twice`,
          });
        }
        targetNames.add(t.name);
        return { name: t.name, gene: t.gene };
      });
      if (problems.length > 0) throw new ValidationFailedError(problems);
      const repo = m.getRepository(QpcrNameMap);
      const prior = await repo.findOneBy({ runId });
      const before = prior ? { samples: prior.samples, targets: prior.targets } : null;
      const record = Object.assign(prior ?? new QpcrNameMap(), {
        id: prior?.id ?? newId(),
        runId,
        samples,
        targets,
        updatedById: actor.userId,
      });
      await repo.save(record);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: runId },
        'recorded-data',
        'qPCR name map',
      );
      await this.audit.record(m, {
        actor,
        action: prior ? 'update-names' : 'map-names',
        entity: 'qpcr-run',
        id: runId,
        before,
        after: { samples, targets },
      });
      return nameMapDto(run, record);
    });
  }

  /** The required MIQE fields the run still lacks (for the submission check and the record). */
  async missingFor(m: EntityManager, run: Run, record?: QpcrMiqeRecord | null) {
    const settings = qpcrSettingsOf(run);
    const miqe =
      record === undefined
        ? await m.getRepository(QpcrMiqeRecord).findOneBy({ runId: run.id })
        : record;
    const samples = await biologicalSamples(m, run.id);
    const missing: MissingMiqeField[] = missingMiqeFields(miqe, settings.miqeRequiredFields, {
      genes: panelOf(settings),
      samples,
      chemistry: String(run.parameters?.chemistry?.value ?? 'SYBR-Green'),
    });
    return { required: settings.miqeRequiredFields as string[], missing, miqe };
  }

  private async miqeDto(m: EntityManager, run: Run, record?: QpcrMiqeRecord): Promise<MiqeDto> {
    const { required, missing, miqe } = await this.missingFor(m, run, record);
    return {
      runId: run.id,
      instrument: miqe?.instrument ?? null,
      chemistry: miqe?.chemistry ?? null,
      rtKit: miqe?.rtKit ?? null,
      efficiencySource: miqe?.efficiencySource ?? null,
      primers: miqe?.primers ?? [],
      rnaQuality: miqe?.rnaQuality ?? [],
      notes: miqe?.notes ?? null,
      required,
      missing,
      updatedAt: miqe?.updatedAt ? new Date(miqe.updatedAt).toISOString() : null,
    };
  }
}

/** The biological samples the run knows: mapped names and the current import's unknowns. */
export async function biologicalSamples(m: EntityManager, runId: string): Promise<string[]> {
  const map = await m.getRepository(QpcrNameMap).findOneBy({ runId });
  const names = new Set((map?.samples ?? []).map((s) => s.name));
  const current = await m.getRepository(QpcrImport).findOneBy({ runId, current: true });
  if (current) {
    const rows = await m
      .getRepository(QpcrReaction)
      .createQueryBuilder('r')
      .select('DISTINCT r.sample', 'sample')
      .where('r.import_id = :id AND r.sample IS NOT NULL', { id: current.id })
      .getRawMany<{ sample: string }>();
    for (const r of rows) names.add(r.sample);
  }
  return [...names].sort();
}

function miqeView(r: QpcrMiqeRecord) {
  return {
    instrument: r.instrument,
    chemistry: r.chemistry,
    rtKit: r.rtKit,
    efficiencySource: r.efficiencySource,
    primers: r.primers,
    rnaQuality: r.rnaQuality,
    notes: r.notes,
  };
}

function nameMapDto(run: Run, map: QpcrNameMap | null): NameMapDto {
  return {
    runId: run.id,
    samples: map?.samples ?? [],
    targets: map?.targets ?? [],
    genes: panelOf(qpcrSettingsOf(run)),
  };
}
