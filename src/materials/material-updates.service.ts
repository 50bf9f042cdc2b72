import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { ProblemItem, ValidationFailedError } from '../common/errors/domain.error';
import { validationExceptionFactory } from '../common/errors/validation-exception.factory';
import { canonicalJson } from '../analysis/common/provenance';
import { storedDose } from './cell-lines.service';
import { assertNoPersonalData } from './donor-privacy.interceptor';
import {
  UPDATE_DTO_BY_KIND,
  UpdateCellLineDto,
  UpdateCryoStockDto,
  UpdateFecalSampleDto,
} from './dto/update-material.dto';
import { auditView } from './material-audit';
import type { CellLineAttributes, CryoStockAttributes } from './material-attributes';
import type { MaterialKindName } from './material-kinds';
import { MaterialWriter } from './material-writer.service';
import { Material } from './material.entity';
import { sameDose } from './stored-dose';

/** Attributes a PATCH copies as given (null clears an optional one), by kind. */
const PLAIN_ATTRIBUTES: Readonly<Record<MaterialKindName, readonly string[]>> = {
  'cell-line': ['species', 'tissue', 'source', 'passageNumber', 'notes'],
  'cryo-stock': ['passageAtFreezing', 'vialCount', 'notes'],
  donor: [
    'condition',
    'responderStatus',
    'samplingTimepoint',
    'consentReference',
    'tpmtGenotype',
    'nudt15Genotype',
    'tgnPmolPer8e8Rbc',
    'mmpPmolPer8e8Rbc',
    'notes',
  ],
  'fecal-sample': ['massGrams', 'notes'],
  'fecal-aliquot': ['volumeMicrolitres', 'notes'],
  'bacterial-culture': [
    'medium',
    'atmosphere',
    'chamberO2Ppm',
    'temperatureCelsius',
    'inoculum',
    'treatment',
    'notes',
  ],
};

type UpdateBody = Record<string, unknown> & {
  name?: string;
  barcode?: string | null;
  reason?: string;
};

/**
 * PATCH of a material's editable attributes, validated against its kind's DTO (the kind is
 * known only once the material is loaded). Audited with before and after; a PATCH that changes
 * nothing writes nothing.
 */
@Injectable()
export class MaterialUpdatesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly writer: MaterialWriter,
    private readonly audit: AuditService,
  ) {}

  update(actor: Actor, id: string, body: unknown): Promise<Material> {
    return this.uow.run(async (m) => {
      const material = await this.writer.loadForUpdate(m, id);
      if (material.kind === 'donor') assertNoPersonalData(body);
      const dto = await validateBody(material.kind, body);
      const before = auditView(material);
      if (dto.barcode !== undefined && dto.barcode !== material.barcode) {
        await this.writer.assertBarcodesFree(
          m,
          [{ barcode: dto.barcode, field: 'barcode' }],
          material.id,
        );
        material.barcode = dto.barcode;
      }
      if (dto.name !== undefined) material.name = dto.name;
      const attributes: Record<string, unknown> = { ...material.attributes };
      for (const key of PLAIN_ATTRIBUTES[material.kind]) {
        if (dto[key] !== undefined) attributes[key] = dto[key];
      }
      this.applySpecial(actor, material, attributes, dto);
      material.attributes = attributes;
      if (canonicalJson(before) === canonicalJson(auditView(material))) return material;
      await m.getRepository(Material).save(material);
      await this.audit.record(m, {
        actor,
        action: 'update',
        entity: 'material',
        id: material.id,
        before,
        after: auditView(material),
        reason: dto.reason ?? null,
      });
      return material;
    });
  }

  /** The attributes that need more than a copy: doses, timestamps, derived-only fields. */
  private applySpecial(
    actor: Actor,
    material: Material,
    attributes: Record<string, unknown>,
    body: UpdateBody,
  ): void {
    const problems: ProblemItem[] = [];
    switch (material.kind) {
      case 'cell-line': {
        const dto = body as UpdateCellLineDto;
        const line = attributes as unknown as CellLineAttributes;
        const derived = line.lineType === 'derived';
        for (const field of ['selectionAgent', 'currentDose'] as const) {
          if (dto[field] !== undefined && !derived) {
            problems.push({
              field,
              code: 'DERIVED_ONLY',
              message: `only a derived population has a ${field}`,
            });
          }
        }
        if (dto.selectionAgent !== undefined) line.selectionAgent = dto.selectionAgent;
        const dose = dto.currentDose ? storedDose(dto.currentDose, 'currentDose', problems) : null;
        if (derived && dose && !sameDose(line.currentDose, dose)) {
          line.currentDose = dose;
          line.selectionHistory = [
            ...line.selectionHistory,
            {
              at: new Date().toISOString(),
              dose,
              passageNumber: dto.passageNumber ?? line.passageNumber,
              source: 'update',
              reason: dto.reason ?? null,
              actorId: actor.userId,
            },
          ];
        }
        break;
      }
      case 'cryo-stock': {
        const dto = body as UpdateCryoStockDto;
        const stock = attributes as unknown as CryoStockAttributes;
        if (dto.doseAtFreezing === null) stock.doseAtFreezing = null;
        else if (dto.doseAtFreezing) {
          stock.doseAtFreezing = storedDose(dto.doseAtFreezing, 'doseAtFreezing', problems);
        }
        if (dto.frozenAt !== undefined) {
          stock.frozenAt = this.writer.instant(dto.frozenAt, 'frozenAt').toISOString();
        }
        break;
      }
      case 'fecal-sample': {
        const dto = body as UpdateFecalSampleDto;
        if (dto.collectedAt !== undefined) {
          attributes.collectedAt = this.writer
            .instant(dto.collectedAt, 'collectedAt')
            .toISOString();
        }
        break;
      }
      case 'donor':
      case 'fecal-aliquot':
      case 'bacterial-culture':
        break;
    }
    if (problems.length) throw new ValidationFailedError(problems);
  }
}

/** Validates a PATCH body against the DTO of the material's kind, as the global pipe would. */
async function validateBody(kind: MaterialKindName, body: unknown): Promise<UpdateBody> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([
      { field: 'body', code: 'NOT_AN_OBJECT', message: 'the body must be a JSON object' },
    ]);
  }
  const dto = plainToInstance(UPDATE_DTO_BY_KIND[kind], body) as object;
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationExceptionFactory(errors);
  return dto as UpdateBody;
}
