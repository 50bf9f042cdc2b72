// The parsers' output contract is defined in analysis/plate (storage and analysis read it too).
export * from '../../analysis/plate/plate-reading';
export { PHYSICAL_LIMITS, readModeOf, type PhysicalLimits } from './physical-limits';
export { KNOWN_MARKS, readCell, statusReason } from './cell-status';
export { decodeExport, type DecodedExport, type TextEncodingName } from './encoding';
export {
  detectPlateReaderFormat,
  explainTextFormat,
  explainWorkbookFormat,
  type Detection,
} from './format-detection';
export { PLATE_READER_FORMAT_TABLE, type PlateReaderFormatInfo } from './format-table';
export {
  parsePlateExport,
  parsePlateReading,
  parsePlateText,
  parsePlateWorkbook,
  toSingleReading,
  isPlateReaderFormat,
  type ParsePlateReadingOptions,
} from './parse-plate-reading';
export { readWorkbook, type Sheet } from './workbook';
export { parseGrid } from './grid.parser';
export { parseLong } from './long.parser';
export { parseGen5 } from './gen5.parser';
export { parseSoftmax } from './softmax.parser';
export { parseBmgMars } from './bmg-mars.parser';
export { parseEnvision } from './envision.parser';
export { parseKaleido } from './kaleido.parser';
export { parseSkanitText, parseSkanitWorkbook } from './skanit.parser';
export { parseMagellan } from './magellan.parser';
export { parseSpark } from './spark.parser';
