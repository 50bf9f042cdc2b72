// Every TypeORM entity, in one list, so the server, the CLI data source and the tests agree.
import { ApiKey } from '../auth/api-key.entity';
import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ElectronicSignature } from '../signatures/electronic-signature.entity';
import { Protocol } from '../protocols/protocol.entity';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import { Material } from '../materials/material.entity';
import { MaterialCustodyEvent } from '../materials/custody-event.entity';
import { Run } from '../runs/run.entity';
import { RunMaterial } from '../runs/run-material.entity';
import { RunDeviation } from '../runs/run-deviation.entity';
import { RunAmendment } from '../runs/run-amendment.entity';
import { RunPassage } from '../runs/resistance/run-passage.entity';

export const ENTITIES = [
  User,
  ApiKey,
  AuditEvent,
  ElectronicSignature,
  Protocol,
  ProtocolVersion,
  Material,
  MaterialCustodyEvent,
  Run,
  RunMaterial,
  RunDeviation,
  RunAmendment,
  RunPassage,
];
