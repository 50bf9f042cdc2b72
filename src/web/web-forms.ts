import type { Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { ERROR_CODES } from '../common/errors/error-codes';
import type { UploadedFileLike } from '../common/http/file-upload';
import { validatedAs } from '../common/validation/validated-as';
import { SignDto } from '../signatures/signature.dto';

/**
 * A form's fields validated by the API's own DTO class (the same rules as the route), with the
 * CSRF field and the UI's own fields left out. Throws VALIDATION_FAILED naming each field.
 */
export async function formAs<T extends object>(
  dto: new () => T,
  form: Record<string, unknown>,
  only: readonly (keyof T & string)[],
): Promise<T> {
  const plain: Record<string, unknown> = {};
  for (const k of only) if (form[k] !== undefined && form[k] !== '') plain[k] = form[k];
  return validatedAs(dto, plain);
}

/** The e-signature dialog's fields (password again, reason), by the API's SignDto. */
export function signatureOf(form: Record<string, unknown>): Promise<SignDto> {
  return formAs(SignDto, form, ['password', 'reason']);
}

/** A refused decision, shown on the page in the dialog it came from. */
export interface DecisionError {
  action: string;
  detail: string;
  problems: string[];
  code: string;
}

/** The page's status for a refused decision. */
function decisionStatus(code: string): number {
  if (code === 'VALIDATION_FAILED') return 400;
  if (code === 'REAUTHENTICATION_FAILED' || code === 'SELF_APPROVAL_FORBIDDEN') return 403;
  return 409;
}

/**
 * A decision posted from a page (approve or return a run, approve or reject a protocol
 * version): `decide` validates the form (signatureOf), calls the API's service and answers where
 * to go (303, so a reload does not post again); a refusal of the service (wrong password, self
 * approval, a state that moved on, a missing reason) is rendered by `refused` on the same page.
 */
export async function pageDecision(
  res: Response,
  action: string,
  decide: () => Promise<string>,
  refused: (status: number, error: DecisionError) => Promise<void>,
): Promise<void> {
  let next: string;
  try {
    next = await decide();
  } catch (e) {
    if (!(e instanceof DomainError) || e.code === 'NOT_FOUND') throw e;
    await refused(decisionStatus(e.code), {
      action,
      detail: e.detail,
      problems: e.errors.map((p) => p.message),
      code: e.code,
    });
    return;
  }
  res.redirect(303, next);
}

/** The fields of an upload form: the dry run's, or the confirmation's carrying the file back. */
export interface CarriedUploadForm {
  /** `check` (dry run) or `import`. */
  step?: string;
  /** The file's bytes (base64) carried from the dry run to the confirmation, exactly. */
  content?: string;
  filename?: string;
}

/**
 * The file of an upload form: the chosen file as sent, else the bytes the dry run's page
 * carried to its confirmation (so what is stored is exactly what was checked); null when none.
 */
export function carriedFile(
  form: CarriedUploadForm,
  file: UploadedFileLike | undefined,
): { bytes: Buffer; filename: string | null } | null {
  if (file && file.buffer.length > 0) {
    return { bytes: file.buffer, filename: file.originalname || null };
  }
  if (typeof form.content === 'string' && /^[A-Za-z0-9+/=]+$/.test(form.content)) {
    return { bytes: Buffer.from(form.content, 'base64'), filename: form.filename || null };
  }
  return null;
}

/** The page's status for a refused import (the API's status for the same problem). */
export function importErrorStatus(code: string): number {
  if (code === 'IMPORT_REJECTED') return 422;
  if (code === 'VALIDATION_FAILED') return 400;
  if (code === 'FORBIDDEN_ROLE') return 403;
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return 415;
  return 409;
}

/** A refused form's problems: by form field (the input's id), and those of no one field. */
export interface FormProblems {
  detail: string;
  code: string;
  fields: Record<string, string[]>;
  general: string[];
}

/**
 * A refusal of the API's service turned into a form's problems: each problem whose API field
 * (`title`, `parameters.doseMicromolar`, `materials[1].materialId`…) `fieldOf` maps to an input
 * is shown beside that input; the rest above the form.
 */
export function formProblems(
  e: DomainError,
  fieldOf: (apiField: string) => string | undefined,
): FormProblems {
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  for (const p of e.errors) {
    const id = p.field ? fieldOf(p.field) : undefined;
    if (id) (fields[id] ??= []).push(p.message);
    else general.push(p.field ? `${p.field}: ${p.message}` : p.message);
  }
  return { detail: e.detail, code: e.code, fields, general };
}

/**
 * A form that creates a record through the API's service: `create` validates the form and
 * answers the new record's page (303 there); a refusal of the service (bad fields, a state that
 * does not allow it) re-renders the form, with the input kept, by `refused` with the API's
 * status for the code (a material or version that is not there is a problem of the form too).
 */
export async function pageForm(
  res: Response,
  create: () => Promise<string>,
  refused: (status: number, problems: DomainError) => Promise<void>,
): Promise<void> {
  let next: string;
  try {
    next = await create();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    await refused(ERROR_CODES[e.code].status, e);
    return;
  }
  res.redirect(303, next);
}

/** A form's text field, trimmed; undefined when empty (the DTO's default applies). */
export function textField(form: Record<string, unknown>, name: string): string | undefined {
  const v = form[name];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/**
 * A form's number field: a plain decimal becomes a number; anything else is passed on as typed
 * so that the DTO's own rule refuses it (and names the field) instead of the page guessing.
 */
export function numberField(form: Record<string, unknown>, name: string): unknown {
  const t = textField(form, name);
  if (t === undefined) return undefined;
  return /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t) ? Number(t) : t;
}

/** A form's yes/no select: `true`, `false`, or undefined when left unset. */
export function booleanField(form: Record<string, unknown>, name: string): boolean | undefined {
  const v = form[name];
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** The values of a field that may repeat (a multiple select, checkboxes), empty ones dropped. */
export function listField(form: Record<string, unknown>, name: string): string[] {
  const v = form[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
}
