// The dynamic membership rule language: parse, evaluate, explain, analyse (rules.md).
export type * from './ast.js';
export { RuleSyntaxError, ENTRA_RULE_MESSAGES, positionAt, caretLines, type RuleErrorReason, type RulePosition } from './errors.js';
export { tokenize, type Token, type TokenKind } from './lexer.js';
export {
  parseRule,
  assertRuleFitsGroup,
  MAX_RULE_LENGTH,
  MAX_MEMBER_OF_GROUPS,
  MAX_NESTING,
  type ParseOptions,
} from './parser.js';
export {
  compileRule,
  evaluateRule,
  type CompiledRule,
  type EvalContext,
  type RuleAssignedPlan,
  type RuleSubject,
} from './evaluate.js';
export {
  explainRule,
  type EvaluateDynamicMembershipResult,
  type ExpressionEvaluationDetails,
  type PropertyToEvaluate,
} from './explain.js';
export { ruleDependencies, candidateFilter, type RuleDependencies, type CandidateFilter } from './analysis.js';
export {
  USER_RULE_PROPERTIES,
  DEVICE_RULE_PROPERTIES,
  DEVICE_FILTER_PROPERTIES,
  lookupRuleProperty,
  type RulePropertyDef,
  type RuleValueType,
  type RuleValueSource,
} from './properties.js';
