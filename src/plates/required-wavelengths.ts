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

/** The read settings of a plate layout (src/plates/plate-layout.entity.ts). */
export interface LayoutRead {
  measurementWavelengthNm: number;
  referenceWavelengthNm: number | null;
  /** Absent on layouts stored before layouts named a read mode: absorbance. */
  readMode?: ReadMode;
  excitationWavelengthNm?: number | null;
  emissionWavelengthNm?: number | null;
  readGain?: string | null;
}

/**
 * What a plate's assay reads. The run's protocol decides what it names: `readMode` (absorbance,
 * fluorescence or luminescence), `excitationWavelengthNm`, `emissionWavelengthNm`, `readGain`
 * and the wavelengths of {@link assayWavelengths}; the plate's layout decides the rest (an MTT
 * run's protocol names no read mode, so a layout may make its plate a fluorescence read). Only
 * absorbance subtracts a reference read. Where the mode, the channel and the reference were
 * named is kept, so that a refusal names the setting to change.
 */
export function assayRead(
  layout: LayoutRead,
  runParameters?: Record<string, ParameterLike> | null,
): AssayRead {
  const p = runParameters ?? {};
  const num = (key: string): number | null => {
    const v = p[key]?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const text = (key: string): string | null => {
    const v = p[key]?.value;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const modeValue = p.readMode?.value;
  const runMode = (READ_MODES as readonly unknown[]).includes(modeValue)
    ? (modeValue as ReadMode)
    : null;
  const mode: ReadMode = runMode ?? layout.readMode ?? 'absorbance';
  // The layout's channel applies when its read mode is the one analysed.
  const fromLayout = (layout.readMode ?? 'absorbance') === mode;
  const ex = num('excitationWavelengthNm');
  const em = num('emissionWavelengthNm');
  const gain = text('readGain');
  const w = assayWavelengths(layout, runParameters);
  const runNamesReference =
    p.subtractReferenceWavelength?.value === false || num('referenceWavelengthNm') !== null;
  return {
    mode,
    measurementNm: w.measurementNm,
    referenceNm: mode === 'absorbance' ? w.referenceNm : null,
    excitationNm:
      ex ??
      (fromLayout && mode === 'fluorescence' ? (layout.excitationWavelengthNm ?? null) : null),
    emissionNm:
      em ?? (fromLayout && mode === 'fluorescence' ? (layout.emissionWavelengthNm ?? null) : null),
    gain: gain ?? (fromLayout && mode !== 'absorbance' ? (layout.readGain ?? null) : null),
    channelFrom: runMode !== null || ex !== null || em !== null ? 'run' : 'layout',
    referenceFrom: runNamesReference ? 'run' : 'layout',
  };
}

/** A layout's read settings as a request states them (absent: the defaults). */
export interface LayoutReadInput {
  measurementWavelengthNm?: number;
  referenceWavelengthNm?: number | null;
  readMode?: ReadMode;
  excitationWavelengthNm?: number | null;
  emissionWavelengthNm?: number | null;
  readGain?: string | null;
}

/**
 * A layout's read settings with their defaults (absorbance at 570 nm, no reference), or what
 * contradicts itself: a reference equal to the measurement, a reference, filters or a gain the
 * read mode does not use, an emission not longer than the excitation.
 */
export function layoutReadSettings(
  input: LayoutReadInput,
):
  | { ok: true; settings: Required<LayoutRead> }
  | { ok: false; problems: { field: string; code: string; message: string }[] } {
  const readMode = input.readMode ?? 'absorbance';
  const settings = {
    measurementWavelengthNm: input.measurementWavelengthNm ?? 570,
    referenceWavelengthNm: input.referenceWavelengthNm ?? null,
    readMode,
    excitationWavelengthNm: input.excitationWavelengthNm ?? null,
    emissionWavelengthNm: input.emissionWavelengthNm ?? null,
    readGain: input.readGain?.trim() || null,
  };
  const problems: { field: string; code: string; message: string }[] = [];
  const bad = (field: string, message: string) =>
    problems.push({ field, code: 'INCONSISTENT_READ_SETTINGS', message });
  const ref = settings.referenceWavelengthNm;
  if (ref !== null && readMode !== 'absorbance') {
    bad(
      'referenceWavelengthNm',
      `A reference wavelength is subtracted from absorbance reads only; a ${readMode} layout has referenceWavelengthNm null.`,
    );
  } else if (ref !== null && ref === settings.measurementWavelengthNm) {
    bad(
      'referenceWavelengthNm',
      `The reference wavelength (${ref} nm) is the measurement wavelength; set another one, or null for no reference.`,
    );
  }
  for (const field of ['excitationWavelengthNm', 'emissionWavelengthNm'] as const) {
    if (settings[field] !== null && readMode !== 'fluorescence') {
      bad(
        field,
        `${field} names a fluorescence channel; set readMode to fluorescence, or leave ${field} out for a ${readMode} read.`,
      );
    }
  }
  const { excitationWavelengthNm: ex, emissionWavelengthNm: em } = settings;
  if (readMode === 'fluorescence' && ex !== null && em !== null && em <= ex) {
    bad(
      'emissionWavelengthNm',
      `The emission wavelength (${em} nm) must be longer than the excitation wavelength (${ex} nm), as on the reader's filters (resorufin: ex 560 / em 590).`,
    );
  }
  if (settings.readGain !== null && readMode === 'absorbance') {
    bad(
      'readGain',
      'A detector gain names a fluorescence or luminescence read; set readMode, or leave readGain out for absorbance.',
    );
  }
  return problems.length ? { ok: false, problems } : { ok: true, settings };
}
