import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain.error';
import { Plate } from '../../plates/plate.entity';
import { PlateLayoutsService } from '../../plates/plate-layouts.service';
import { PlatesService } from '../../plates/plates.service';
import { AnalysisDerivedValues } from './analysis-derived-values.entity';
import type { AnalysisWellsDto } from './dto/analysis-wells.dto';
import { PlateQcResult } from './plate-qc-result.entity';
import { ViabilityAnalysisRepository } from './viability-analysis.repository';
import { toAnalysisWellsDto } from './viability.mapper';

/**
 * Reads one analysis's derived well values with what they came from: the layout entry of each
 * well and the raw values (plate_reading_values) the derived values point to. No writes: every
 * row read is immutable once written (layouts are locked once a plate uses them).
 */
@Injectable()
export class AnalysisWellsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plates: PlatesService,
    private readonly layouts: PlateLayoutsService,
    private readonly repository: ViabilityAnalysisRepository,
  ) {}

  async get(plateId: string, analysisId: string): Promise<AnalysisWellsDto> {
    const m = this.dataSource.manager;
    const analysis = await m.findOneBy(PlateQcResult, { id: analysisId, plateId });
    if (!analysis) {
      throw new DomainError('NOT_FOUND', `plate ${plateId} has no analysis ${analysisId}`);
    }
    const plate = await m.findOneOrFail(Plate, {
      where: { id: plateId },
      select: { id: true, layoutId: true },
    });
    const derived = await m.findOneBy(AnalysisDerivedValues, { analysisId });
    const layoutWells = await this.layouts.loadWells(m, plate.layoutId);
    const rawValues = derived ? await this.plates.readingValues(m, derived.readingId) : [];
    return toAnalysisWellsDto(
      analysis,
      derived,
      layoutWells,
      rawValues,
      await this.repository.materialNames(m, layoutWells),
    );
  }
}
