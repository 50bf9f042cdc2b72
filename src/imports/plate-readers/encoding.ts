import iconv from 'iconv-lite';

/** What the bytes of an upload are: text (decoded), an Excel workbook, or something else. */
export type DecodedExport =
  | { kind: 'text'; text: string; encoding: TextEncodingName }
  | { kind: 'xlsx' }
  | { kind: 'binary'; what: string; advice: string };

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** Known binary containers, by their first bytes, with what to send instead. */
const BINARY_SIGNATURES: { sig: number[]; what: string; advice: string }[] = [
  {
    sig: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an Excel 97–2003 workbook (.xls) or another OLE document',
    advice: 'save it as .xlsx, or export the plate as text (.txt or .csv)',
  },
  {
    sig: [0x25, 0x50, 0x44, 0x46],
    what: 'a PDF document',
    advice: 'export the plate data as text (.txt or .csv) or .xlsx; a report cannot be imported',
  },
  {
    sig: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65],
    what: 'an SQLite database (an instrument database, not an export)',
    advice: 'export the plate from the reader software as text or .xlsx',
  },
  {
    sig: [0x1f, 0x8b],
    what: 'a gzip archive',
    advice: 'unpack it and send the export file inside',
  },
  {
    sig: [0x89, 0x50, 0x4e, 0x47],
    what: 'a PNG image',
    advice: 'export the plate data as text or .xlsx',
  },
  {
    sig: [0xff, 0xd8, 0xff],
    what: 'a JPEG image',
    advice: 'export the plate data as text or .xlsx',
  },
];

/** True for a zip archive whose entries include an Excel workbook part. */
function isXlsx(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return false;
  // The local file headers name their entries in plain ASCII; a workbook has xl/ parts.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536));
  return head.includes('xl/') || head.includes('[Content_Types].xml');
}

/**
 * Guesses UTF-16 without a byte-order mark: ASCII text in UTF-16 has a zero byte in every other
 * position. Returns the byte order, or null.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** True when the bytes hold NUL or other control bytes that no text export writes. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 26 && b !== 27)) control++;
  }
  return control > n * 0.01;
}

/**
 * Decodes an export from its bytes: a byte-order mark decides (UTF-8, UTF-16LE/BE, as SoftMax
 * Pro and Gen5 write their Unicode exports); else UTF-16 is recognised by its zero bytes; else
 * valid UTF-8 is UTF-8 and anything else is Windows-1252 (Latin-1 with the Windows extras, as
 * older reader software writes `°C` and `µl`). The text keeps no byte-order mark. An Excel
 * workbook (.xlsx) and known binary files are recognised by their first bytes.
 */
export function decodeExport(bytes: Uint8Array): DecodedExport {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    return { kind: 'text', text: iconv.decode(buf.subarray(3), 'utf-8'), encoding: 'utf-8' };
  }
  if (startsWith(bytes, 0xff, 0xfe)) {
    return { kind: 'text', text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, 0xfe, 0xff)) {
    return { kind: 'text', text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  }
  if (isXlsx(bytes)) return { kind: 'xlsx' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    return {
      kind: 'binary',
      what: 'a zip archive that is not an Excel workbook',
      advice: 'unpack it and send the export file inside',
    };
  }
  for (const s of BINARY_SIGNATURES) {
    if (startsWith(bytes, ...s.sig)) return { kind: 'binary', what: s.what, advice: s.advice };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { kind: 'text', text: iconv.decode(buf, utf16), encoding: utf16 };
  if (looksBinary(bytes)) {
    return {
      kind: 'binary',
      what: 'a binary file, not a text export or an Excel workbook',
      advice: 'export the plate from the reader software as text (.txt, .csv) or .xlsx',
    };
  }
  try {
    return { kind: 'text', text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { kind: 'text', text: iconv.decode(buf, 'windows-1252'), encoding: 'windows-1252' };
  }
}
