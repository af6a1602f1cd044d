// "Validate rules" (rules.md §9): the per-expression results, in the shape of Graph beta
// group: evaluateDynamicMembership. Leaves are evaluated with the same compiled predicates as
// compileRule, so the tree always agrees with the membership the reconcile engine computes.

import type { Expr, Operand, Rule } from './ast.js';
import { compileExpr, compileRule, operandGetter, type EvalContext, type RuleSubject } from './evaluate.js';

export interface PropertyToEvaluate {
  /** The rule-language property name (e.g. "displayName", "_", "assignedPlan.servicePlanId"). */
  readonly propertyName: string;
  /** The value as text; collections as a JSON array; null when unset. */
  readonly propertyValue: string | null;
}

export interface ExpressionEvaluationDetails {
  /** The sub-expression as written, without the parentheses around it. */
  readonly expression: string;
  readonly expressionResult: boolean;
  /** For comparisons and -any/-all; null for -and/-or/-not. */
  readonly propertyToEvaluate: PropertyToEvaluate | null;
  /** Operands of -and/-or/-not; for -any/-all one subtree per element of the collection. */
  readonly expressionEvaluationDetails: readonly ExpressionEvaluationDetails[];
}

export interface EvaluateDynamicMembershipResult {
  readonly membershipRule: string;
  readonly membershipRuleEvaluationResult: boolean;
  readonly membershipRuleEvaluationDetails: ExpressionEvaluationDetails;
}

const valueText = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
};

const propertyName = (o: Operand): string => (o.kind === 'property' ? o.def.name : o.written);

const explainExpr = (rule: Rule, e: Expr, subject: unknown, ctx: EvalContext): ExpressionEvaluationDetails => {
  const expression = rule.text.slice(e.span.start, e.span.end);
  switch (e.kind) {
    case 'compare': {
      const result = compileExpr(e, rule.dialect)(subject, ctx);
      const value = operandGetter(e.left)(subject, ctx);
      return {
        expression,
        expressionResult: result,
        propertyToEvaluate: { propertyName: propertyName(e.left), propertyValue: valueText(value) },
        expressionEvaluationDetails: [],
      };
    }
    case 'not': {
      const child = explainExpr(rule, e.operand, subject, ctx);
      return { expression, expressionResult: !child.expressionResult, propertyToEvaluate: null, expressionEvaluationDetails: [child] };
    }
    case 'and':
    case 'or': {
      const children = e.operands.map((o) => explainExpr(rule, o, subject, ctx));
      const result = e.kind === 'and' ? children.every((c) => c.expressionResult) : children.some((c) => c.expressionResult);
      return { expression, expressionResult: result, propertyToEvaluate: null, expressionEvaluationDetails: children };
    }
    case 'quantifier': {
      const raw = operandGetter(e.collection)(subject, ctx);
      const elements: readonly unknown[] = Array.isArray(raw) ? raw : [];
      const children = elements.map((el) => explainExpr(rule, e.predicate, el, ctx));
      const result =
        e.quantifier === 'any' ? children.some((c) => c.expressionResult) : children.every((c) => c.expressionResult);
      return {
        expression,
        expressionResult: result,
        propertyToEvaluate: { propertyName: e.collection.def.name, propertyValue: JSON.stringify(elements) },
        expressionEvaluationDetails: children,
      };
    }
  }
};

/**
 * Evaluates `rule` for one object and returns Graph's evaluateDynamicMembership result, with the
 * result of each sub-expression. Unlike the portal (rules.md §5.2) memberOf rules are explained too.
 */
export const explainRule = (rule: Rule, subject: RuleSubject, ctx: EvalContext): EvaluateDynamicMembershipResult => {
  const result = compileRule(rule)(subject, ctx);
  let details: ExpressionEvaluationDetails;
  if (rule.kind === 'directReports') {
    details = {
      expression: rule.text.slice(rule.span.start, rule.span.end),
      expressionResult: result,
      propertyToEvaluate: { propertyName: 'manager', propertyValue: valueText((subject as { managerId?: unknown }).managerId) },
      expressionEvaluationDetails: [],
    };
  } else {
    details = explainExpr(rule, rule.root, subject, ctx);
  }
  return { membershipRule: rule.text, membershipRuleEvaluationResult: result, membershipRuleEvaluationDetails: details };
};
