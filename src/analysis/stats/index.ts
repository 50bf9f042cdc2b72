export * from './distributions';
export * from './descriptive';
export * from './linear-regression';
export * from './welch-t-test';
export * from './mann-whitney-u';
export * from './json-safe';
