// The DeviceFilterMatcher backed by the shared rule engine's deviceFilter dialect (rules.md §10b),
// so that `ca whatif`, `group rule validate` and dynamic device groups read a rule the same way.
// Rules are compiled once per text. An unregistered device is an object whose every property is
// null (E12): positive operators never match it, negated ones always do.
// The parser and the evaluator only (not the rules index, which also loads explain and analysis):
// `ca whatif` loads this module for one sign-in.
import { compileRule, type CompiledRule, type EvalContext } from '../rules/evaluate.js';
import { parseRule } from '../rules/parser.js';
import type { DeviceFilterMatcher } from './device-filter.js';

const compiled = new Map<string, CompiledRule>();
const CTX: EvalContext = { now: '1970-01-01T00:00:00Z' };
const UNREGISTERED = Object.freeze({});

export const ruleEngineDeviceFilter: DeviceFilterMatcher = (rule, device) => {
  let f = compiled.get(rule);
  if (!f) {
    f = compileRule(parseRule(rule, { dialect: 'deviceFilter' }));
    compiled.set(rule, f);
  }
  return f((device ?? UNREGISTERED) as never, CTX);
};
