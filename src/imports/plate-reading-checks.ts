import type { ParsedPlateReading } from '../analysis/plate/plate-reading';
import type { PlateSize } from '../analysis/plate/well-position';
import type { WellRole } from '../analysis/plate/well-role';
import { requiredWavelengthsNm, type AssayWavelengths } from '../plates/required-wavelengths';

/** A problem of an import, located by line, well, field and wavelength where known. */
export interface ImportIssue {
  code: string;
  message: string;
  line?: number;
  well?: string;
  field?: string;
  wavelengthNm?: number;
}

export interface ReadingCheckContext {
  plateSize: PlateSize;
  /** The planned plate's barcode, when it has one. */
  barcode: string | null;
  wavelengths: AssayWavelengths;
  layoutWells: ReadonlyArray<{ well: string; role: WellRole }>;
}

/** At most this many missing-well problems are listed (a wrong file must not produce megabytes). */
const MAX_MISSING = 500;

/**
 * Checks a parsed reading against the plate it is for, beyond what the parser checks: the plate
 * size, the barcode, the wavelengths the assay needs, and a value for every layout well that is
 * neither empty nor excluded at each of those wavelengths. Pure; returns every problem.
 */
export function checkReadingAgainstPlate(
  reading: ParsedPlateReading,
  ctx: ReadingCheckContext,
): ImportIssue[] {
  const problems: ImportIssue[] = [];
  if (reading.plateSize !== ctx.plateSize) {
    problems.push({
      code: 'WRONG_PLATE_SIZE',
      field: 'plateSize',
      message: `The file holds a ${reading.plateSize}-well plate; the plate is a ${ctx.plateSize}-well plate.`,
    });
    return problems;
  }
  const fileBarcode = reading.metadata.barcode?.trim();
  if (fileBarcode && ctx.barcode !== null && fileBarcode !== ctx.barcode) {
    problems.push({
      code: 'BARCODE_MISMATCH',
      field: 'barcode',
      message: `The file is for plate ${fileBarcode}, not for plate ${ctx.barcode}.`,
    });
  }
  const present = new Set(reading.metadata.wavelengthsNm);
  const required = requiredWavelengthsNm(ctx.wavelengths);
  const checkable: number[] = [];
  for (const nm of required) {
    if (present.has(nm)) checkable.push(nm);
    else {
      problems.push({
        code: 'MISSING_WAVELENGTH',
        field: 'wavelength',
        wavelengthNm: nm,
        message:
          present.size === 0
            ? `The file names no wavelength; the assay needs ${nm} nm (add a wavelength line or column).`
            : `The assay needs readings at ${nm} nm; the file has ${[...present].join(', ')} nm.`,
      });
    }
  }
  if (checkable.length === 0) return problems;
  const read = new Set<string>();
  for (const r of reading.readings) {
    if (r.wavelengthNm !== null) read.add(`${r.wavelengthNm}:${r.well}`);
  }
  let missing = 0;
  for (const w of ctx.layoutWells) {
    if (w.role === 'empty' || w.role === 'excluded') continue;
    for (const nm of checkable) {
      if (read.has(`${nm}:${w.well}`)) continue;
      if (++missing > MAX_MISSING) break;
      problems.push({
        code: 'MISSING_READING',
        well: w.well,
        wavelengthNm: nm,
        message: `Well ${w.well} (${w.role}) has no value at ${nm} nm.`,
      });
    }
  }
  if (missing > MAX_MISSING) {
    problems.push({
      code: 'TOO_MANY_PROBLEMS',
      message: `More than ${MAX_MISSING} wells have no value; the list stops there.`,
    });
  }
  return problems;
}
