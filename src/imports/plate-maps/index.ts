export * from './plate-map';
export * from './concentration-units';
export { parsePlateMap } from './plate-map.parser';
