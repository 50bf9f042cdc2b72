import type { Provider, Type } from '@nestjs/common';
import { PlateAnalyses, type PlateAnalysisHook } from '../imports/plate-analysis.hook';
import {
  SampleConcentrationsHooks,
  type SampleConcentrationsHook,
} from './lcms/sample-concentrations.hook';
import {
  MaterialEvidenceSources,
  type MaterialEvidenceSource,
} from '../materials/material-evidence';
import { AssayFamilies } from '../protocols/assay-families';
import { AssayViews, type AssayViewProvider } from '../runs/assay-views';
import { RunApprovalChecks, type RunApprovalCheck } from '../runs/run-approval-check';
import { RunSubmissionChecks, type RunSubmissionCheck } from '../runs/run-submission-check';

/** What an assay module provides to the rest of the LIMS. */
export interface AssayRegistration {
  /** The assay's name, for start-up errors: `viability`. */
  assay: string;
  /** The protocol families (protocol file keys) whose data this module analyses. */
  families: readonly string[];
  /**
   * The analysis of a plate-reader reading, run by the import in its transaction right after
   * the reading is stored. At most one assay provides it (today: viability).
   */
  plateAnalysis?: Type<PlateAnalysisHook>;
  /**
   * Results derived from LC-MS/MS concentrations, recomputed in the transaction that changed
   * them (an import, a calibrator's exclusion). Needs LcmsModule, which owns the registry.
   */
  concentrationsChanged?: Type<SampleConcentrationsHook>;
  /** Checks that can veto a run's approval (each runs on every approval). */
  runApprovalChecks?: readonly Type<RunApprovalCheck>[];
  /** Checks that can refuse a run's submission for review (each runs on every submission). */
  runSubmissionChecks?: readonly Type<RunSubmissionCheck>[];
  /** Sections of a material's evidence page (GET /materials/:id/evidence). */
  materialEvidence?: readonly Type<MaterialEvidenceSource>[];
  /** What the assay shows in the web UI: sections of a run's page and pages of its own. */
  views?: Type<AssayViewProvider>;
}

/**
 * The one place an assay module says what it provides: put `provideAssay({...})` in the
 * module's `providers` (and the classes it names too), and import the modules that own the
 * registries (ProtocolsModule, ImportsModule when it registers a plate analysis, LcmsModule when
 * it recomputes results from concentrations, RunsModule when it registers approval or submission
 * checks, MaterialsModule when it adds evidence). Nothing is global or optional: a protocol family nobody
 * analyses, or plate imports without their analysis, stop the boot with a message that says
 * which module to wire.
 */
export function provideAssay(registration: AssayRegistration): Provider {
  const {
    assay,
    families,
    plateAnalysis,
    concentrationsChanged,
    runApprovalChecks = [],
    runSubmissionChecks = [],
    materialEvidence = [],
    views,
  } = registration;
  const parts: Type<unknown>[] = [
    AssayFamilies,
    ...(plateAnalysis ? [PlateAnalyses, plateAnalysis] : []),
    ...(concentrationsChanged ? [SampleConcentrationsHooks, concentrationsChanged] : []),
    ...(runApprovalChecks.length ? [RunApprovalChecks, ...runApprovalChecks] : []),
    ...(runSubmissionChecks.length ? [RunSubmissionChecks, ...runSubmissionChecks] : []),
    ...(materialEvidence.length ? [MaterialEvidenceSources, ...materialEvidence] : []),
    ...(views ? [AssayViews, views] : []),
  ];
  return {
    provide: Symbol(`assay: ${assay}`),
    inject: parts,
    useFactory: (...instances: unknown[]) => {
      let i = 0;
      (instances[i++] as AssayFamilies).register(assay, families);
      if (plateAnalysis) {
        const registry = instances[i++] as PlateAnalyses;
        registry.register(assay, instances[i++] as PlateAnalysisHook);
      }
      if (concentrationsChanged) {
        const registry = instances[i++] as SampleConcentrationsHooks;
        registry.register(assay, instances[i++] as SampleConcentrationsHook);
      }
      if (runApprovalChecks.length) {
        const registry = instances[i++] as RunApprovalChecks;
        for (let k = 0; k < runApprovalChecks.length; k++) {
          registry.register(assay, instances[i++] as RunApprovalCheck);
        }
      }
      if (runSubmissionChecks.length) {
        const registry = instances[i++] as RunSubmissionChecks;
        for (let k = 0; k < runSubmissionChecks.length; k++) {
          registry.register(assay, instances[i++] as RunSubmissionCheck);
        }
      }
      if (materialEvidence.length) {
        const registry = instances[i++] as MaterialEvidenceSources;
        for (let k = 0; k < materialEvidence.length; k++) {
          registry.register(instances[i++] as MaterialEvidenceSource);
        }
      }
      if (views) {
        const registry = instances[i++] as AssayViews;
        registry.register(assay, instances[i++] as AssayViewProvider);
      }
      return registration;
    },
  };
}
