import { Injectable } from '@nestjs/common';
import { formatSignificant } from '../analysis/common/significant-figures';
import type { FlagSeverity } from '../analysis/common/flag-severity';
import type { Actor } from '../common/auth/roles';
import { NotFoundError } from '../common/errors/domain.error';

/**
 * What an assay shows in the web UI, as plain data: the UI (src/web) renders these blocks and
 * never imports an assay module. An assay module lists its provider in `provideAssay({ views })`
 * (src/assays/provide-assay.ts); the runs module owns the contract and the registry, so the
 * dependency stays assays → runs, like RunApprovalChecks.
 */
export type ViewSeverity = 'info' | 'warning' | 'error';

export type ViewCell = string | { text: string; href?: string; severity?: ViewSeverity };

export interface ViewFlag {
  severity: ViewSeverity;
  code: string;
  message: string;
  /** Where: a well, a line, a plate. */
  where?: string;
}

export interface ViewWell {
  /** Short text in the well (a role or value). */
  label?: string;
  state?: 'ok' | 'bad' | 'excluded' | 'overflow';
  /** Shown on hover and keyboard focus: what is wrong with the well, or what it holds. */
  note?: string;
}

export interface ViewField {
  name: string;
  label: string;
  type: 'text' | 'number' | 'textarea' | 'select' | 'checkboxes';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  /** A textarea's height in lines. */
  rows?: number;
  /** What the field holds before anything is typed (the record's current value). */
  value?: string;
}

export type ViewBlock =
  | { kind: 'facts'; items: { label: string; value: ViewCell }[] }
  | { kind: 'table'; caption: string; columns: string[]; rows: ViewCell[][] }
  | { kind: 'plot'; title: string; src: string; alt: string }
  | { kind: 'flags'; items: ViewFlag[] }
  | { kind: 'gates'; items: { name: string; passed: boolean; detail: string }[] }
  | {
      kind: 'plate';
      caption: string;
      rows: number;
      columns: number;
      wells: Record<string, ViewWell>;
    }
  | { kind: 'text'; text: string }
  | {
      kind: 'form';
      /** The action's name, posted back to the provider's `act`. */
      action: string;
      title: string;
      fields: ViewField[];
      submit: string;
    };

export interface ViewSection {
  title: string;
  blocks: ViewBlock[];
}

/** A page of the assay's own (a fit's review), at /ui/assays/:assay/:kind/:id. */
export interface AssayPage {
  title: string;
  /** The run it belongs to, for the breadcrumb. */
  runId?: string | null;
  sections: ViewSection[];
}

/**
 * An upload page of an assay (/ui/uploads/:assay/:kind/:id): an instrument export into one of
 * its records, checked by a dry run before it is stored, like the plate upload.
 */
export interface AssayUploadTarget {
  /** The page's heading: what the file goes into. */
  title: string;
  /** The run it belongs to, for the breadcrumb. */
  runId?: string | null;
  /** The label of the file input, and the formats it takes. */
  fileLabel: string;
  hint: string;
  /** Where the results are shown once imported. */
  results: { text: string; href: string };
}

/** What an upload answered: the dry run's or the import's report, as blocks. */
export interface AssayUploadReport {
  outcome: 'dry-run' | 'imported' | 'duplicate';
  sections: ViewSection[];
}

/** The file of an upload page. */
export interface AssayUploadFile {
  bytes: Buffer;
  filename: string | null;
}

