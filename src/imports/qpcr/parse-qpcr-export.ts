// One entry point for qPCR exports: recognises the format from the bytes (or takes the one
// named) and hands the file to its pure parser.
import { decodeExport } from '../plate-readers/encoding';
import { readWorkbook } from '../plate-readers/workbook';
import { looksLikeCfx, parseCfxCsv } from './cfx.parser';
import { looksLikeLongCsv, parseQpcrLongCsv } from './long.parser';
import {
  EMPTY_QPCR_FILE,
  QPCR_EXPORT_FORMATS,
  type QpcrExportFormat,
  type QpcrParseResult,
} from './qpcr-export';
import {
  looksLikeQuantStudioText,
  parseQuantStudioText,
  parseQuantStudioWorkbook,
} from './quantstudio.parser';
import { looksLikeRdml, parseRdml } from './rdml.parser';

function refused(format: QpcrExportFormat | null, message: string): QpcrParseResult {
  return { ok: false, format, problems: [{ where: 'file', message }] };
}

/** Which format the bytes are, or null when none fits. */
export function detectQpcrFormat(bytes: Uint8Array): QpcrExportFormat | null {
  const decoded = decodeExport(bytes);
  if (decoded.kind === 'xlsx') return 'quantstudio-xlsx';
  if (looksLikeRdml(bytes)) return 'rdml';
  if (decoded.kind !== 'text') return null;
  if (looksLikeQuantStudioText(decoded.text)) return 'quantstudio-text';
  if (looksLikeCfx(decoded.text)) return 'cfx-csv';
  if (looksLikeLongCsv(decoded.text)) return 'long-csv';
  return null;
}

/**
 * Reads a qPCR export: RDML (zip or XML), QuantStudio text or Excel, CFX Cq Results CSV or the
 * generic long CSV. `format` forces one; otherwise it is recognised. Text is decoded from its
 * bytes (BOM, UTF-16, Latin-1).
 */
export async function parseQpcrExport(
  bytes: Uint8Array,
  format?: QpcrExportFormat,
): Promise<QpcrParseResult> {
  const chosen = format ?? detectQpcrFormat(bytes);
  const blank = decodeExport(bytes);
  if (blank.kind === 'text' && blank.text.replace(/^\uFEFF/, '').trim() === '') {
    return refused(chosen, EMPTY_QPCR_FILE);
  }
  if (chosen === null) {
    return refused(
      null,
      `the file is none of the qPCR formats ThioLab reads (${QPCR_EXPORT_FORMATS.join(', ')}); export RDML, the QuantStudio Results text or Excel, the CFX "Quantification Cq Results" CSV, or a long CSV with well, sample, target, cq`,
    );
  }
  if (chosen === 'rdml') return parseRdml(bytes);
  const decoded = decodeExport(bytes);
  if (chosen === 'quantstudio-xlsx') {
    if (decoded.kind !== 'xlsx')
      return refused(chosen, 'the file is not an Excel workbook (.xlsx)');
    let sheets;
    try {
      sheets = await readWorkbook(bytes);
    } catch (e) {
      return refused(chosen, `the workbook cannot be read (${(e as Error).message})`);
    }
    return parseQuantStudioWorkbook(sheets);
  }
  if (decoded.kind !== 'text') {
    return refused(
      chosen,
      decoded.kind === 'xlsx'
        ? 'the file is an Excel workbook; send it as quantstudio-xlsx or export text'
        : `the file is ${decoded.what}; ${decoded.advice}`,
    );
  }
  switch (chosen) {
    case 'quantstudio-text':
      return parseQuantStudioText(decoded.text);
    case 'cfx-csv':
      return parseCfxCsv(decoded.text);
    case 'long-csv':
      return parseQpcrLongCsv(decoded.text);
  }
}
