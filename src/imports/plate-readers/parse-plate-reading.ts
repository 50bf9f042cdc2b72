import { detectPlateReaderFormat } from './format-detection';
import { parseGen5 } from './gen5.parser';
import { parseGrid } from './grid.parser';
import { parseLong } from './long.parser';
import { emptyFileResult, stripBom } from './parse-support';
import {
  PLATE_READER_FORMATS,
  type ParseResult,
  type PlateReaderFormat,
  type PlateReaderParseOptions,
} from './plate-reading';
import { parseSoftmax } from './softmax.parser';

export interface ParsePlateReadingOptions extends PlateReaderParseOptions {
  /** Format named by the caller (`?format=`); it overrides detection. */
  format?: PlateReaderFormat;
}

const PARSERS: Record<
  PlateReaderFormat,
  (text: string, options: PlateReaderParseOptions) => ParseResult
> = {
  grid: parseGrid,
  long: parseLong,
  gen5: parseGen5,
  softmax: parseSoftmax,
};

/** True when `s` names a supported format (for validating a `format=` parameter). */
export function isPlateReaderFormat(s: unknown): s is PlateReaderFormat {
  return typeof s === 'string' && (PLATE_READER_FORMATS as readonly string[]).includes(s);
}

/**
 * Parses a plate-reader export of any supported format: the one named in `options.format`, or
 * else the one detected from the content. Never throws on bad content: every problem is
 * returned, each located by line and well where possible.
 */
export function parsePlateReading(
  text: string,
  options: ParsePlateReadingOptions = {},
): ParseResult {
  const { format: requested, ...parseOptions } = options;
  if (stripBom(text).trim() === '') return emptyFileResult();
  const format = requested ?? detectPlateReaderFormat(text);
  if (format === null) {
    return {
      ok: false,
      problems: [
        {
          code: 'UNKNOWN_FORMAT',
          message:
            'The format could not be recognised (Gen5, SoftMax Pro, a plate grid or a long well,value table); name it with format=.',
        },
      ],
    };
  }
  return PARSERS[format](text, parseOptions);
}
