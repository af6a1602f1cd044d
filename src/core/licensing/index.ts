// Public surface of the licensing core (licensing.md): types, synchronous checks, the recompute, Graph shapes.
export * from './model.js';
export * from './plan-index.js';
export * from './validate.js';
export * from './recompute.js';
export * from './graph.js';
