// Conditional Access core: the public surface the store and CLI use.
export * from './types.js';
export * from './issues.js';
export * from './auth-strengths.js';
export * from './named-locations.js';
export * from './device-filter.js';
export * from './normalize.js';
export * from './validate.js';
export * from './apps.js';
export * from './signin.js';
export * from './evaluate.js';
export * from './lint.js';
export * from './lockout.js';
