// Public surface of the roles core (pure). The store and CLI import from here.
export * from './types.js';
export * from './actions.js';
export * from './catalog.js';
export * from './definitions.js';
export * from './pim.js';
export * from './assignments.js';
export * from './authorize.js';
export * from './commands.js';
export * from './guardrails.js';
export * from './audit.js';
export * from './facts.js';
export * from './ports.js';
export * from './targets.js';
export * from './role-service.js';
