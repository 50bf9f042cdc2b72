import { Injectable } from '@nestjs/common';
import { channelsOfWavelengths, chooseChannels } from '../../analysis/plate/read-channels';
import { assayRead } from '../../plates/required-wavelengths';
import { EntityManager } from 'typeorm';
import { hashInput } from '../../analysis/common/provenance';
import { type DoseResponseModel, fitFlagRule, fitFlagSeverity } from '../../analysis/dose-response';
import type { FlagDetail } from '../../analysis/common/flag-severity';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { DomainError } from '../../common/errors/domain.error';
import type { PlateForAnalysis } from '../../plates/plate-for-analysis';
import { Run } from '../../runs/run.entity';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import { analysePlateData, PlateAnalysisError } from './plate-analysis';
import { AnalysisTrigger, NOT_ANALYSABLE_METHOD, PlateQcResult } from './plate-qc-result.entity';
import { ViabilityAnalysisRepository } from './viability-analysis.repository';
import { viabilitySettingsFrom } from './viability-settings';
import { WellExclusion } from './well-exclusion.entity';
import type { Ic50Dto } from './dto/ic50.dto';
import { toIc50Dto } from './viability.mapper';

export interface AnalysePlateOptions {
  /** What caused the analysis (default `import`). */
  trigger?: AnalysisTrigger;
  /** Why (a refit's reason); kept on the analysis and each fit. */
  reason?: string | null;
  /** A model other than the protocol's, for a refit. */
  model?: DoseResponseModel;
  /**
   * Write the audit event of the analysis (default true). A caller that audits the whole
   * operation itself (an exclusion, an import that reports the analysis) passes false and
   * puts the returned summary in its own event.
   */
  audit?: boolean;
}

/** What an analysis produced, small enough for an import response and an audit event. */
export interface PlateAnalysisSummary {
  analysisId: string;
  plateId: string;
  runId: string | null;
  qc: {
    zPrime: number | null;
    zPrimeMin: number;
    passes: boolean;
    /** mean(vehicle)/mean(blank); null without blank wells. */
    signalToBackground: number | null;
    /** mean(vehicle)/mean(positive), the HTS "S/B". */
    signalWindow: number | null;
    flags: string[];
    flagDetails: FlagDetail[];
    notComputed: { quantity: string; reason: string }[];
  };
  fits: {
    id: string;
    materialId: string | null;
    materialName: string | null;
    inhibitor: string | null;
    model: string;
    fitStatus: string;
    /** The IC50 in its one response shape (estimate, CI, bound, display, unit). */
    ic50: Ic50Dto;
    concentrationUnit: string;
    flags: string[];
    flagDetails: FlagDetail[];
  }[];
  /** Fits and analysis this one superseded (a refit). */
  superseded: { analysisId: string | null; fitIds: string[] };
}

const seriesKey = (
  f: Pick<DoseResponseFitRecord, 'materialId' | 'inhibitorName' | 'inhibitorConcentrationMolar'>,
) => JSON.stringify([f.materialId, f.inhibitorName, f.inhibitorConcentrationMolar]);

/**
 * MTT viability analysis of a read plate (SCIENCE.md §2): normalisation, one dose-response fit
 * per material (± inhibitor) with the model and thresholds of the run's protocol version, and
 * plate QC. Stores the derived well values (one row per analysis, each well pointing to its raw
 * well readings), the fits and the QC result, superseding — never deleting — the plate's
 * previous analysis.
 *
 * It runs inside the caller's transaction: the plate import calls it right after storing the
 * raw values (import → store → fit → audit), refits and exclusions call it in theirs. Writes
 * are multi-row INSERTs: a 96-well plate costs a handful of statements.
 */
@Injectable()
export class ViabilityAnalysisService {
  constructor(
    private readonly audit: AuditService,
    private readonly repository: ViabilityAnalysisRepository,
  ) {}

