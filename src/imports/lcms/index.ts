export * from './lcms-export';
export { MISSING_MARKS, readNumberCell } from './lcms-cells';
export { LONG_SAMPLE_TYPES, parseLongLcms } from './long.parser';
export { parseSkyline } from './skyline.parser';
export { parseMasshunter } from './masshunter.parser';
export { parseMultiquant } from './multiquant.parser';
export { parseTargetlynx } from './targetlynx.parser';
export {
  LCMS_FORMAT_DESCRIPTIONS,
  detectLcmsFormat,
  isLcmsFormat,
  parseLcmsExport,
  parseLcmsText,
} from './parse-lcms-export';
export { classifySampleType, type InjectionType } from './sample-type';
