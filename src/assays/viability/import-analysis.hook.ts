import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/roles';
import { DomainError } from '../../common/errors/domain.error';
import type { ImportWarning, PlateAnalysisHook } from '../../imports/plate-analysis.hook';
import type { PlateForAnalysis } from '../../plates/plate-for-analysis';
import { PlateAnalysisSummary, ViabilityAnalysisService } from './viability-analysis.service';

/** What the import reports when the layout cannot be analysed (the reading is still stored). */
export interface NotAnalysable {
  status: 'not-analysable';
  /** Why, in one sentence (= detail). */
  reason: string;
  /** The analysis row that records it (failing QC until a manager overrides it). */
  analysisId: string;
  detail: string;
  problems: DomainError['errors'];
  warnings: ImportWarning[];
}

/** The import's top-level warnings: QC failure and every flag of severity ≥ warning. */
export function importWarnings(summary: PlateAnalysisSummary): ImportWarning[] {
  const out: ImportWarning[] = [];
  for (const d of summary.qc.flagDetails) {
    if (d.severity === 'info') continue;
    out.push({
      code: d.flag,
      severity: d.severity,
      message: d.severity === 'blocks-approval' ? `${d.message} (blocks approval)` : d.message,
    });
  }
  for (const f of summary.fits) {
    const who = f.inhibitor
      ? `${f.materialName ?? f.materialId} + ${f.inhibitor}`
      : (f.materialName ?? f.materialId ?? 'fit');
    for (const d of f.flagDetails) {
      if (d.severity === 'info') continue;
      out.push({ code: d.flag, severity: d.severity, message: `${who}: ${d.message}` });
    }
  }
  return out;
}

/**
 * The analysis step of a plate import (registered in ViabilityModule by provideAssay). A valid file on a layout that
 * cannot be analysed (no blank wells, a treated well without concentration) is still stored:
 * the raw values are the record; the import answers why there are no fits, and the run cannot
 * be approved with that plate un-analysed (PlateQcGate).
 */
@Injectable()
export class ImportAnalysisHook implements PlateAnalysisHook {
  constructor(private readonly analysis: ViabilityAnalysisService) {}

  async analysePlate(
    manager: EntityManager,
    actor: Actor,
    data: PlateForAnalysis,
  ): Promise<
    (PlateAnalysisSummary & { status: 'analysed'; warnings: ImportWarning[] }) | NotAnalysable
  > {
    try {
      // The import passes what it has just written: no need to read it back.
      const summary = await this.analysis.analysePlate(manager, actor, data);
      return { status: 'analysed', ...summary, warnings: importWarnings(summary) };
    } catch (e) {
      if (e instanceof DomainError && e.code === 'PLATE_NOT_ANALYSABLE') {
        const { analysisId } = await this.analysis.recordNotAnalysable(manager, actor, data, e);
        return {
          status: 'not-analysable',
          reason: e.detail,
          analysisId,
          detail: e.detail,
          problems: e.errors,
          warnings: [
            {
              code: 'not-analysable',
              severity: 'blocks-approval',
              message: `the reading was stored but could not be analysed: ${e.detail} (blocks approval)`,
            },
          ],
        };
      }
      throw e;
    }
  }
}
