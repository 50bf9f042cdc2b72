export * from './well-position';
export * from './well-role';
// Summary statistics live in stats/; re-exported here, where plate results have always had them.
export { summarize, type SummaryStatistics } from '../stats/descriptive';
export { finiteOrNull } from '../stats/json-safe';
export * from './z-prime';
export * from './edge-effect';
export * from './normalize-mtt';
export * from './plate-qc';
export * from './mtt-long-csv';
export * from './plate-input-hash';
export * from './edge-drift';
export * from './analysis-flags';
