import type { Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
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
