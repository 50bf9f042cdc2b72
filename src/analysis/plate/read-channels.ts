/**
 * Which of a reading's channels an assay analyses: the protocol (or the layout) says the read
 * mode and its wavelengths, the file says what it holds. Pure.
 */
import type { ReadChannel, ReadMode, ValueStatus } from './plate-reading';

/** Where a read setting comes from: the run's protocol parameters, or the plate's layout. */
export type ReadSettingSource = 'run' | 'layout';

/** What an assay reads, from its run's protocol parameters and the plate's layout. */
export interface AssayRead {
  mode: ReadMode;
  /** Absorbance: the measurement wavelength (570 nm for MTT). */
  measurementNm: number;
  /** Absorbance: the reference read subtracted from it, or null for none. */
  referenceNm: number | null;
  /** Fluorescence: the filter pair, when the protocol names it. */
  excitationNm?: number | null;
  emissionNm?: number | null;
  /** Fluorescence or luminescence: the detector gain as the file writes it, when named. */
  gain?: string | null;
  /**
   * Where the read mode and the channel (excitation, emission, gain) were named, so that a
   * refusal names the setting to change; absent: not known (both are named).
   */
  channelFrom?: ReadSettingSource;
  /** Where the reference wavelength (or its absence) was named; absent: not known. */
  referenceFrom?: ReadSettingSource;
}

/** The channels an analysis reads, by key. */
export interface ChannelChoice {
  measurement: string;
  /** Subtracted from the measurement; null when none is (or the reader already did it). */
  reference: string | null;
  /**
   * True when the measurement channel already holds A(measurement) − A(reference), written so
   * by the reader software ("Reduced" data): the analysis subtracts nothing.
   */
  reduced: boolean;
}

export interface ChannelProblem {
  code: 'MISSING_WAVELENGTH' | 'MISSING_CHANNEL' | 'AMBIGUOUS_CHANNEL';
  message: string;
  field: string;
  wavelengthNm?: number;
}

/** The key a plain absorbance value has when its reading stores no channel list. */
export function plainChannelKey(wavelengthNm: number | null): string {
  return wavelengthNm === null ? 'absorbance' : String(wavelengthNm);
}

/** A reading stored before channels were kept: one plain absorbance channel per wavelength. */
export function channelsOfWavelengths(wavelengths: readonly (number | null)[]): ReadChannel[] {
  return [...new Set(wavelengths)].map((wavelengthNm) => ({
    key: plainChannelKey(wavelengthNm),
    mode: 'absorbance' as const,
    wavelengthNm,
  }));
}

/** `570 nm`, `ex485/em528 (fluorescence, gain 35)`, `luminescence`, `450−650 nm (reduced)`. */
export function describeChannel(c: ReadChannel): string {
  switch (c.mode) {
    case 'absorbance':
      if (c.wavelengthNm === null) return 'absorbance at no stated wavelength';
      return c.referenceNm !== undefined
        ? `${c.wavelengthNm}−${c.referenceNm} nm (reduced by the reader software)`
        : `${c.wavelengthNm} nm`;
    case 'fluorescence':
      return `fluorescence ${c.key}${c.gain ? ` (gain ${c.gain})` : ''}`;
    case 'luminescence':
      return c.emissionNm !== undefined ? `luminescence at ${c.emissionNm} nm` : 'luminescence';
  }
}

function holds(channels: readonly ReadChannel[]): string {
  if (channels.length === 0) return 'no read';
  return channels.map(describeChannel).join(', ');
}

function describeRead(read: AssayRead): string {
  switch (read.mode) {
    case 'absorbance':
      return read.referenceNm === null
        ? `absorbance at ${read.measurementNm} nm`
        : `absorbance at ${read.measurementNm} nm minus the reference at ${read.referenceNm} nm`;
    case 'fluorescence':
      return (
        (read.excitationNm && read.emissionNm
          ? `fluorescence ex${read.excitationNm}/em${read.emissionNm}`
          : read.excitationNm
            ? `fluorescence ex${read.excitationNm}`
            : read.emissionNm
              ? `fluorescence em${read.emissionNm}`
              : 'fluorescence') + (read.gain ? ` at gain ${read.gain}` : '')
      );
    case 'luminescence':
      return 'luminescence' + (read.gain ? ` at gain ${read.gain}` : '');
  }
}

const plain = (c: ReadChannel, nm: number) =>
  c.mode === 'absorbance' && c.wavelengthNm === nm && c.referenceNm === undefined;

/**
 * The channels of a reading an assay analyses, or why none fits (naming what the file holds and
 * the setting to change). Absorbance: the measurement wavelength and, when the protocol
 * subtracts one, the reference read, or a channel the reader software already reduced by that
 * reference; a file with one absorbance read at no stated wavelength (a bare grid) is the
 * measurement when no reference is subtracted. Fluorescence: the channel with the protocol's
 * excitation/emission, or the file's only fluorescence channel. Luminescence: the only one.
 */
