// Every TypeORM entity, in one list, so the server, the CLI data source and the tests agree.
import { ApiKey } from '../auth/api-key.entity';
import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ElectronicSignature } from '../signatures/electronic-signature.entity';

export const ENTITIES = [User, ApiKey, AuditEvent, ElectronicSignature];
