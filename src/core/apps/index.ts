// The apps core in one import for the store and CLI wiring.
export * from './access.js';
export * from './assignment.js';
export * from './audit.js';
export * from './authorization.js';
export * from './consent.js';
export * from './create.js';
export * from './credentials.js';
export * from './first-party.js';
export * from './permissions.js';
export * from './resources.js';
export * from './service-principals.js';
export * from './validate.js';
export * from './app-service.js';
export * from './ports.js';
