export * from './protocol-definition';
export * from './validate-definition';
export * from './canonical-content';
export * from './diff-definitions';
export * from './protocol-files';
export * from './setting-constraints';
