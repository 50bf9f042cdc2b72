export * from './plate-reading';
export * from './wells';
export { detectPlateReaderFormat } from './format-detection';
export {
  parsePlateReading,
  isPlateReaderFormat,
  type ParsePlateReadingOptions,
} from './parse-plate-reading';
export { parseGrid } from './grid.parser';
export { parseLong } from './long.parser';
export { parseGen5 } from './gen5.parser';
export { parseSoftmax } from './softmax.parser';
