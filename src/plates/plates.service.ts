import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { isUniqueViolation } from '../common/database/unique-violation';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import { formatWellName, plateDimensions, type PlateSize } from '../analysis/plate/well-position';
import { assertRunDataWritable } from '../runs/run-data-lock';
import { recordContribution } from '../common/duties/separation-of-duties';
import { Run } from '../runs/run.entity';
import type {
  CreatePlateDto,
  PlateDetailDto,
  PlateDto,
  PlateWellDto,
  PlateWellsDto,
} from './dto/plate.dto';
import { PlateLayout } from './plate-layout.entity';
import { PlateLayoutsService } from './plate-layouts.service';
import { PlatesRepository } from './plates.repository';
import type { PlateForAnalysis } from './plate-for-analysis';
import { PlateReading } from './plate-reading.entity';
import { Plate, type PlateStatus } from './plate.entity';
import { layoutEntryOf, toPlateDto, toRawValueDto, toReadingSummaryDto } from './plate.mapper';
import {
  fromStoredReadingValues,
  PlateReadingValues,
  type WellReading,
} from './plate-reading-values.entity';

@Injectable()
export class PlatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly layouts: PlateLayoutsService,
    private readonly repository: PlatesRepository,
  ) {}

  /** Plans a plate on a layout (and a run); the layout is locked from now on. */
  async create(actor: Actor, dto: CreatePlateDto): Promise<PlateDto> {
    try {
      return await this.uow.run(async (m) => {
        const layout = await m.findOneBy(PlateLayout, { id: dto.layoutId });
        if (!layout) {
          throw new DomainError('PLATE_REFERENCE_UNKNOWN', `no plate layout ${dto.layoutId}`, [
            { field: 'layoutId', code: 'UNKNOWN_LAYOUT', message: 'no such plate layout' },
          ]);
        }
        if (dto.plateSize !== undefined && dto.plateSize !== layout.plateSize) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `the layout is for ${layout.plateSize}-well plates`,
            [
              {
                field: 'plateSize',
                code: 'PLATE_SIZE_MISMATCH',
                message: `the layout is for ${layout.plateSize}-well plates, not ${dto.plateSize}`,
              },
            ],
          );
        }
        if (dto.runId && !(await m.existsBy(Run, { id: dto.runId }))) {
          throw new DomainError('PLATE_REFERENCE_UNKNOWN', `no run ${dto.runId}`, [
            { field: 'runId', code: 'UNKNOWN_RUN', message: 'no such run' },
          ]);
        }
        if (dto.runId) {
          await assertRunDataWritable(m, dto.runId, { what: 'plan a plate on it' });
          const plate = dto.barcode ?? dto.name ?? 'without a barcode';
          await recordContribution(
            m,
            actor,
            { entity: 'run', id: dto.runId },
            'recorded-data',
            `planned plate ${plate}`,
          );
        }
        if (dto.barcode && (await m.existsBy(Plate, { barcode: dto.barcode }))) {
          throw barcodeTaken(dto.barcode);
        }
        const plate = m.create(Plate, {
          id: newId(),
          barcode: dto.barcode ?? null,
          name: dto.name ?? null,
          plateSize: layout.plateSize,
          layoutId: layout.id,
          runId: dto.runId ?? null,
          status: 'planned' as PlateStatus,
          readAt: null,
          createdById: actor.userId,
        });
        await m.insert(Plate, plate);
        await this.layouts.lock(m, layout.id, new Date().toISOString());
        await this.audit.record(m, {
          actor,
          action: 'plate.planned',
          entity: 'plate',
          id: plate.id,
          after: {
            barcode: plate.barcode,
            name: plate.name,
            plateSize: plate.plateSize,
            layoutId: plate.layoutId,
            runId: plate.runId,
          },
        });
        return toPlateDto(await m.findOneByOrFail(Plate, { id: plate.id }));
      });
    } catch (e) {
      // Two concurrent plans of one barcode: the unique index decides.
      if (dto.barcode && isUniqueViolation(e)) throw barcodeTaken(dto.barcode);
      throw e;
    }
  }

  async list(q: {
    status?: PlateStatus;
    runId?: string;
    layoutId?: string;
    plateSize?: PlateSize;
    barcode?: string;
    createdFrom?: string;
    createdTo?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: PlateDto[]; total: number }> {
    const qb = this.dataSource
      .getRepository(Plate)
      .createQueryBuilder('p')
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'ASC')
      .take(q.limit)
      .skip(q.offset);
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.runId) qb.andWhere('p.runId = :runId', { runId: q.runId });
    if (q.layoutId) qb.andWhere('p.layoutId = :layoutId', { layoutId: q.layoutId });
    if (q.plateSize) qb.andWhere('p.plateSize = :size', { size: q.plateSize });
    if (q.barcode) qb.andWhere('p.barcode = :barcode', { barcode: q.barcode });
    if (q.createdFrom) qb.andWhere('p.createdAt >= :from', { from: new Date(q.createdFrom) });
    if (q.createdTo) qb.andWhere('p.createdAt < :to', { to: new Date(q.createdTo) });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toPlateDto), total };
  }

  async get(id: string): Promise<PlateDetailDto> {
    const m = this.dataSource.manager;
    const plate = await m.findOneBy(Plate, { id });
    if (!plate) throw new NotFoundError('plate', id);
    return this.detail(m, plate);
  }

  async getByBarcode(barcode: string): Promise<PlateDetailDto> {
    const m = this.dataSource.manager;
    const plate = await m.findOneBy(Plate, { barcode });
    if (!plate) throw new NotFoundError('plate with barcode', barcode);
    return this.detail(m, plate);
  }

  /** Every well of the plate with its layout entry and the raw values of one reading. */
  async wells(id: string, readingId?: string): Promise<PlateWellsDto> {
    const m = this.dataSource.manager;
    const plate = await m.findOneBy(Plate, { id });
    if (!plate) throw new NotFoundError('plate', id);
    const layoutWells = await this.layouts.loadWells(m, plate.layoutId);
    const reading = readingId
      ? await m.findOneBy(PlateReading, { id: readingId, plateId: id })
      : await this.latestReading(m, id);
    if (readingId && !reading) throw new NotFoundError('reading of this plate', readingId);
    const values = reading ? await this.readingValues(m, reading.id) : [];
    const { rows, columns } = plateDimensions(plate.plateSize);
    const byWell = new Map(layoutWells.map((w) => [w.well, w]));
    const valuesByWell = new Map<string, WellReading[]>();
    for (const v of values) {
      const list = valuesByWell.get(v.well);
      if (list) list.push(v);
      else valuesByWell.set(v.well, [v]);
    }
    const wells: PlateWellDto[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const well = formatWellName(r, c);
        const lw = byWell.get(well);
        wells.push({
          well,
          row: r,
          column: c,
          ...layoutEntryOf(lw),
          replicateGroup: lw?.replicateGroup ?? null,
          values: (valuesByWell.get(well) ?? []).map(toRawValueDto),
        });
      }
    }
    return {
      plateId: plate.id,
      plateSize: plate.plateSize,
      readingId: reading?.id ?? null,
      wavelengthsNm: reading?.metadata.wavelengthsNm ?? [],
      wells,
    };
  }

  /** Loads a plate, its layout wells and its latest reading's raw values. */
  async getPlateForAnalysis(manager: EntityManager, plateId: string): Promise<PlateForAnalysis> {
    const plate = await manager.findOneBy(Plate, { id: plateId });
    if (!plate) throw new NotFoundError('plate', plateId);
    const { layout, wells: layoutWells } = await this.layouts.getForImport(manager, plate.layoutId);
    const reading = await this.latestReading(manager, plateId);
    const wellReadings = reading ? await this.readingValues(manager, reading.id) : [];
    return { plate, layout, layoutWells, reading, wellReadings };
  }

  /** One reading's raw values, by wavelength then row-major (as stored); [] for none. */
  async readingValues(manager: EntityManager, readingId: string): Promise<WellReading[]> {
    const row = await manager.findOneBy(PlateReadingValues, { readingId });
    return row ? fromStoredReadingValues(readingId, row.rawValues) : [];
  }

  /** The plate a feed names: by id (a UUID) or by barcode. Null when none matches. */
  findByReference(manager: EntityManager, reference: string): Promise<Plate | null> {
    return this.repository.findByReference(manager, reference);
  }

  /**
   * Stores an imported reading with its raw values and marks the plate read at `readAt`, in the
   * caller's transaction. Resolves true when this is the plate's first reading (it was only
   * planned: no earlier reading, analysis or exclusion). See PlatesRepository.insertReading.
   */
  storeReading(
    manager: EntityManager,
    plateId: string,
    reading: PlateReading,
    values: PlateReadingValues,
    readAt: string,
    now: Date,
  ): Promise<boolean> {
    return this.repository.insertReading(manager, plateId, reading, values, readAt, now);
  }

  latestReading(m: EntityManager, plateId: string): Promise<PlateReading | null> {
    return m.findOne(PlateReading, {
      where: { plateId },
      order: { receivedAt: 'DESC', createdAt: 'DESC', id: 'DESC' },
    });
  }

  private async detail(m: EntityManager, plate: Plate): Promise<PlateDetailDto> {
    const readings = await m.find(PlateReading, {
      where: { plateId: plate.id },
      order: { receivedAt: 'DESC', createdAt: 'DESC', id: 'DESC' },
    });
    return { ...toPlateDto(plate), readings: readings.map(toReadingSummaryDto) };
  }
}

function barcodeTaken(barcode: string): DomainError {
  return new DomainError('BARCODE_TAKEN', `a plate has the barcode ${barcode}`, [
    { field: 'barcode', code: 'BARCODE_TAKEN', message: 'that barcode is in use' },
  ]);
}
