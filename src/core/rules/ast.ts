// The parsed form of a dynamic membership rule. Every node carries the span of source text it came
// from, so errors can point at it and explain output can quote it (rules.md §9 quotes each
// sub-expression as written). The original text is kept verbatim on the Rule (rules.md §2.2).

import type { RulePropertyDef } from './properties.js';

export type ObjectType = 'user' | 'device';

/**
 * Which property table and semantics apply. 'membership' is the dynamic group/administrative unit
 * dialect; 'deviceFilter' is Conditional Access "filter for devices" (rules.md §10b): Graph device
 * property names, no -match/-ge/-le/-any/-all, and -contains on a collection means "has an element
 * equal to".
 */
export type RuleDialect = 'membership' | 'deviceFilter';

/** Half-open range of UTF-16 offsets into Rule.text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type CompareOp =
  | 'eq'
  | 'ne'
  | 'startsWith'
  | 'notStartsWith'
  | 'endsWith'
  | 'notEndsWith'
  | 'contains'
  | 'notContains'
  | 'match'
  | 'notMatch'
  | 'in'
  | 'notIn'
  | 'ge'
  | 'le';

/** An ISO 8601 duration such as P30D or PT12H (rules.md §2.4). */
export interface Duration {
  readonly raw: string;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export type ScalarLiteral =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  /** Bare digits; compared as text (rules.md §2.4: "050" -eq "50" is false). */
  | { readonly kind: 'number'; readonly raw: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  /** An absolute instant; `iso` is normalised to UTC with milliseconds. */
  | { readonly kind: 'datetime'; readonly raw: string; readonly iso: string; readonly span: Span }
  /** system.now, optionally -plus/-minus a duration; resolved against EvalContext.now. */
  | { readonly kind: 'now'; readonly sign: 1 | -1; readonly offset: Duration | null; readonly span: Span };

export type Literal = ScalarLiteral | { readonly kind: 'list'; readonly items: readonly ScalarLiteral[]; readonly span: Span };

/** A property of the rule's object: user.department, device.deviceOSType. */
export interface PropertyOperand {
  readonly kind: 'property';
  readonly objectType: ObjectType;
  /** The text as written, e.g. "user.mailNickName". */
  readonly written: string;
  readonly def: RulePropertyDef;
  readonly span: Span;
}

/**
 * The current element inside -any/-all (rules.md §3.4): `_` for string collections,
 * `assignedPlan.<field>` for assignedPlans, `group.objectId` for memberOf.
 */
export interface ElementOperand {
  readonly kind: 'element';
  readonly collection: 'strings' | 'assignedPlans' | 'memberOf';
  /** null for `_` and group.objectId (the element itself is the value). */
  readonly field: 'servicePlanId' | 'service' | 'capabilityStatus' | null;
  readonly written: string;
  readonly span: Span;
}

export type Operand = PropertyOperand | ElementOperand;

interface ExprBase {
  /** The expression itself, without parentheses around it. */
  readonly span: Span;
  /** Including any parentheses written around it (equal to span when there are none). */
  readonly outer: Span;
}

export interface CompareExpr extends ExprBase {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Operand;
  /** A list for in/notIn, a scalar otherwise (checked by the parser). */
  readonly right: Literal;
}

export interface QuantifierExpr extends ExprBase {
  readonly kind: 'quantifier';
  readonly quantifier: 'any' | 'all';
  readonly collection: PropertyOperand;
  /** Over ElementOperands only. */
  readonly predicate: Expr;
}

export interface AndExpr extends ExprBase {
  readonly kind: 'and';
  readonly operands: readonly Expr[];
}

export interface OrExpr extends ExprBase {
  readonly kind: 'or';
  readonly operands: readonly Expr[];
}

export interface NotExpr extends ExprBase {
  readonly kind: 'not';
  readonly operand: Expr;
}

export type Expr = CompareExpr | QuantifierExpr | AndExpr | OrExpr | NotExpr;

interface RuleBase {
  /** The rule exactly as given (whitespace included). */
  readonly text: string;
  readonly dialect: RuleDialect;
  /** Derived from the properties the rule names (rules.md §1: Graph has no separate flag). */
  readonly objectType: ObjectType;
}

/** A boolean expression over user.* or device.* properties. */
export interface ExpressionRule extends RuleBase {
  readonly kind: 'expression';
  readonly root: Expr;
}

/** `Direct Reports for "<managerObjectId>"` (rules.md §5.1): users whose manager is that id. */
export interface DirectReportsRule extends RuleBase {
  readonly kind: 'directReports';
  readonly objectType: 'user';
  /** Lowercased. */
  readonly managerId: string;
  readonly span: Span;
}

/** `user.memberOf -any (group.objectId -in [...])` (rules.md §5.2): direct members of any of the groups. */
export interface MemberOfRule extends RuleBase {
  readonly kind: 'memberOf';
  /** Lowercased, de-duplicated, in the order written. */
  readonly groupIds: readonly string[];
  readonly root: QuantifierExpr;
}

export type Rule = ExpressionRule | DirectReportsRule | MemberOfRule;
