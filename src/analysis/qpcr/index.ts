export * from './cq-value';
export * from './replicate-summary';
export * from './delta-cq';
export * from './livak';
export * from './standard-curve-efficiency';
export * from './pfaffl';
export * from './genorm';
export * from './biological-replicates';