export interface AssayViewProvider {
  /**
   * The sections this assay adds to a run's page; empty when it has nothing on that run. (A
   * material's page shows its evidence through MaterialEvidenceService, the API's service.)
   */
  sections(actor: Actor, runId: string): Promise<ViewSection[]>;
  /** One of the assay's own pages by kind and id; NOT_FOUND for anything else. */
  page?(actor: Actor, kind: string, id: string): Promise<AssayPage>;
  /**
   * A form of such a page was posted (CSRF already checked). Does the work through the
   * assay's services (their rules apply) and says where to go next.
   */
  act?(
    actor: Actor,
    kind: string,
    id: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }>;
  /** The upload page of one of the assay's records; NOT_FOUND when it takes no file. */
  uploadTarget?(actor: Actor, kind: string, id: string): Promise<AssayUploadTarget>;
  /**
   * Imports the file into the record through the assay's import service (the API's upload
   * route's): a dry run reports without writing. A rejected file throws the service's
   * DomainError, its problems located (line, column, field, well).
   */
  upload?(
    actor: Actor,
    kind: string,
    id: string,
    file: AssayUploadFile,
    dryRun: boolean,
  ): Promise<AssayUploadReport>;
}

/** A posted form field as text (trimmed; the first of repeated values); '' when absent. */
export function fieldText(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

/**
 * A posted form field for a numeric DTO property: absent when empty, a number when it reads as
 * one, else the text as typed (so the DTO's rule names the field and says it must be a number).
 */
export function fieldNumber(v: string | string[] | undefined): number | string | undefined {
  const t = fieldText(v);
  if (t === '') return undefined;
  // A decimal point only: "1,250" is not guessed at (a thousands separator or a decimal comma).
  const n = Number(t);
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) && Number.isFinite(n) ? n : t;
}

/** A number as a page shows it: `digits` significant digits, `—` when there is none. */
export function viewNumber(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatSignificant(v, digits);
}

/** A flag's severity as the analysis gives it, as a page shows it. */
export function viewSeverity(s: FlagSeverity): ViewSeverity {
  return s === 'blocks-approval' ? 'error' : s;
}

/** The UI's path of the upload page of an assay's record. */
export function assayUploadHref(assay: string, kind: string, id: string): string {
  return `/ui/uploads/${encodeURIComponent(assay)}/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
}

/** The UI's path of an assay's own page. */
export function assayPageHref(assay: string, kind: string, id: string): string {
  return `/ui/assays/${encodeURIComponent(assay)}/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
}

/**
 * A record's history as a page section: every version of the result, newest first, superseded
 * ones kept. The version on show is named ("… (this fit)"); the others link to their own page.
 */
export function historySection<T>(spec: {
  title: string;
  caption: string;
  /** Heading of the first column (when the version was made) and of the others. */
  columns: [string, ...string[]];
  versions: readonly T[];
  /** When the version was made, as the first cell shows it. */
  madeAt: (v: T) => string;
  /** The version on show, and what to call it: `this fit`. */
  isShown: (v: T) => boolean;
  shownLabel: string;
  href: (v: T) => string;
  /** The cells after the first. */
  cells: (v: T) => ViewCell[];
}): ViewSection {
  return {
    title: spec.title,
    blocks: [
      {
        kind: 'table',
        caption: spec.caption,
        columns: spec.columns,
        rows: spec.versions.map((v): ViewCell[] => [
          spec.isShown(v)
            ? `${spec.madeAt(v)} (${spec.shownLabel})`
            : { text: spec.madeAt(v), href: spec.href(v) },
          ...spec.cells(v),
        ]),
      },
    ],
  };
}

/** The assay view providers registered by the assay modules. */
@Injectable()
export class AssayViews {
  private readonly providers = new Map<string, AssayViewProvider>();

  register(assay: string, provider: AssayViewProvider): void {
    this.providers.set(assay, provider);
  }

  assays(): string[] {
    return [...this.providers.keys()];
  }

  /** Every assay's sections for the run's page, in registration order. */
  async sections(actor: Actor, runId: string): Promise<(ViewSection & { assay: string })[]> {
    const out: (ViewSection & { assay: string })[] = [];
    for (const [assay, provider] of this.providers) {
      for (const s of await provider.sections(actor, runId)) out.push({ ...s, assay });
    }
    return out;
  }

  provider(assay: string): AssayViewProvider {
    const p = this.providers.get(assay);
    if (!p) throw new NotFoundError('Assay', assay);
    return p;
  }
}
