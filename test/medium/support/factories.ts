import type { Type } from '@nestjs/common';
import type { User } from '../../../src/auth/user.entity';
import { UsersService } from '../../../src/auth/users.service';
import type { Actor, Role } from '../../../src/common/auth/roles';
import type { PlateImportOutcome } from '../../../src/imports/plate-import.service';
import { PlateImportService } from '../../../src/imports/plate-import.service';
import { PlateMapImportService } from '../../../src/imports/plate-map-import.service';
import { CellLinesService } from '../../../src/materials/cell-lines.service';
import type { CreateCellLineDto } from '../../../src/materials/dto/create-cell-line.dto';
import type { Material } from '../../../src/materials/material.entity';
import type { CreatePlateDto, PlateDto } from '../../../src/plates/dto/plate.dto';
import type {
  ImportPlateLayoutDto,
  PlateLayoutDto,
} from '../../../src/plates/dto/plate-layout.dto';
import { PlatesService } from '../../../src/plates/plates.service';
import { ProtocolVersion } from '../../../src/protocols/protocol-version.entity';
import { Protocol } from '../../../src/protocols/protocol.entity';
import type { CreateRunDto } from '../../../src/runs/dto/create-run.dto';
import type { RunDetailDto } from '../../../src/runs/dto/run.dto';
import { RunTransitionsService } from '../../../src/runs/run-transitions.service';
import { RunsService } from '../../../src/runs/runs.service';
import { syntheticPlateMap, syntheticReading } from '../../support/synthetic-mtt';
import { DataSource } from 'typeorm';

export const PASSWORD = 'correct horse battery staple';

/**
 * Records for medium tests, each built through the service that owns it (so its invariants and
 * audit events hold) from defaults that any field of `overrides` replaces. Names are unique per
 * factory, so a suite may build as many as it likes.
 */
export class Factory {
  private n = 0;

  constructor(private readonly get: <T>(type: Type<T>) => T) {}

  private next(): number {
    return ++this.n;
  }

  /** A user with a password (for signatures) and the Actor a request of theirs would carry. */
  async user(
    overrides: Partial<{ username: string; displayName: string; roles: Role[] }> = {},
  ): Promise<{ user: User; actor: Actor }> {
    const i = this.next();
    const user = await this.get(UsersService).create(
      { system: 'medium-test' },
      {
        username: `user${i}`,
        displayName: `User ${i}`,
        roles: ['scientist'],
        password: PASSWORD,
        ...overrides,
      },
    );
    return { user, actor: actorOf(user) };
  }

  async cellLine(by: Actor, overrides: Partial<CreateCellLineDto> = {}): Promise<Material> {
    const i = this.next();
    return this.get(CellLinesService).createCellLine(by, {
      name: `line ${i}`,
      species: 'Oryctolagus cuniculus',
      tissue: 'synovium',
      passageNumber: 4,
      ...overrides,
    } as CreateCellLineDto);
  }

  /** A layout from a CSV plate map (default: the synthetic MTT map of test/support). */
  async layout(
    by: Actor,
    overrides: Partial<ImportPlateLayoutDto> & { materials: Record<string, string> },
  ): Promise<PlateLayoutDto> {
    const i = this.next();
    return this.get(PlateMapImportService).importPlateMap(by, {
      name: `layout ${i}`,
      csv: syntheticPlateMap(),
      referenceWavelengthNm: 650,
      ...overrides,
    } as ImportPlateLayoutDto);
  }

  async plate(
    by: Actor,
    overrides: Partial<CreatePlateDto> & { layoutId: string },
  ): Promise<PlateDto> {
    const i = this.next();
    return this.get(PlatesService).create(by, {
      barcode: `P-${i}`,
      ...overrides,
    } as CreatePlateDto);
  }

  /** A run of the approved version 1 of a protocol file (default mtt-viability), planned. */
  async run(
    by: Actor,
    overrides: Partial<CreateRunDto> & { protocolKey?: string } = {},
  ): Promise<RunDetailDto> {
    const { protocolKey = 'mtt-viability', ...rest } = overrides;
    const ds = this.get(DataSource);
    const protocol = await ds.getRepository(Protocol).findOneByOrFail({ key: protocolKey });
    const version = await ds
      .getRepository(ProtocolVersion)
      .findOneByOrFail({ protocolId: protocol.id, status: 'approved' });
    return this.get(RunsService).create(by, {
      protocolVersionId: version.id,
      title: `${protocolKey} run ${this.next()}`,
      parameters: {},
      materials: [],
      ...rest,
    } as CreateRunDto);
  }

  /** {@link run}, started by its operator. */
  async startedRun(
    by: Actor,
    overrides: Partial<CreateRunDto> & { protocolKey?: string } = {},
  ): Promise<RunDetailDto> {
    const run = await this.run(by, overrides);
    return this.get(RunTransitionsService).transition(by, run.id, 'start');
  }

  /**
   * A layout, a plate on it and an imported reading (default: the synthetic MTT plate, with
   * the map's `parental` and `resistant` lines bound to `materials`).
   */
  async importedPlate(
    by: Actor,
    overrides: {
      materials: Record<string, string>;
      runId?: string;
      reading?: string;
      barcode?: string;
    },
  ): Promise<{ plate: PlateDto; outcome: PlateImportOutcome }> {
    const layout = await this.layout(by, { materials: overrides.materials });
    const plate = await this.plate(by, {
      layoutId: layout.id,
      ...(overrides.runId ? { runId: overrides.runId } : {}),
      ...(overrides.barcode ? { barcode: overrides.barcode } : {}),
    });
    const outcome = await this.get(PlateImportService).importReading(by, {
      text: overrides.reading ?? syntheticReading(this.next()),
      filename: null,
      plate: plate.id,
      dryRun: false,
      idempotencyKey: null,
    });
    return { plate, outcome };
  }
}

export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    apiKeyId: 'medium-test',
  };
}
