import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { compareDonorGroups } from '../../analysis/kinetics';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { timeOrderedId } from '../../common/time-ordered-id';
import { insertMany } from '../../common/database/bulk-insert';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import { Run } from '../../runs/run.entity';
import {
  assertRunDataWritable,
  lockRunForDerivedResults,
  readRunForDataWrite,
  runDataRefusal,
  type RunForDataWrite,
} from '../../runs/run-data-lock';
import type {
  ConcentrationsChange,
  RecomputedResults,
  SampleConcentrationsHook,
  StoredCalibration,
} from '../lcms/sample-concentrations.hook';
import { CocultureCulture, type CultureCondition } from './coculture-culture.entity';
import {
  CocultureKineticsRepository,
  type SampleConcentrationRow,
} from './coculture-kinetics.repository';
import { COCULTURE_PROTOCOL_KEY, runParameter } from './coculture-records.service';
import {
  DEFAULT_KINETICS_SETTINGS,
  metaboliteKinetics,
  parentKinetics,
  type KineticsSettings,
  type MeasuredPoint,
  type ParentKinetics,
} from './culture-kinetics';
import { hashMeasuredPoints } from './kinetics-input-hash';
import type {
  ComparisonQueryDto,
  DonorComparisonDto,
  DonorRateDto,
  GroupSummaryDto,
  KineticsComputationDto,
  KineticsResultDto,
  KineticsResultPageDto,
  KineticsResultSummaryDto,
  ListKineticsQueryDto,
} from './dto/kinetics.dto';
import { KineticsResult } from './kinetics-result.entity';

const MOLAR_UNITS = new Set(['µM', 'nM', 'mM', 'M', 'pM']);
/** Fewer donors than this in a group: "insufficient data" (no test). */
export const MIN_DONORS_PER_GROUP = 3;

function iso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : String(d);
}

export function toKineticsDto(r: KineticsResult): KineticsResultDto {
  return {
    id: r.id,
    cultureId: r.cultureId,
    runId: r.runId,
    analyte: r.analyte,
    role: r.role,
    current: r.current,
    rateConstantPerHour: r.rateConstantPerHour,
    halfLifeHours: r.halfLifeHours,
    flags: r.flags,
    result: r.result,
    method: r.method,
    methodVersion: r.methodVersion,
    options: r.options,
    inputHash: r.inputHash,
    createdAt: iso(r.createdAt),
  };
}

/** A stored result as the computation answers it: no `result` document, no options. */
export function toKineticsSummaryDto(r: KineticsResult): KineticsResultSummaryDto {
  const doc = r.result as {
    culture?: string;
    condition?: CultureCondition;
    status?: string;
    reason?: string | null;
  };
  return {
    id: r.id,
    cultureId: r.cultureId,
    culture: String(doc.culture),
    condition: doc.condition as CultureCondition,
    analyte: r.analyte,
    role: r.role,
    status: String(doc.status),
    reason: doc.reason ?? null,
    rateConstantPerHour: r.rateConstantPerHour,
    halfLifeHours: r.halfLifeHours,
    flags: r.flags,
    method: r.method,
    methodVersion: r.methodVersion,
    inputHash: r.inputHash,
  };
}

/** R's default quantile (type 7) of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return (
    sorted[lo] +
    (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo])
  );
}

function group(k: readonly number[]): GroupSummaryDto {
  const s = [...k].sort((a, b) => a - b);
  const n = s.length;
  const mean = n ? s.reduce((a, b) => a + b, 0) / n : null;
  const sd =
    n >= 2 && mean !== null
      ? Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
      : null;
  const median = n ? quantile(s, 0.5) : null;
  return {
    n,
    medianRateConstantPerHour: median,
    q1RateConstantPerHour: n ? quantile(s, 0.25) : null,
    q3RateConstantPerHour: n ? quantile(s, 0.75) : null,
    meanRateConstantPerHour: mean,
    sdRateConstantPerHour: sd,
    medianHalfLifeHours: median !== null && median > 0 ? Math.LN2 / median : null,
  };
}

/**
 * Kinetics of co-cultures from the LC-MS/MS concentrations: per culture the parent drug's
 * degradation (SFO and log-linear, biotic rate against the abiotic control, flags) and each
 * metabolite's formation (initial rate, Cmax, Tmax, molar balance), stored with provenance;
 * and the donor comparison (responders vs non-responders, Mann–Whitney U).
 */
