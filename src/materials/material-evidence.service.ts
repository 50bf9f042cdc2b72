import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { NotFoundError } from '../common/errors/domain.error';
import type { MaterialEvidenceDto } from './dto/material-evidence.dto';
import { MaterialEvidenceSources } from './material-evidence';
import { Material } from './material.entity';

/**
 * One page for a reviewer: for a resistant population (or its parental line), every assay's
 * results that involve it side by side (fold-resistance by MTT, transporter fold changes by
 * qPCR, …), each with its run, approval state and provenance.
 */
@Injectable()
export class MaterialEvidenceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sources: MaterialEvidenceSources,
  ) {}

  evidence(id: string): Promise<MaterialEvidenceDto> {
    return this.uow.run(async (m) => {
      const material = await m.getRepository(Material).findOneBy({ id });
      if (!material) throw new NotFoundError('Material', id);
      const parent = material.parentId
        ? await m.getRepository(Material).findOneBy({ id: material.parentId })
        : null;
      const sections = [];
      for (const s of this.sources.all()) {
        sections.push({ section: s.section, title: s.title, items: await s.collect(m, id) });
      }
      return {
        material: { id: material.id, name: material.name, kind: material.kind },
        parent: parent ? { id: parent.id, name: parent.name, kind: parent.kind } : null,
        sections,
      };
    });
  }
}
