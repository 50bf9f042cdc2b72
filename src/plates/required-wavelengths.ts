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