  /**
   * Analyses a plate from its loaded data: what an import has just written, or
   * `PlatesService.getPlateForAnalysis` for a refit or an exclusion (the one entry point).
   */
  async analysePlate(
    manager: EntityManager,
    actor: Actor,
    data: PlateForAnalysis,
    options: AnalysePlateOptions = {},
  ): Promise<PlateAnalysisSummary> {
    const { plate, layout, reading } = data;
    if (!reading) {
      throw new DomainError('PLATE_NOT_READ', `plate ${plate.id} has no stored reading yet`);
    }
    const runParameters =
      data.runParameters !== undefined
        ? data.runParameters
        : await this.runParameters(manager, plate.runId);
    const settings = viabilitySettingsFrom(runParameters);
    // A plate read for the first time has no earlier analysis.
    const previous = data.firstReading
      ? undefined
      : await this.repository.currentAnalysis(manager, plate.id);
    // Exclusions are made on analysed plates only: a first analysis has none to read.
    const exclusions = previous
      ? await manager.find(WellExclusion, { where: { plateId: plate.id }, select: { well: true } })
      : [];
    const materialNames = await this.repository.materialNames(manager, data.layoutWells);

    // The read the protocol analyses (absorbance at its wavelengths, fluorescence, luminescence),
    // chosen from the reading's channels; a reading stored before channels were kept has plain
    // absorbance reads at its wavelengths.
    const read = assayRead(layout, runParameters);
    const chosen = chooseChannels(
      reading.metadata.channels ??
        channelsOfWavelengths(data.wellReadings.map((r) => r.wavelengthNm)),
      read,
    );
    let result: ReturnType<typeof analysePlateData>;
    try {
      result = analysePlateData({
        plateId: plate.id,
        runId: plate.runId,
        readingId: reading.id,
        plateSize: plate.plateSize,
        measurementWavelengthNm: read.measurementNm,
        referenceWavelengthNm: read.referenceNm,
        ...(chosen.ok ? { channels: chosen.choice } : {}),
        layoutWells: data.layoutWells,
        wellReadings: data.wellReadings,
        excludedWells: new Set(exclusions.map((e) => e.well)),
        materialNames,
        settings,
        model: options.model,
      });
    } catch (e) {
      if (e instanceof PlateAnalysisError) {
        throw new DomainError('PLATE_NOT_ANALYSABLE', e.message, e.problems);
      }
      throw e;
    }

    const trigger = options.trigger ?? 'import';
    const reason = options.reason ?? null;
    const now = new Date();
    const nowIso = now.toISOString();
    const superseded = previous
      ? await this.supersedePrevious(manager, plate.id, previous.id, result, nowIso)
      : { analysisId: null, fitIds: [] };

    // The analysis, its fits and its derived values (one row for all wells): one statement on
    // PostgreSQL.
    await this.repository.insertAnalysis(
      manager,
      Object.assign(new PlateQcResult(), result.analysis, {
        trigger,
        reason,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      }),
      result.fits.map((f) =>
        Object.assign(new DoseResponseFitRecord(), f, {
          reason: reason ?? trigger,
          createdById: actor.userId,
          createdAt: now,
          updatedAt: now,
        }),
      ),
      result.derived,
    );

    const summary = summarise(result, superseded);
    if (options.audit !== false) {
      await this.audit.record(manager, {
        actor,
        action: trigger === 'import' ? 'analyse' : trigger,
        entity: 'plate',
        id: plate.id,
        after: summary,
        reason,
      });
    }
    return summary;
  }

  /** The parameters of the plate's run (the protocol's viability settings); null without one. */
  private async runParameters(
    manager: EntityManager,
    runId: string | null,
  ): Promise<Run['parameters'] | null> {
    if (!runId) return null;
    const run = await manager.findOne(Run, {
      where: { id: runId },
      select: { id: true, parameters: true },
    });
    return run?.parameters ?? null;
  }

  /** Marks the plate's current analysis and fits superseded by the new ones (same series). */
  private async supersedePrevious(
    manager: EntityManager,
    plateId: string,
    previousId: string,
    result: ReturnType<typeof analysePlateData>,
    nowIso: string,
  ): Promise<PlateAnalysisSummary['superseded']> {
    const oldFits = await manager.find(DoseResponseFitRecord, {
      where: { plateId, status: 'current' },
      select: {
        id: true,
        materialId: true,
        inhibitorName: true,
        inhibitorConcentrationMolar: true,
      },
    });
    await manager.update(
      PlateQcResult,
      { id: previousId },
      { status: 'superseded', supersededById: result.analysis.id },
    );
    const next = new Map(result.fits.map((f) => [seriesKey(f), f.id]));
    for (const old of oldFits) {
      await manager.update(
        DoseResponseFitRecord,
        { id: old.id },
        {
          status: 'superseded',
          supersededById: next.get(seriesKey(old)) ?? null,
          supersededAt: nowIso,
        },
      );
    }
    return { analysisId: previousId, fitIds: oldFits.map((f) => f.id) };
  }