export function chooseChannels(
  channels: readonly ReadChannel[],
  read: AssayRead,
): { ok: true; choice: ChannelChoice } | { ok: false; problems: ChannelProblem[] } {
  const ok = (measurement: string, reference: string | null, reduced = false) => ({
    ok: true as const,
    choice: { measurement, reference, reduced },
  });
  const fail = (p: ChannelProblem) => ({ ok: false as const, problems: [p] });
  if (read.mode === 'absorbance') {
    const m = read.measurementNm;
    const r = read.referenceNm;
    const measurement = channels.find((c) => plain(c, m));
    const reduced = channels.find(
      (c) =>
        c.mode === 'absorbance' &&
        c.wavelengthNm === m &&
        c.referenceNm !== undefined &&
        (r === null || c.referenceNm === r),
    );
    if (r === null) {
      if (measurement) return ok(measurement.key, null);
      if (reduced) return ok(reduced.key, null, true);
      const bare = channels.filter((c) => c.mode === 'absorbance' && c.wavelengthNm === null);
      if (bare.length === 1 && channels.length === 1) return ok(bare[0].key, null);
    } else {
      const reference = channels.find((c) => plain(c, r));
      if (measurement && reference) return ok(measurement.key, reference.key);
      if (reduced) return ok(reduced.key, null, true);
      if (measurement) {
        return fail({
          code: 'MISSING_WAVELENGTH',
          field: 'referenceWavelengthNm',
          wavelengthNm: r,
          message: `${read.referenceFrom === 'layout' ? "The plate's layout" : 'The protocol'} subtracts a reference read at ${r} nm; the file holds ${holds(channels)}. Read the plate at ${r} nm too, or, if no reference is wanted, ${referenceFix(read.referenceFrom)}.`,
        });
      }
    }
    const named = channels.some((c) => c.mode !== 'absorbance' || c.wavelengthNm !== null);
    return fail({
      code: 'MISSING_WAVELENGTH',
      field: 'measurementWavelengthNm',
      wavelengthNm: m,
      message: named
        ? `The assay reads ${describeRead(read)}; the file holds ${holds(channels)}. Export the read at ${m} nm, or correct the measurement wavelength of the run (measurementWavelengthNm) or the layout.`
        : `The file names no wavelength and the assay reads ${describeRead(read)}: add a wavelength line or column, or ${r === null ? 'check the layout' : 'read the reference too, or plan the layout without a reference wavelength'}.`,
    });
  }
  const ofMode = channels.filter((c) => c.mode === read.mode);
  let candidates = ofMode;
  if (read.mode === 'fluorescence' && (read.excitationNm || read.emissionNm)) {
    candidates = candidates.filter(
      (c) =>
        (!read.excitationNm ||
          c.excitationNm === undefined ||
          c.excitationNm === read.excitationNm) &&
        (!read.emissionNm || c.emissionNm === undefined || c.emissionNm === read.emissionNm),
    );
  }
  const gain = read.gain?.trim().toLowerCase();
  if (gain) {
    candidates = candidates.filter(
      (c) => c.gain === undefined || c.gain.trim().toLowerCase() === gain,
    );
  }
  if (candidates.length === 1) return ok(candidates[0].key, null);
  const settings = channelSettings(read);
  if (candidates.length === 0) {
    return fail({
      code: 'MISSING_CHANNEL',
      field:
        ofMode.length === 0
          ? 'readMode'
          : read.mode === 'fluorescence'
            ? 'excitationWavelengthNm'
            : 'readGain',
      message: `The assay reads ${describeRead(read)}; the file holds ${holds(channels)}. Export the ${read.mode} read, or set ${settings} to one of the file's reads.`,
    });
  }
  return fail({
    code: 'AMBIGUOUS_CHANNEL',
    field: read.mode === 'fluorescence' ? 'excitationWavelengthNm' : 'readGain',
    message: `The file holds ${candidates.length} ${read.mode} reads (${holds(candidates)}) and ${read.channelFrom === 'layout' ? "the plate's layout" : 'the protocol'} does not say which one the assay analyses: set ${settings} to one of them.`,
  });
}

/** The settings that name the analysed channel, where they were named. */
function channelSettings(read: AssayRead): string {
  const names =
    read.mode === 'fluorescence'
      ? 'readMode, excitationWavelengthNm, emissionWavelengthNm (and readGain when the file holds several gains)'
      : read.mode === 'luminescence'
        ? 'readMode (and readGain when the file holds several gains)'
        : 'readMode';
  switch (read.channelFrom) {
    case 'layout':
      return `the plate layout's ${names}`;
    case 'run':
      return `the run's ${names}`;
    default:
      return `the run's or the plate layout's ${names}`;
  }
}

/** What to change so that no reference read is subtracted, where the reference was named. */
function referenceFix(from: ReadSettingSource | undefined): string {
  switch (from) {
    case 'layout':
      return "set the plate layout's referenceWavelengthNm to null; if the reference was read at another wavelength, set the layout's referenceWavelengthNm to it";
    case 'run':
      return 'set the run parameter subtractReferenceWavelength to false; if the reference was read at another wavelength, set the run parameter referenceWavelengthNm to it';
    default:
      return "set the run parameter subtractReferenceWavelength to false (or the layout's referenceWavelengthNm to null); if the reference was read at another wavelength, set referenceWavelengthNm to it";
  }
}

/** True when a value is a number the analysis may use (not a reader's mark). */
export function isAnalysable(status: ValueStatus | undefined): boolean {
  return status === undefined || status === 'ok';
}
