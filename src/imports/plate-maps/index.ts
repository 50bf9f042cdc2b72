export * from './plate-map';
export * from '../../common/units/concentration-units';
export { parsePlateMap } from './plate-map.parser';
