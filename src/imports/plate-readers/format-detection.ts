import { isGridHeaderRow } from './grid.parser';
import { isLongHeaderRow } from './long.parser';
import { sniffDelimiter, stripBom } from './parse-support';
import type { PlateReaderFormat } from './plate-reading';

// Detection reads only the head of the file and splits lines by hand: it runs on every upload
// before the real parse, so it must cost microseconds.
const HEAD_CHARS = 16384;
const HEAD_LINES = 200;

const SOFTMAX_RE = /^\s*##BLOCKS=|(?:^|[\r\n])Plate:\t/;
const GEN5_SOFTWARE_RE = /(?:^|[\r\n])[ \t]*Software Version[\t,]/;
// A grid may carry its own "Software Version" line: Gen5 also needs one of its other headers.
const GEN5_HEADER_RE = /(?:^|[\r\n])(?:Reader Type:|Plate Number)[\t,]/;
const GEN5_PROCEDURE_RE = /(?:^|[\r\n])Procedure (?:Details|Summary)[\t, ]*(?:\r?\n|\r|$)/;
const GEN5_PLATE_TYPE_RE = /(?:^|[\r\n])Plate Type[\t,]/;

/**
 * Detects the export format from the content: SoftMax Pro (`##BLOCKS=` or a `Plate:` line),
 * Gen5 (`Software Version` with `Reader Type:`, `Plate Number` or `Procedure Details`, or a
 * `Procedure Details`/`Summary` with a `Plate Type`), a grid
 * (a row of column numbers `,1,2,…`) or a long table (a header with a `well` column). Returns
 * null when none fits.
 */
export function detectPlateReaderFormat(text: string): PlateReaderFormat | null {
  const head = stripBom(text).slice(0, HEAD_CHARS);
  if (SOFTMAX_RE.test(head)) return 'softmax';
  const procedure = GEN5_PROCEDURE_RE.test(head);
  if (
    (GEN5_SOFTWARE_RE.test(head) && (procedure || GEN5_HEADER_RE.test(head))) ||
    (procedure && GEN5_PLATE_TYPE_RE.test(head))
  ) {
    return 'gen5';
  }
  const delimiter = sniffDelimiter(head);
  for (const line of head.split(/\r\n|\n|\r/, HEAD_LINES)) {
    const cells = line.split(delimiter).map((c) => c.replace(/^\s*"|"\s*$/g, ''));
    if (isGridHeaderRow(cells)) return 'grid';
    if (isLongHeaderRow(cells)) return 'long';
  }
  return null;
}
