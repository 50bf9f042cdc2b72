import ExcelJS from 'exceljs';

/**
 * One sheet of a workbook (or the one table of a text export) as text cells: `rows[i][k]` is the
 * cell in column k+1 of the sheet row `lines[i]` (1-based), empty rows dropped at the end.
 */
export interface Sheet {
  /** Undefined for a text export's single table. */
  name?: string;
  rows: string[][];
  lines: number[];
}

/** The text of a cell as the workbook holds it: numbers in JavaScript's shortest round-trip form. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return String(value.error);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

/**
 * Reads an .xlsx workbook with exceljs (never a hand-written XLSX parser) into text sheets.
 * Throws when the bytes are not a readable workbook.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  // exceljs reads from a Buffer-like ArrayBuffer.
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  await wb.xlsx.load(copy as ArrayBuffer);
  const sheets: Sheet[] = [];
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    const lines: number[] = [];
    let lastNonEmpty = -1;
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      const values = row.values as ExcelJS.CellValue[];
      // `values` is 1-based (index 0 unused).
      for (let k = 1; k < values.length; k++) cells.push(cellText(values[k]));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      if (cells.length === 0) cells.push('');
      rows.push(cells);
      lines.push(n);
      if (cells.some((c) => c.trim() !== '')) lastNonEmpty = rows.length - 1;
    });
    sheets.push({
      name: ws.name,
      rows: rows.slice(0, lastNonEmpty + 1),
      lines: lines.slice(0, lastNonEmpty + 1),
    });
  });
  return sheets;
}