  /**
   * Records that a stored reading could not be analysed (its layout has no blank wells, say):
   * an analysis row without numbers, flagged `not-analysable` and failing QC, which supersedes
   * the plate's previous analysis and fits (made from an older reading). The run then needs a
   * manager's override, with a reason, to be approved with this plate.
   */
  async recordNotAnalysable(
    manager: EntityManager,
    actor: Actor,
    data: PlateForAnalysis,
    error: DomainError,
  ): Promise<{ analysisId: string }> {
    const { plate, reading } = data;
    if (!reading) throw error;
    const run = plate.runId
      ? await manager.findOne(Run, {
          where: { id: plate.runId },
          select: { id: true, parameters: true },
        })
      : null;
    const settings = viabilitySettingsFrom(run?.parameters);
    const id = newId();
    const now = new Date();
    const previous = await manager.findOne(PlateQcResult, {
      where: { plateId: plate.id, status: 'current' },
      select: { id: true },
    });
    if (previous) {
      await manager.update(
        PlateQcResult,
        { id: previous.id },
        { status: 'superseded', supersededById: id },
      );
      await manager.update(
        DoseResponseFitRecord,
        { plateId: plate.id, status: 'current' },
        { status: 'superseded', supersededAt: now.toISOString() },
      );
    }
    const problems = error.errors;
    const inputHash = hashInput({ readingId: reading.id, problems });
    const row = Object.assign(new PlateQcResult(), {
      id,
      plateId: plate.id,
      runId: plate.runId,
      readingId: reading.id,
      status: 'current',
      supersededById: null,
      trigger: 'import',
      lowControl: settings.lowControl,
      zPrimeMin: settings.zPrimeMin,
      zPrime: null,
      zPrimeClass: null,
      passes: false,
      plateZPrimeVehicleVsPositive: null,
      plateZPrimeVehicleVsBlank: null,
      signalToBackground: null,
      vehicleCvPct: null,
      maxReplicateCvPct: null,
      edgeEffectDifferencePct: null,
      edgeEffectPValue: null,
      byLine: [],
      highCvGroups: [],
      normalisation: {
        referenceWavelengthSubtracted: false,
        blankMeanAu: null,
        nBlank: 0,
        lines: [],
        inhibitorOnly: [],
        negativeSignalWells: [],
        flags: ['not-analysable'],
      },
      flags: ['not-analysable'],
      excludedWells: [],
      qcDetails: {
        signalToBackground: null,
        signalWindow: null,
        uniformity: {
          thresholdPct: settings.edgeEffectMaxPercent,
          alpha: 0.05,
          edges: [],
          drift: [],
          edgeEffectMessages: [],
          driftMessages: [],
        },
        notComputed: [{ quantity: 'every result of the plate', reason: error.detail }],
        flagDetails: [
          { flag: 'not-analysable', severity: 'blocks-approval', message: error.detail },
        ],
        blockingFlags: ['not-analysable'],
        fitFlagDetails: [],
      },
      qcMethod: NOT_ANALYSABLE_METHOD,
      qcMethodVersion: '1.0.0',
      qcOptions: { problems },
      qcInputHash: inputHash,
      normalisationMethod: NOT_ANALYSABLE_METHOD,
      normalisationMethodVersion: '1.0.0',
      normalisationInputHash: inputHash,
      createdById: actor.userId,
      reason: error.detail,
      overrideReason: null,
      overriddenById: null,
      overriddenByName: null,
      overriddenAt: null,
      overrideSignatureId: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.repository.insertQcResult(manager, row);
    await this.audit.record(manager, {
      actor,
      action: 'analyse',
      entity: 'plate',
      id: plate.id,
      after: { analysisId: id, status: 'not-analysable', detail: error.detail, problems },
    });
    return { analysisId: id };
  }
}

function summarise(
  result: ReturnType<typeof analysePlateData>,
  superseded: PlateAnalysisSummary['superseded'],
): PlateAnalysisSummary {
  const a = result.analysis;
  return {
    analysisId: a.id,
    plateId: a.plateId,
    runId: a.runId,
    qc: {
      zPrime: a.zPrime,
      zPrimeMin: a.zPrimeMin,
      passes: a.passes,
      signalToBackground: a.signalToBackground,
      signalWindow: a.qcDetails?.signalWindow ?? null,
      flags: a.flags,
      flagDetails: a.qcDetails?.flagDetails ?? [],
      notComputed: a.qcDetails?.notComputed ?? [],
    },
    fits: result.fits.map((f) => ({
      id: f.id,
      materialId: f.materialId,
      materialName: f.materialName,
      inhibitor: f.inhibitorLabel,
      model: f.model,
      fitStatus: f.fitStatus,
      ic50: toIc50Dto(f),
      concentrationUnit: f.concentrationUnit,
      flags: f.flags,
      flagDetails: f.flags.map((flag) => ({
        flag,
        severity: fitFlagSeverity(flag),
        message: fitFlagRule(flag),
      })),
    })),
    superseded,
  };
}
