export * from './well-position';
export * from './well-role';
export * from './summary-statistics';
export * from './z-prime';
export * from './edge-effect';
export * from './normalize-mtt';
export * from './plate-qc';
export * from './mtt-long-csv';
