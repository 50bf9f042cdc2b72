import type { ParsedPlate, ParsedPlateReading } from '../analysis/plate/plate-reading';
import {
  channelsOfWavelengths,
  chooseChannels,
  describeChannel,
  plainChannelKey,
  type AssayRead,
  type ChannelChoice,
} from '../analysis/plate/read-channels';
import type { PlateSize } from '../analysis/plate/well-position';
import type { WellRole } from '../analysis/plate/well-role';
import type { AssayWavelengths } from '../plates/required-wavelengths';

/** A problem of an import, located by line, well, field and wavelength where known. */
export interface ImportIssue {
  code: string;
  message: string;
  line?: number;
  well?: string;
  field?: string;
  wavelengthNm?: number;
  /** The plate block, in a file with several plates. */
  plate?: string;
  /** The channel (`ex485/em528`), when not an absorbance wavelength. */
  channel?: string;
}

export interface PlateCheckContext {
  plateSize: PlateSize;
  /** The planned plate's barcode, when the file's barcode must equal it. */
  barcode: string | null;
  /** What the assay reads (protocol read mode and wavelengths). */
  read: AssayRead;
  layoutWells: ReadonlyArray<{ well: string; role: WellRole }>;
}

/** At most this many missing-well problems are listed (a wrong file must not produce megabytes). */
const MAX_MISSING = 500;

/**
 * Checks one parsed plate against the planned plate it is for, beyond what the parser checks:
 * the plate size, the barcode, the read the assay analyses (chosen from the plate's channels by
 * the protocol's read mode: {@link chooseChannels}), and a value (a number or a reader's mark)
 * for every layout well that is neither empty nor excluded in each channel analysed. Pure.
 */
export function checkPlateAgainstLayout(
  plate: Pick<ParsedPlate, 'plateSize' | 'metadata' | 'channels' | 'values'>,
  ctx: PlateCheckContext,
): { problems: ImportIssue[]; choice: ChannelChoice | null } {
  const problems: ImportIssue[] = [];
  if (plate.plateSize !== ctx.plateSize) {
    problems.push({
      code: 'WRONG_PLATE_SIZE',
      field: 'plateSize',
      message: `The file holds a ${plate.plateSize}-well plate; the plate is a ${ctx.plateSize}-well plate.`,
    });
    return { problems, choice: null };
  }
  const fileBarcode = plate.metadata.barcode?.trim();
  if (fileBarcode && ctx.barcode !== null && fileBarcode !== ctx.barcode) {
    problems.push({
      code: 'BARCODE_MISMATCH',
      field: 'barcode',
      message: `The file is for plate ${fileBarcode}, not for plate ${ctx.barcode}.`,
    });
  }
  const chosen = chooseChannels(plate.channels, ctx.read);
  let checkable: string[];
  let choice: ChannelChoice | null = null;
  if (chosen.ok) {
    choice = chosen.choice;
    checkable = [choice.measurement, ...(choice.reference === null ? [] : [choice.reference])];
  } else {
    for (const p of chosen.problems) {
      problems.push({
        code: p.code,
        field: p.code === 'MISSING_WAVELENGTH' ? 'wavelength' : p.field,
        ...(p.wavelengthNm === undefined ? {} : { wavelengthNm: p.wavelengthNm }),
        message: p.message,
      });
    }
    // The wells are still checked at the wavelengths the assay needs that the file has.
    const needed =
      ctx.read.mode === 'absorbance' ? [ctx.read.measurementNm, ctx.read.referenceNm] : [];
    checkable = plate.channels
      .filter(
        (c) =>
          c.mode === 'absorbance' &&
          c.referenceNm === undefined &&
          c.wavelengthNm !== null &&
          needed.includes(c.wavelengthNm),
      )
      .map((c) => c.key);
  }
  if (checkable.length === 0) return { problems, choice };
  const read = new Set<string>();
  for (const v of plate.values) read.add(`${v.channel}:${v.well}`);
  let missing = 0;
  for (const w of ctx.layoutWells) {
    if (w.role === 'empty' || w.role === 'excluded') continue;
    for (const key of checkable) {
      if (read.has(`${key}:${w.well}`)) continue;
      if (++missing > MAX_MISSING) break;
      const channel = plate.channels.find((c) => c.key === key);
      const plainAbsorbance =
        channel?.mode === 'absorbance' &&
        channel.referenceNm === undefined &&
        channel.wavelengthNm !== null;
      problems.push({
        code: 'MISSING_READING',
        well: w.well,
        ...(plainAbsorbance ? { wavelengthNm: channel.wavelengthNm as number } : { channel: key }),
        message: `Well ${w.well} (${w.role}) has no value ${plainAbsorbance ? `at ${channel.wavelengthNm} nm` : `for ${channel ? describeChannel(channel) : key}`}.`,
      });
    }
  }
  if (missing > MAX_MISSING) {
    problems.push({
      code: 'TOO_MANY_PROBLEMS',
      message: `More than ${MAX_MISSING} wells have no value; the list stops there.`,
    });
  }
  return { problems, choice };
}

/**
 * {@link checkPlateAgainstLayout} for a one-plate absorbance reading (its values are plain reads
 * at their wavelengths) and an absorbance assay.
 */
export function checkReadingAgainstPlate(
  reading: ParsedPlateReading,
  ctx: Omit<PlateCheckContext, 'read'> & { wavelengths: AssayWavelengths },
): ImportIssue[] {
  const wavelengths = reading.readings.map((r) => r.wavelengthNm);
  return checkPlateAgainstLayout(
    {
      plateSize: reading.plateSize,
      metadata: reading.metadata,
      channels: channelsOfWavelengths(
        wavelengths.length > 0 ? wavelengths : reading.metadata.wavelengthsNm,
      ),
      values: reading.readings.map((r) => ({
        ...r,
        channel: plainChannelKey(r.wavelengthNm),
        status: 'ok',
      })),
    },
    { ...ctx, read: { mode: 'absorbance', ...ctx.wavelengths } },
  ).problems;
}

/**
 * A plate whose analysed read names no wavelength (a bare 8 × 12 or 16 × 24 grid, a long table
 * without a wavelength column) takes the measurement wavelength its layout or run names, when
 * they name exactly one (no reference is subtracted; {@link chooseChannels} accepts it only
 * then): the stored reading then says 570 nm, as the lab read it, rather than "no wavelength".
 * Any other plate is returned as it is. Pure.
 */
export function nameBareWavelength(
  plate: ParsedPlate,
  choice: ChannelChoice | null,
  read: AssayRead,
): { plate: ParsedPlate; choice: ChannelChoice | null } {
  if (!choice || read.mode !== 'absorbance' || choice.reference !== null || choice.reduced) {
    return { plate, choice };
  }
  const bare = plate.channels.find((c) => c.key === choice.measurement);
  if (!bare || bare.mode !== 'absorbance' || bare.wavelengthNm !== null) return { plate, choice };
  const nm = read.measurementNm;
  const key = plainChannelKey(nm);
  if (plate.channels.some((c) => c.key === key)) return { plate, choice };
  return {
    plate: {
      ...plate,
      metadata: { ...plate.metadata, wavelengthsNm: [nm] },
      channels: plate.channels.map((c) => (c === bare ? { ...c, key, wavelengthNm: nm } : c)),
      values: plate.values.map((v) =>
        v.channel === bare.key ? { ...v, channel: key, wavelengthNm: nm } : v,
      ),
    },
    choice: { ...choice, measurement: key },
  };
}
