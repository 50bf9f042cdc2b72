import { displayIc50Ratio, type Ic50Estimate, type Ic50Ratio } from '../../analysis/dose-response';
import type { Material } from '../../materials/material.entity';
import type { DoseResponseFitRecord } from './dose-response-fit.entity';
import type { FitSummaryDto, WarningDto } from './dto/fold-resistance.dto';
import type { SelectedFit } from './fit-selection';
import { toIc50Dto } from './viability.mapper';

/*
 * Pure helpers for comparing two selected IC50 fits (fold-resistance, efflux reversal): the
 * estimate a ratio needs, the summary of a fit, and the warnings about the pair.
 */

/** Two fits of the comparison and what is known about them. */
export interface RatioPair {
  resistant: SelectedFit & { material: Material; readDay: string | null };
  parental: SelectedFit & { material: Material; readDay: string | null };
}

/** "9.923 (95 % CI 7.809–12.61)". */
export function displayRatio(r: Pick<Ic50Ratio, 'ratio' | 'ci95' | 'reason' | 'bound'>): string {
  return displayIc50Ratio(r);
}

/** What a ratio needs from a stored fit: the IC50, or its bound ("> top tested dose"). */
export function ic50EstimateOf(f: DoseResponseFitRecord): Ic50Estimate {
  return {
    ic50: f.ic50,
    seLnIc50: f.seLnIc50,
    df: f.df,
    ic50Display: f.ic50Display,
    ic50Bound:
      f.ic50 === null && f.ic50BoundRelation !== null && f.ic50BoundConcentration !== null
        ? {
            relation: f.ic50BoundRelation as '>' | '<',
            concentration: f.ic50BoundConcentration,
          }
        : null,
  };
}

export function fitSummary(s: SelectedFit & { readDay: string | null }): FitSummaryDto {
  const f = s.fit;
  return {
    id: f.id,
    plateId: f.plateId,
    runId: f.runId,
    runApproved: s.runApproved,
    source: s.source,
    status: f.status,
    model: f.model,
    ic50: toIc50Dto(f),
    df: f.df,
    concentrationUnit: f.concentrationUnit,
    flags: f.flags,
    readDay: s.readDay,
  };
}

/** Warnings about comparing two fits: plates, days, models, approval, flags, units. */
export function pairWarnings(
  a: SelectedFit & { readDay: string | null; label: string },
  b: SelectedFit & { readDay: string | null; label: string },
): WarningDto[] {
  const w: WarningDto[] = [];
  for (const s of [a, b]) {
    if (s.source === 'latest-current') {
      w.push({
        code: 'fit-not-from-approved-run',
        message: `${s.label}: no current fit from an approved run; the latest current fit (run ${s.fit.runId ?? 'none'}) was used`,
      });
    }
    if (s.fit.status === 'superseded') {
      w.push({
        code: 'superseded-fit',
        message: `${s.label}: fit ${s.fit.id} was superseded by ${s.fit.supersededById ?? 'a refit'}`,
      });
    }
    if (s.fit.flags.length > 0) {
      w.push({
        code: 'fit-flagged',
        message: `${s.label}: fit flags ${s.fit.flags.join(', ')}`,
      });
    }
  }
  if (a.fit.plateId !== b.fit.plateId) {
    w.push({
      code: 'different-plates',
      message: `the two fits come from different plates (${a.fit.plateId}, ${b.fit.plateId})`,
    });
  }
  if (a.readDay === null || b.readDay === null) {
    w.push({ code: 'read-day-unknown', message: 'the read day of a plate is unknown' });
  } else if (a.readDay !== b.readDay) {
    w.push({
      code: 'different-days',
      message: `the plates were read on different days (${a.readDay}, ${b.readDay})`,
    });
  }
  if (a.fit.model !== b.fit.model) {
    w.push({
      code: 'different-models',
      message: `the fits use different models (${a.fit.model}, ${b.fit.model})`,
    });
  }
  if (a.fit.concentrationUnit !== b.fit.concentrationUnit) {
    w.push({
      code: 'different-units',
      message: `the fits are in different units (${a.fit.concentrationUnit}, ${b.fit.concentrationUnit}): no ratio`,
    });
  }
  return w;
}
