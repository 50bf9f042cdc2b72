export * from './qpcr-export';
export { parseQpcrExport, detectQpcrFormat } from './parse-qpcr-export';
export { parseRdml } from './rdml.parser';
export { parseQuantStudioText, parseQuantStudioWorkbook } from './quantstudio.parser';
export { parseCfxCsv } from './cfx.parser';
export { parseQpcrLongCsv } from './long.parser';
export { readCqCell } from './qpcr-cells';
