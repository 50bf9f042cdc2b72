import type { CustodyEventDto } from './dto/custody-event.dto';
import type { DrugLevelFlagsDto, MaterialDto } from './dto/material.dto';
import type { MaterialCustodyEvent } from './custody-event.entity';
import { assessDrugLevels } from './drug-levels';
import type { DonorAttributes } from './material-attributes';
import type { Material } from './material.entity';

export function toMaterialDto(m: Material): MaterialDto {
  const dto: MaterialDto = {
    id: m.id,
    kind: m.kind,
    barcode: m.barcode,
    name: m.name,
    parentId: m.parentId,
    status: m.status,
    location: m.location,
    frozen: m.frozen,
    freezeThawCount: m.freezeThawCount,
    attributes: m.attributes,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
  if (m.kind === 'donor')
    dto.drugLevelFlags = donorFlags(m.attributes as unknown as DonorAttributes);
  return dto;
}

/** The donor's 6-TGN and 6-MMP levels flagged against the ranges (computed, never stored). */
function donorFlags(a: DonorAttributes): DrugLevelFlagsDto {
  const { tgn, mmp } = assessDrugLevels({
    tgnPmolPer8e8Rbc: a.tgnPmolPer8e8Rbc,
    mmpPmolPer8e8Rbc: a.mmpPmolPer8e8Rbc,
  });
  return { ...(tgn ? { tgn } : {}), ...(mmp ? { mmp } : {}) };
}

export function toCustodyEventDto(e: MaterialCustodyEvent): CustodyEventDto {
  return {
    id: e.id,
    materialId: e.materialId,
    type: e.type,
    occurredAt: e.occurredAt,
    fromLocation: e.fromLocation,
    toLocation: e.toLocation,
    freezeThawCountAfter: e.freezeThawCountAfter,
    notes: e.notes,
    details: e.details,
    actorId: e.actorId,
    actorName: e.actorName,
  };
}
