import { READ_MODES, type ReadMode } from '../analysis/plate/plate-reading';
import type { AssayRead } from '../analysis/plate/read-channels';

/** What a plate's assay reads: the measurement wavelength and the reference, if any. */
export interface AssayWavelengths {
  /** 570 nm for MTT. */
  measurementNm: number;
  /** 630 or 650 nm when the reference read is subtracted, else null. */
  referenceNm: number | null;
}

interface ParameterLike {
  value: unknown;
}

/**
 * The wavelengths a reading must carry. A run's protocol parameters decide when the plate
 * belongs to a run and the protocol names them (`measurementWavelengthNm`,
 * `subtractReferenceWavelength`, `referenceWavelengthNm`); otherwise the layout does.
 */
export function assayWavelengths(
  layout: { measurementWavelengthNm: number; referenceWavelengthNm: number | null },
  runParameters?: Record<string, ParameterLike> | null,
): AssayWavelengths {
  const p = runParameters ?? {};
  const num = (key: string): number | undefined => {
    const v = p[key]?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const measurementNm = num('measurementWavelengthNm') ?? layout.measurementWavelengthNm;
  const subtract = p.subtractReferenceWavelength?.value;
  let referenceNm: number | null;
  if (subtract === false) referenceNm = null;
  else referenceNm = num('referenceWavelengthNm') ?? layout.referenceWavelengthNm;
  return { measurementNm, referenceNm };
}

/** The wavelengths as a list, measurement first. */
export function requiredWavelengthsNm(w: AssayWavelengths): number[] {
  return w.referenceNm === null ? [w.measurementNm] : [w.measurementNm, w.referenceNm];
}

/**
 * What a plate's assay reads: the read mode the protocol names (`readMode`: absorbance, the
 * default, fluorescence or luminescence; a fluorescence protocol may name
 * `excitationWavelengthNm` and `emissionWavelengthNm`), and for absorbance the wavelengths of
 * {@link assayWavelengths}. Only absorbance subtracts a reference read.
 */
export function assayRead(
  layout: { measurementWavelengthNm: number; referenceWavelengthNm: number | null },
  runParameters?: Record<string, ParameterLike> | null,
): AssayRead {
  const p = runParameters ?? {};
  const num = (key: string): number | null => {
    const v = p[key]?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const modeValue = p.readMode?.value;
  const mode: ReadMode = (READ_MODES as readonly unknown[]).includes(modeValue)
    ? (modeValue as ReadMode)
    : 'absorbance';
  const w = assayWavelengths(layout, runParameters);
  return {
    mode,
    measurementNm: w.measurementNm,
    referenceNm: mode === 'absorbance' ? w.referenceNm : null,
    excitationNm: num('excitationWavelengthNm'),
    emissionNm: num('emissionWavelengthNm'),
  };
}
