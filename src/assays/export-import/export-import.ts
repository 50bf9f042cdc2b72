import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import type { AuditedEntity } from '../../audit/audited-entities';
import type { Actor } from '../../common/auth/roles';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError, type ProblemItem } from '../../common/errors/domain.error';

/**
 * The plumbing every assay's import of an instrument export shares (qPCR into a run, LC-MS/MS
 * into a batch): the options a route or page gives, the outcome it answers, the content hash that
 * makes a repeat a duplicate, the two refusals (unreadable, does not fit), and the end of an
 * import that wrote (the writer's contribution to the run and the audit event). The assay's
 * service keeps its own steps in between: load and lock its target, read and map the file,
 * analyse, store. The route's side is export-upload.ts.
 */

/** How a route or page asks for an export import. */
export interface ExportImportOptions<Format extends string = string> {
  /** Answer the same report without writing anything. */
  dryRun: boolean;
  /** The export's layout; by default recognised from its content. */
  format?: Format;
  /** The file name to record (a text body has none). */
  filename: string | null;
}

/**
 * An import's answer: `created` when it wrote (201), else a duplicate of the target's current
 * import or a dry run (200), with the same report.
 */
export interface ExportImportOutcome<Report> {
  created: boolean;
  report: Report;
}

/** The sha256 of the export's bytes as sent: the same content for the same target is a duplicate. */
export function exportContentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const MAX_LISTED = 30;

/** Names for a refusal's message: all of them, or the first 30 and how many more. */
export function listedNames(names: readonly string[]): string {
  return names.length <= MAX_LISTED
    ? names.join(', ')
    : `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
}

const problems = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

/** IMPORT_REJECTED: the parser could not read the file (`readAs`: the layout it tried). */
export function exportUnreadable(items: ProblemItem[], readAs?: string | null): DomainError {
  return new DomainError(
    'IMPORT_REJECTED',
    `the file was rejected (${problems(items.length)}${readAs ? `, read as ${readAs}` : ''}); nothing was stored`,
    items,
  );
}

/** IMPORT_REJECTED: the file was read but does not fit its target (the first 200 problems). */
export function exportDoesNotFit(target: string, items: ProblemItem[]): DomainError {
  return new DomainError(
    'IMPORT_REJECTED',
    `the file does not fit ${target} (${problems(items.length)}); nothing was stored`,
    items.slice(0, 200),
  );
}

/** The answer of an import that wrote nothing: a duplicate, or a dry run. */
export function nothingWritten<Report>(report: Report): ExportImportOutcome<Report> {
  return { created: false, report };
}

/** What an import that wrote leaves behind it, besides its own rows. */
export interface WrittenExportImport<Report> {
  /** The run whose data the file records: its writer may not review it (separation of duties). */
  runId: string;
  /** The contribution's detail, e.g. `imported qPCR export plate1.rdml`. */
  contribution: string;
  /** The audit event: the record the file was imported into and what it now holds. */
  audit: { entity: AuditedEntity; id: string; after: Record<string, unknown> };
  report: Report;
}

/**
 * The end of an import that wrote, in the caller's transaction: records the writer's
 * contribution to the run and the import's audit event, then answers 201 with the report.
 */
export async function recordExportImport<Report>(
  m: EntityManager,
  audit: AuditService,
  actor: Actor,
  written: WrittenExportImport<Report>,
): Promise<ExportImportOutcome<Report>> {
  await recordContribution(
    m,
    actor,
    { entity: 'run', id: written.runId },
    'recorded-data',
    written.contribution,
  );
  await audit.record(m, {
    actor,
    action: 'import',
    entity: written.audit.entity,
    id: written.audit.id,
    after: written.audit.after,
  });
  return { created: true, report: written.report };
}
