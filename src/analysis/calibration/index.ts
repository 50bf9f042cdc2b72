export * from './weighted-calibration';
export * from './back-calculation';
export * from './inverse-prediction';
export * from './peak-area-ratio';
export * from './quantitation-limits';
export * from './ich-m10-acceptance';
export * from './carryover';
