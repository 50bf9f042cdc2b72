import {
  WAVELENGTH_SPELLINGS,
  firstNumberIn,
  normaliseKey,
  parseWavelengthLabel,
  toIsoLocal,
  type ProblemList,
} from './parse-support';
import type { PlateReadingMetadata } from '../../analysis/plate/plate-reading';

// `key,value` header lines of grid and long exports (`Barcode,TL-MTT-0731`), mapped onto the
// metadata fields. Unknown keys are kept verbatim in `extra`.

const BARCODE = new Set(['barcode', 'platebarcode', 'plateid']);
const PLATE_FORMAT = new Set(['plateformat', 'platesize', 'platetype', 'wells', 'format']);
const DATE_TIME = new Set([
  'readdate',
  'readdatetime',
  'readtime',
  'datetime',
  'timestamp',
  'readat',
  'date',
  'time',
  'measurementdate',
  'measurementtime',
]);
const INSTRUMENT = new Set([
  'instrument',
  'reader',
  'readertype',
  'readermodel',
  'instrumentmodel',
]);
const SERIAL = new Set(['serial', 'serialnumber', 'readerserialnumber', 'instrumentserial']);
const SOFTWARE = new Set(['software', 'softwareversion']);
const READ_MODE = new Set(['readmode', 'mode', 'measurementmode']);
const UNITS = new Set(['units', 'unit']);
const PLATE_NAME = new Set(['plate', 'platename', 'platenumber', 'platelabel']);

const TIME_ONLY_RE = /^\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[AaPp][Mm])?$/;

/** What a header line meant for the parser, beyond the metadata it set. */
export interface MetadataLineEffect {
  /** The line names the wavelength of the next block; null when it does not parse. */
  wavelengthNm?: number | null;
  /** The line declares a plate size; null when it names an unsupported one. */
  plateSize?: 96 | 384 | null;
}

/** Builds {@link PlateReadingMetadata} from `key,value` lines, keeping the first value of each. */
export class KeyValueMetadata {
  readonly metadata: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {} };
  private date?: string;
  private time?: string;
  private dateTime?: string;
  private rawParts: string[] = [];

  /** Applies one header line; reports an unreadable wavelength or plate size to `problems`. */
  apply(key: string, value: string, line: number, problems: ProblemList): MetadataLineEffect {
    const k = normaliseKey(key);
    const v = value.trim();
    const m = this.metadata;
    if (k.startsWith('wavelength') || k === 'nm' || k === 'lambda') {
      const nm = parseWavelengthLabel(v);
      if (nm === null) {
        problems.add({
          code: 'INVALID_WAVELENGTH',
          line,
          field: key.trim(),
          message: `Line ${line}: wavelength "${v}" is not a wavelength ThioLab reads; ${WAVELENGTH_SPELLINGS}.`,
        });
      }
      return { wavelengthNm: nm };
    }
    if (PLATE_FORMAT.has(k)) {
      const size = /\b384\b/.test(v) ? 384 : /\b96\b/.test(v) ? 96 : null;
      if (size === null) {
        problems.add({
          code: 'WRONG_PLATE_SIZE',
          line,
          field: key.trim(),
          message: `Line ${line}: plate format "${v}" is not a 96- or 384-well plate.`,
        });
      } else {
        m.declaredPlateSize ??= size;
      }
      return { plateSize: size };
    }
    if (BARCODE.has(k)) m.barcode ??= v;
    else if (DATE_TIME.has(k)) this.applyDateTime(v);
    else if (k.startsWith('temp')) {
      const t = firstNumberIn(v);
      // A key such as "Temperature (F)" states Fahrenheit; everything else is °C.
      const fahrenheit = /\(\s*°?\s*f\s*\)|fahrenheit/i.test(key);
      if (t !== undefined) m.temperatureCelsius ??= fahrenheit ? ((t - 32) * 5) / 9 : t;
    } else if (INSTRUMENT.has(k)) m.instrument ??= v;
    else if (SERIAL.has(k)) m.instrumentSerial ??= v;
    else if (SOFTWARE.has(k)) m.software ??= v;
    else if (READ_MODE.has(k)) m.readMode ??= v;
    else if (UNITS.has(k)) m.units ??= v;
    else if (PLATE_NAME.has(k)) m.plateName ??= v;
    else if (key.trim() !== '' && !(key.trim() in m.extra)) m.extra[key.trim()] = v;
    return {};
  }

  private applyDateTime(v: string): void {
    if (v === '') return;
    this.rawParts.push(v);
    if (TIME_ONLY_RE.test(v)) {
      this.time ??= v;
      return;
    }
    const iso = toIsoLocal(v);
    if (iso?.includes('T')) this.dateTime ??= iso;
    else this.date ??= v;
  }

  /** The metadata, with `readTime` from whichever date and time lines were seen. */
  finish(): Omit<PlateReadingMetadata, 'wavelengthsNm'> {
    const m = this.metadata;
    if (this.rawParts.length > 0) {
      m.readTimeRaw = this.rawParts.slice(0, 2).join(' ');
      const iso = this.dateTime ?? (this.date ? toIsoLocal(this.date, this.time) : undefined);
      if (iso) m.readTime = iso;
    }
    return m;
  }
}
