import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/roles';
import { DomainError } from '../common/errors/domain.error';
import type { ImportPlateLayoutDto, PlateLayoutDto } from '../plates/dto/plate-layout.dto';
import type { NamedLayoutWellSpec } from '../plates/layout-wells';
import { PlateLayoutsService } from '../plates/plate-layouts.service';
import { parsePlateMap } from './plate-maps';

/**
 * A CSV plate map → a plate layout. The map is parsed here (imports reads files); the plates
 * module resolves its material names, validates and stores the layout in one transaction.
 */
@Injectable()
export class PlateMapImportService {
  constructor(private readonly layouts: PlateLayoutsService) {}

  importPlateMap(actor: Actor, dto: ImportPlateLayoutDto): Promise<PlateLayoutDto> {
    // Without a stated size the map is 96-well: a typo such as I13 must not make it 384-well.
    const parsed = parsePlateMap(
      dto.csv,
      dto.plateSize ? { plateSize: dto.plateSize } : { inferPlateSize: false },
    );
    if (!parsed.ok) {
      throw new DomainError(
        'IMPORT_REJECTED',
        `the plate map has ${parsed.problems.length} problem(s); no layout was created`,
        parsed.problems,
      );
    }
    const wells: NamedLayoutWellSpec[] = parsed.layout.wells.map((w) => ({
      well: w.well,
      role: w.role,
      material: w.material,
      concentrationValue: w.concentration?.value ?? null,
      concentrationUnit: w.concentration?.unit ?? null,
      replicateGroup: w.replicateGroup ?? null,
      inhibitorName: w.inhibitor?.name ?? null,
      inhibitorConcentrationValue: w.inhibitor?.concentration?.value ?? null,
      inhibitorConcentrationUnit: w.inhibitor?.concentration?.unit ?? null,
      line: w.line,
    }));
    return this.layouts.createFromPlateMap(actor, dto, parsed.layout.plateSize, wells);
  }
}
