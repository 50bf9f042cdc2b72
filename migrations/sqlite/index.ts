// SQLite migrations in the order they run. Add each new generated migration here.
import { Init1795420823790 } from './1795420823790-Init';
import { AuditAppendOnly1795420824790 } from './1795420824790-AuditAppendOnly';

export const SQLITE_MIGRATIONS = [Init1795420823790, AuditAppendOnly1795420824790];
