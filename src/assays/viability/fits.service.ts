import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain.error';
import { Plate } from '../../plates/plate.entity';
import { DoseResponseFitRecord } from './dose-response-fit.entity';
import type { FitDto, FitPageDto, ListFitsQueryDto } from './dto/fit.dto';
import type { PlateQcResultDto } from './dto/plate-analysis.dto';
import { PlateQcResult } from './plate-qc-result.entity';
import { toFitDto, toQcDto } from './viability.mapper';

/** Most rows one CSV export returns. */
export const EXPORT_LIMIT = 10_000;

/** Reads of dose-response fits and plate QC results (no writes). */
@Injectable()
export class FitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async getRecord(id: string, manager: EntityManager = this.dataSource.manager) {
    const fit = await manager.findOneBy(DoseResponseFitRecord, { id });
    if (!fit) throw new NotFoundError('Fit', id);
    return fit;
  }

  async get(id: string): Promise<FitDto> {
    return toFitDto(await this.getRecord(id));
  }

  private filtered(q: Partial<ListFitsQueryDto>): SelectQueryBuilder<DoseResponseFitRecord> {
    const qb = this.dataSource.getRepository(DoseResponseFitRecord).createQueryBuilder('f');
    if (q.materialId) qb.andWhere('f.materialId = :materialId', { materialId: q.materialId });
    if (q.plateId) qb.andWhere('f.plateId = :plateId', { plateId: q.plateId });
    if (q.runId) qb.andWhere('f.runId = :runId', { runId: q.runId });
    if (q.status) qb.andWhere('f.status = :status', { status: q.status });
    if (q.inhibitor === 'none') qb.andWhere('f.inhibitorName IS NULL');
    else if (q.inhibitor) qb.andWhere('f.inhibitorName = :inh', { inh: q.inhibitor });
    return qb.orderBy('f.createdAt', 'DESC').addOrderBy('f.id', 'ASC');
  }

  async list(q: ListFitsQueryDto): Promise<FitPageDto> {
    const [rows, total] = await this.filtered(q).skip(q.offset).take(q.limit).getManyAndCount();
    return { items: rows.map(toFitDto), total, limit: q.limit, offset: q.offset };
  }

  /** Every fit matching the filters (for the CSV export), newest first, up to EXPORT_LIMIT. */
  async listForExport(q: Partial<ListFitsQueryDto>): Promise<DoseResponseFitRecord[]> {
    return this.filtered(q).take(EXPORT_LIMIT).getMany();
  }

  private async assertPlate(plateId: string): Promise<void> {
    if (!(await this.dataSource.manager.existsBy(Plate, { id: plateId }))) {
      throw new NotFoundError('Plate', plateId);
    }
  }

  /** The plate's current fits, or all of them (history) with `all`. */
  async forPlate(plateId: string, all = false): Promise<FitDto[]> {
    await this.assertPlate(plateId);
    const rows = await this.filtered({ plateId, status: all ? undefined : 'current' })
      .take(EXPORT_LIMIT)
      .getMany();
    return rows.map(toFitDto);
  }

  /** Every fit of a material, current and superseded, newest first: its fitting history. */
  async forMaterial(materialId: string): Promise<FitDto[]> {
    const rows = await this.filtered({ materialId }).take(EXPORT_LIMIT).getMany();
    return rows.map(toFitDto);
  }

  /** The plate's analyses (QC results), newest first; the current one first of all. */
  async qcForPlate(plateId: string): Promise<PlateQcResultDto[]> {
    await this.assertPlate(plateId);
    const rows = await this.dataSource.getRepository(PlateQcResult).find({
      where: { plateId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    rows.sort((a, b) => Number(b.status === 'current') - Number(a.status === 'current'));
    return rows.map(toQcDto);
  }
}
