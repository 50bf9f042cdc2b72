import type { LayoutWellDto, PlateLayoutDto, PlateLayoutSummaryDto } from './dto/plate-layout.dto';
import type { PlateDto, PlateReadingSummaryDto } from './dto/plate.dto';
import type { LayoutWell } from './layout-well.entity';
import type { PlateLayout } from './plate-layout.entity';
import type { PlateReading } from './plate-reading.entity';
import type { Plate } from './plate.entity';
import type { WellReading } from './plate-reading-values.entity';

export function toLayoutSummaryDto(l: PlateLayout): PlateLayoutSummaryDto {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    plateSize: l.plateSize,
    measurementWavelengthNm: l.measurementWavelengthNm,
    referenceWavelengthNm: l.referenceWavelengthNm,
    readMode: l.readMode,
    excitationWavelengthNm: l.excitationWavelengthNm,
    emissionWavelengthNm: l.emissionWavelengthNm,
    readGain: l.readGain,
    lockedAt: l.lockedAt,
    copiedFromId: l.copiedFromId,
    createdById: l.createdById,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

export function toLayoutWellDto(w: LayoutWell): LayoutWellDto {
  return {
    well: w.well,
    row: w.row,
    column: w.column,
    role: w.role,
    materialId: w.materialId,
    concentrationValue: w.concentrationValue,
    concentrationUnit: w.concentrationUnit,
    concentrationMolar: w.concentrationMolar,
    replicateGroup: w.replicateGroup,
    inhibitorName: w.inhibitorName,
    inhibitorConcentrationValue: w.inhibitorConcentrationValue,
    inhibitorConcentrationUnit: w.inhibitorConcentrationUnit,
    inhibitorConcentrationMolar: w.inhibitorConcentrationMolar,
  };
}

/**
 * A well's layout entry as a plate's or an analysis's wells show it; a well the layout does not
 * list is empty.
 */
export function layoutEntryOf(w: LayoutWell | undefined) {
  return {
    role: w?.role ?? 'empty',
    materialId: w?.materialId ?? null,
    concentrationValue: w?.concentrationValue ?? null,
    concentrationUnit: w?.concentrationUnit ?? null,
    concentrationMolar: w?.concentrationMolar ?? null,
    inhibitorName: w?.inhibitorName ?? null,
    inhibitorConcentrationValue: w?.inhibitorConcentrationValue ?? null,
    inhibitorConcentrationUnit: w?.inhibitorConcentrationUnit ?? null,
  };
}

/** One raw value as read: the number and the file's own text. */
export function toRawValueDto(v: WellReading) {
  return {
    id: v.id,
    wavelengthNm: v.wavelengthNm,
    channel: v.channel,
    value: v.value,
    status: v.status,
    raw: v.raw,
  };
}

export function toLayoutDto(l: PlateLayout, wells: LayoutWell[]): PlateLayoutDto {
  return { ...toLayoutSummaryDto(l), wells: wells.map(toLayoutWellDto) };
}

export function toPlateDto(p: Plate): PlateDto {
  return {
    id: p.id,
    barcode: p.barcode,
    name: p.name,
    plateSize: p.plateSize,
    layoutId: p.layoutId,
    runId: p.runId,
    status: p.status,
    readAt: p.readAt,
    createdById: p.createdById,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function toReadingSummaryDto(r: PlateReading): PlateReadingSummaryDto {
  return {
    id: r.id,
    plateId: r.plateId,
    format: r.format,
    contentHash: r.contentHash,
    idempotencyKey: r.idempotencyKey,
    instrumentId: r.instrumentId,
    sourceFilename: r.sourceFilename,
    receivedAt: r.receivedAt,
    uploadedById: r.uploadedById,
    valueCount: r.valueCount,
    wavelengthsNm: r.metadata.wavelengthsNm ?? [],
    metadata: r.metadata as unknown as Record<string, unknown>,
  };
}