@Injectable()
export class KineticsService implements SampleConcentrationsHook {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly repository: CocultureKineticsRepository,
  ) {}

  /**
   * Computes and stores the kinetics of every culture of the run (superseding its previous
   * results) and answers one summary line per result. Imports and exclusions recompute them by
   * themselves ({@link concentrationsChanged}); this is for asking again, e.g. after the run's
   * kinetics parameters were amended; the whole results are at
   * GET /degradation-results?runId=… (docs/performance.md, "Kinetics computation answers a summary").
   */
  compute(actor: Actor, runId: string): Promise<KineticsComputationDto> {
    return this.uow.run(async (m) => {
      const run = await assertRunDataWritable(m, runId, { what: 'compute kinetics' }, [
        'protocolKey',
      ]);
      if (run.protocolKey !== COCULTURE_PROTOCOL_KEY) {
        throw new DomainError(
          'WRONG_PROTOCOL',
          `run ${runId} follows ${run.protocolKey}; kinetics are computed on ${COCULTURE_PROTOCOL_KEY} runs`,
          [
            {
              field: 'runId',
              code: 'WRONG_PROTOCOL',
              message: `use a run of ${COCULTURE_PROTOCOL_KEY}`,
            },
          ],
        );
      }
      return this.computeRun(m, actor, run, null);
    });
  }

  /**
   * After an import or a calibrator's exclusion changed the concentrations of a batch: the
   * kinetics of every co-culture run whose samples the batch measured are recomputed in the same
   * transaction, so no current result rests on superseded concentrations. A run that refuses data
   * (approved, cancelled) keeps its results, and the answer says so.
   */
  async concentrationsChanged(
    m: EntityManager,
    actor: Actor,
    change: ConcentrationsChange,
  ): Promise<RecomputedResults[]> {
    const out: RecomputedResults[] = [];
    for (const runId of await this.repository.runsMeasuredBy(m, change.batchId)) {
      const run = await readRunForDataWrite(m, runId, ['protocolKey']);
      if (!run || run.protocolKey !== COCULTURE_PROTOCOL_KEY) continue;
      const results = `/api/v1/degradation-results?runId=${runId}`;
      const refusal = runDataRefusal(run.status, {});
      if (refusal) {
        out.push({
          kind: 'coculture-kinetics',
          runId,
          status: 'not-recomputed',
          total: 0,
          reason:
            run.status === 'approved'
              ? `co-culture run ${runId} ('${run.title}') is approved: its kinetics stay as signed, on the concentrations current then; new data belong in a new run`
              : `co-culture run ${runId} ('${run.title}') is ${run.status}: it takes no more data, and its kinetics stay as they were`,
          results,
        });
        continue;
      }
      const computed = await this.computeRun(m, actor, run, change.cause, change.stored);
      out.push({
        kind: 'coculture-kinetics',
        runId,
        status: 'recomputed',
        total: computed.total,
        reason: null,
        results,
      });
    }
    return out;
  }

  /**
   * Computes and stores the kinetics of every culture of `run` in the caller's transaction
   * (superseding its previous results); `cause` names what made a recomputation (null: asked for).
   */
  private async computeRun(
    m: EntityManager,
    actor: Actor,
    run: RunForDataWrite,
    cause: string | null,
    stored: readonly StoredCalibration[] = [],
  ): Promise<KineticsComputationDto> {
    const runId = run.id;
    // Before reading the concentrations: a concurrent computation of the run commits first.
    await lockRunForDerivedResults(m, runId);
    const settings: KineticsSettings = {
      ...DEFAULT_KINETICS_SETTINGS,
      logLinearDifferenceMaxPercent: runParameter(run, 'logLinearDifferenceMaxPercent', 25),
      poorFitChiSquareErrorMaxPercent: runParameter(
        run,
        'poorFitChiSquareErrorMaxPercent',
        DEFAULT_KINETICS_SETTINGS.poorFitChiSquareErrorMaxPercent,
      ),
      earlyLinearPoints: runParameter(run, 'earlyLinearPoints', 3),
    };
    const cultures = await this.repository.cultures(m, runId);
    const measured = await this.measurements(m, runId, stored);
    const rows: KineticsResult[] = [];
    // One creation time for the computation's rows, stored and answered alike.
    const createdAt = new Date();
    const parentFits = new Map<string, ParentKinetics>();
    // Abiotic controls first: the biotic rate of a culture needs its control's k.
    const ordered = [...cultures].sort(
      (a, b) => Number(b.condition === 'abiotic') - Number(a.condition === 'abiotic'),
    );
    for (const c of ordered) {
      const byAnalyte =
        measured.get(c.id) ?? new Map<string, { points: MeasuredPoint[]; unit: string }>();
      const parent = c.drug ? byAnalyte.get(c.drug) : undefined;
      const extraFlags = c.anaerobic ? [] : ['not-anaerobic'];
      if (c.drug && parent) {
        let abiotic: ParentKinetics | undefined;
        if (c.condition !== 'abiotic') {
          const controlId =
            c.abioticControlId ??
            cultures.find((x) => x.condition === 'abiotic' && x.drug === c.drug)?.id;
          abiotic = controlId ? parentFits.get(controlId) : undefined;
        }
        const sfo = abiotic?.degradation?.sfo;
        const fit = parentKinetics(
          parent.points,
          settings,
          sfo
            ? {
                rateConstantPerHour: sfo.rateConstantPerHour,
                rateConstantSePerHour: sfo.rateConstantSePerHour,
                df: sfo.df > 0 ? sfo.df : undefined,
              }
            : null,
        );
        parentFits.set(c.id, fit);
        rows.push(
          this.row(
            c,
            actor,
            createdAt,
            c.drug,
            'parent',
            { ...fit, unit: parent.unit },
            [...fit.flags, ...extraFlags],
            fit.degradation?.sfo.rateConstantPerHour ?? null,
            fit.degradation?.sfo.halfLifeHours ?? null,
          ),
        );
      }
      // The parent's points enter every metabolite's input hash by their own hash, once (and
      // only when the culture has a metabolite: the parent is then one analyte of several).
      const parentSeries =
        parent && c.drug && byAnalyte.size > 1
          ? { name: c.drug, points: parent.points, pointsHash: hashMeasuredPoints(parent.points) }
          : null;
      for (const [analyte, series] of byAnalyte) {
        if (analyte === c.drug) continue;
        const molar = MOLAR_UNITS.has(series.unit) && (!parent || parent.unit === series.unit);
        const r = metaboliteKinetics(analyte, series.points, parentSeries, settings, molar);
        rows.push(
          this.row(
            c,
            actor,
            createdAt,
            analyte,
            'metabolite',
            { ...r, unit: series.unit },
            [...r.flags, ...extraFlags],
            null,
            null,
          ),
        );
      }
    }
    await this.repository.supersedeResults(m, runId, createdAt);
    await insertMany(m, KineticsResult, rows);
    await recordContribution(
      m,
      actor,
      { entity: 'run', id: runId },
      'recorded-data',
      cause ? `recomputed co-culture kinetics after the ${cause}` : 'computed co-culture kinetics',
    );
    await this.audit.record(m, {
      actor,
      action: 'compute-kinetics',
      entity: 'coculture-kinetics',
      id: runId,
      ...(cause ? { reason: `recomputed after the ${cause}` } : {}),
      after: {
        results: rows.map((r) => ({
          id: r.id,
          cultureId: r.cultureId,
          analyte: r.analyte,
          role: r.role,
          k: r.rateConstantPerHour,
          flags: r.flags,
          inputHash: r.inputHash,
        })),
      },
    });
    return {
      runId,
      computedAt: createdAt.toISOString(),
      total: rows.length,
      items: rows.map(toKineticsSummaryDto),
      results: `/api/v1/degradation-results?runId=${runId}`,
    };
  }

  list(q: ListKineticsQueryDto): Promise<KineticsResultPageDto> {
    return this.uow.run(async (m) => {
      const where = {
        current: true,
        ...(q.runId ? { runId: q.runId } : {}),
        ...(q.cultureId ? { cultureId: q.cultureId } : {}),
        ...(q.analyte ? { analyte: q.analyte } : {}),
      };
      const [rows, total] = await m.getRepository(KineticsResult).findAndCount({
        where,
        order: { runId: 'ASC', cultureId: 'ASC', analyte: 'ASC', id: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      return { items: rows.map(toKineticsDto), total, limit: q.limit, offset: q.offset };
    });
  }

  comparison(q: ComparisonQueryDto): Promise<DonorComparisonDto> {
    return this.uow.run(async (m) => {
      const protocol = q.protocolKey ?? COCULTURE_PROTOCOL_KEY;
      const rate = q.rate ?? 'sfo';
      const runs = await m.getRepository(Run).findBy({ protocolKey: protocol });
      const cultures = runs.length
        ? await m
            .getRepository(CocultureCulture)
            .findBy({ runId: In(runs.map((r) => r.id)), condition: 'culture' })
        : [];
      const withDonor = cultures.filter(
        (c) => c.donorId !== null && c.drug !== null && (!q.analyte || c.drug === q.analyte),
      );
      const results = withDonor.length
        ? await m
            .getRepository(KineticsResult)
            .findBy({ cultureId: In(withDonor.map((c) => c.id)), current: true, role: 'parent' })
        : [];
      const donors = withDonor.length
        ? await m
            .getRepository(Material)
            .findBy({ id: In([...new Set(withDonor.map((c) => c.donorId as string))]) })
        : [];
      const donorById = new Map(donors.map((d) => [d.id, d]));
      const perDonor = new Map<string, number[]>();
      for (const r of results) {
        const c = withDonor.find((x) => x.id === r.cultureId)!;
        if (r.analyte !== c.drug) continue;
        const res = r.result as {
          degradation?: { sfo?: { rateConstantPerHour?: number } } | null;
          biotic?: { rateConstantPerHour?: number } | null;
        };
        const k =
          rate === 'sfo'
            ? res.degradation?.sfo?.rateConstantPerHour
            : res.biotic?.rateConstantPerHour;
        if (typeof k !== 'number' || !Number.isFinite(k)) continue;
        perDonor.set(c.donorId as string, [...(perDonor.get(c.donorId as string) ?? []), k]);
      }
      const donorRates: DonorRateDto[] = [];
      for (const [donorId, ks] of perDonor) {
        const d = donorById.get(donorId);
        const status = String(
          (d?.attributes as { responderStatus?: string } | undefined)?.responderStatus ?? 'unknown',
        );
        if (status !== 'responder' && status !== 'non-responder') continue;
        const k = ks.reduce((a, b) => a + b, 0) / ks.length;
        donorRates.push({
          donorId,
          donorCode: d?.name ?? donorId,
          responderStatus: status,
          cultures: ks.length,
          rateConstantPerHour: k,
          halfLifeHours: k > 0 ? Math.LN2 / k : null,
        });
      }
      donorRates.sort(
        (a, b) =>
          a.responderStatus.localeCompare(b.responderStatus) ||
          a.donorCode.localeCompare(b.donorCode),
      );
      const kR = donorRates
        .filter((d) => d.responderStatus === 'responder')
        .map((d) => d.rateConstantPerHour);
      const kN = donorRates
        .filter((d) => d.responderStatus === 'non-responder')
        .map((d) => d.rateConstantPerHour);
      const base = {
        protocol,
        rate,
        donors: donorRates,
        responders: group(kR),
        nonResponders: group(kN),
      };
      if (kR.length < MIN_DONORS_PER_GROUP || kN.length < MIN_DONORS_PER_GROUP) {
        return {
          ...base,
          status: 'insufficient-data',
          reason: `insufficient data: ${kR.length} responder and ${kN.length} non-responder donor${kN.length === 1 ? '' : 's'} with a fitted rate; at least ${MIN_DONORS_PER_GROUP} per group are needed`,
          test: null,
          method: null,
          methodVersion: null,
          inputHash: null,
        };
      }
      const cmp = compareDonorGroups(kR, kN);
      return {
        ...base,
        status: 'compared',
        reason: null,
        test: cmp.test as unknown as Record<string, unknown>,
        method: cmp.method,
        methodVersion: cmp.methodVersion,
        inputHash: cmp.inputHash,
      };
    });
  }

  /** Per culture and analyte, the measured points of its samples (current concentrations). */
  private async measurements(
    m: EntityManager,
    runId: string,
    stored: readonly StoredCalibration[],
  ): Promise<Map<string, Map<string, { points: MeasuredPoint[]; unit: string }>>> {
    const out = new Map<string, Map<string, { points: MeasuredPoint[]; unit: string }>>();
    const conc = await this.repository.currentConcentrations(m, runId, stored);
    // One value per sample and analyte: a quantified one wins (the latest), else the latest status.
    const chosen = new Map<string, SampleConcentrationRow>();
    for (const c of conc) {
      const key = `${c.sampleId}\u0000${c.analyte}`;
      const prior = chosen.get(key);
      if (!prior || c.status === 'quantified' || prior.status !== 'quantified') chosen.set(key, c);
    }
    for (const c of chosen.values()) {
      const byAnalyte =
        out.get(c.cultureId) ?? new Map<string, { points: MeasuredPoint[]; unit: string }>();
      const series = byAnalyte.get(c.analyte) ?? { points: [], unit: c.unit };
      series.points.push({
        timeHours: c.timeHours,
        replicate: c.replicate,
        concentration: c.status === 'quantified' ? c.concentration : null,
        status: c.status,
      });
      byAnalyte.set(c.analyte, series);
      out.set(c.cultureId, byAnalyte);
    }
    for (const byAnalyte of out.values())
      for (const s of byAnalyte.values())
        s.points.sort((a, b) => a.timeHours - b.timeHours || a.replicate - b.replicate);
    return out;
  }

  private row(
    c: CocultureCulture,
    actor: Actor,
    createdAt: Date,
    analyte: string,
    role: 'parent' | 'metabolite',
    result: {
      method: string;
      methodVersion: string;
      options: Record<string, unknown>;
      inputHash: string;
    } & Record<string, unknown>,
    flags: string[],
    k: number | null,
    halfLife: number | null,
  ): KineticsResult {
    const { method, methodVersion, options, inputHash, ...rest } = result;
    return Object.assign(new KineticsResult(), {
      id: timeOrderedId(),
      cultureId: c.id,
      runId: c.runId,
      analyte,
      role,
      current: true,
      rateConstantPerHour: k,
      halfLifeHours: halfLife,
      flags: [...new Set(flags)],
      result: { culture: c.name, condition: c.condition, ...rest },
      method,
      methodVersion,
      options,
      inputHash,
      createdById: actor.userId,
      createdAt,
      updatedAt: createdAt,
    });
  }
}
