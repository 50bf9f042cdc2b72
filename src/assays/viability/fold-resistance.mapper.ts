import type { RecordedFoldResistanceDto } from './dto/fold-resistance.dto';
import type { FoldResistanceResult } from './fold-resistance-result.entity';

/** The recorded part of a fold-resistance answer: who recorded it, when, with what note. */
export function recordedPart(row: FoldResistanceResult) {
  return {
    id: row.id,
    recordedAt: row.createdAt instanceof Date ? row.createdAt.toISOString() : String(row.createdAt),
    recordedById: row.recordedById,
    note: row.note,
  };
}

/** A stored fold-resistance result as the API answers it. */
export function toRecordedDto(r: FoldResistanceResult): RecordedFoldResistanceDto {
  return {
    id: r.id,
    resistantMaterialId: r.resistantMaterialId,
    parentalMaterialId: r.parentalMaterialId,
    resistantFitId: r.resistantFitId,
    parentalFitId: r.parentalFitId,
    selection: r.selection,
    status: r.status,
    statusReason: r.statusReason,
    bound:
      r.boundRelation !== null && r.boundValue !== null
        ? { relation: r.boundRelation as '>' | '<', value: r.boundValue }
        : null,
    ratio: r.ratio,
    ci95: r.ci95Low !== null && r.ci95High !== null ? [r.ci95Low, r.ci95High] : null,
    seLnRatio: r.seLnRatio,
    df: r.df,
    definition: r.definition,
    warnings: r.warnings,
    provenance: {
      method: r.method,
      methodVersion: r.methodVersion,
      options: r.options,
      inputHash: r.inputHash,
    },
    recordedAt: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
    recordedById: r.recordedById,
    note: r.note,
  };
}
