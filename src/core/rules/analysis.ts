// Static analysis for the reconcile engine: what a rule reads (so a change to an object re-runs
// only the rules it can affect) and a necessary condition the store can use to fetch candidate
// objects instead of scanning them all.

import type { Expr, ObjectType, Rule, ScalarLiteral } from './ast.js';
import { literalString } from './evaluate.js';

export interface RuleDependencies {
  readonly objectType: ObjectType;
  /**
   * Model property names the rule reads (Graph names: "id", "mobilePhone", "proxyAddresses" for
   * sipProxyAddress, "businessPhones" for telephoneNumber, "managerId" for Direct Reports, and the
   * extension_<appId>_<name> names of directory extensions).
   */
  readonly properties: ReadonlySet<string>;
  /** The rule reads user.assignedPlans: re-evaluate when the user's licenses change. */
  readonly readsAssignedPlans: boolean;
  /** A memberOf rule: re-evaluate when direct membership of these groups changes (lowercased ids). */
  readonly memberOfGroupIds: readonly string[];
  /** A Direct Reports rule: the manager's object id (lowercased). */
  readonly directReportsManagerId?: string;
  /** The rule uses system.now: its result can change with time alone, so re-run it on each reconcile. */
  readonly readsNow: boolean;
}

export const ruleDependencies = (rule: Rule): RuleDependencies => {
  if (rule.kind === 'directReports') {
    return {
      objectType: 'user',
      properties: new Set(['managerId']),
      readsAssignedPlans: false,
      memberOfGroupIds: [],
      directReportsManagerId: rule.managerId,
      readsNow: false,
    };
  }
  const properties = new Set<string>();
  let readsAssignedPlans = false;
  let readsNow = false;
  const visitLiteral = (v: ScalarLiteral): void => {
    if (v.kind === 'now') readsNow = true;
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'compare':
        if (e.left.kind === 'property') properties.add(e.left.def.modelProperty);
        if (e.right.kind === 'list') e.right.items.forEach(visitLiteral);
        else visitLiteral(e.right);
        return;
      case 'quantifier':
        if (e.collection.def.source === 'assignedPlans') readsAssignedPlans = true;
        else if (e.collection.def.source !== 'memberOf') properties.add(e.collection.def.modelProperty);
        visit(e.predicate);
        return;
      case 'not':
        visit(e.operand);
        return;
      case 'and':
      case 'or':
        e.operands.forEach(visit);
        return;
    }
  };
  visit(rule.root);
  return {
    objectType: rule.objectType,
    properties,
    readsAssignedPlans,
    memberOfGroupIds: rule.kind === 'memberOf' ? rule.groupIds : [],
    readsNow,
  };
};

/**
 * A necessary condition for membership that a store can answer from an index:
 * - property: a model property name (a plain string column: "department", "id", "extensionAttribute3",
 *   "managerId" for Direct Reports), or "memberOf" meaning "is a direct member of one of these groups";
 * - op 'eq' / 'in': the lowercased column value equals one of `values`;
 * - op 'prefix': the lowercased column value starts with one of `values`.
 * Values are lowercased (JS toLowerCase): the store must compare case-insensitively. Every object
 * that matches the rule satisfies the filter, not the other way round: the rule must still be
 * evaluated on each candidate.
 */
export interface CandidateFilter {
  readonly property: string;
  readonly op: 'eq' | 'in' | 'prefix';
  readonly values: readonly string[];
}

/** Properties that hold one string as stored, so an index on them can answer the filter. */
const isIndexable = (e: Expr & { kind: 'compare' }): boolean =>
  e.left.kind === 'property' && e.left.def.type === 'string' && e.left.def.source === 'direct';

const filterOfCompare = (e: Expr & { kind: 'compare' }): CandidateFilter | null => {
  if (!isIndexable(e) || e.left.kind !== 'property') return null;
  const property = e.left.def.modelProperty;
  const texts = (e.right.kind === 'list' ? e.right.items : [e.right]).map(literalString);
  if (texts.some((t) => t === null)) return null; // -eq null: not an index lookup
  const values = [...new Set((texts as string[]).map((t) => t.toLowerCase()))];
  switch (e.op) {
    case 'eq':
      return { property, op: 'eq', values };
    case 'in':
      return { property, op: values.length === 1 ? 'eq' : 'in', values };
    case 'startsWith':
      // An empty prefix selects everything that is set; not worth an index lookup.
      return values.includes('') ? null : { property, op: 'prefix', values };
    default:
      return null;
  }
};

/** Union of two filters on the same property (for -or); null if they can't be merged. */
const union = (a: CandidateFilter, b: CandidateFilter): CandidateFilter | null => {
  if (a.property !== b.property) return null;
  const values = [...new Set([...a.values, ...b.values])];
  // Equality implies starting with the same text, so eq ∪ prefix is covered by prefix.
  if (a.op === 'prefix' || b.op === 'prefix') return { property: a.property, op: 'prefix', values };
  return { property: a.property, op: values.length === 1 ? 'eq' : 'in', values };
};

/** Lower is better: equality lookups before prefix scans, fewer values first. */
const cost = (f: CandidateFilter): number => (f.op === 'prefix' ? 1000 : 0) + f.values.length;

const filterOf = (e: Expr): CandidateFilter | null => {
  switch (e.kind) {
    case 'compare':
      return filterOfCompare(e);
    case 'and': {
      let best: CandidateFilter | null = null;
      for (const o of e.operands) {
        const f = filterOf(o);
        if (f && (!best || cost(f) < cost(best))) best = f;
      }
      return best;
    }
    case 'or': {
      let acc: CandidateFilter | null = null;
      for (const o of e.operands) {
        const f = filterOf(o);
        if (!f) return null;
        acc = acc ? union(acc, f) : f;
        if (!acc) return null;
      }
      return acc;
    }
    // -not and -any/-all: no usable necessary condition.
    default:
      return null;
  }
};

/**
 * A necessary condition the store can use to fetch candidates, or null meaning "scan all objects
 * of rule.objectType". The rule must still be evaluated on every candidate.
 */
export const candidateFilter = (rule: Rule): CandidateFilter | null => {
  switch (rule.kind) {
    case 'directReports':
      return { property: 'managerId', op: 'eq', values: [rule.managerId] };
    case 'memberOf':
      return { property: 'memberOf', op: rule.groupIds.length === 1 ? 'eq' : 'in', values: rule.groupIds };
    case 'expression':
      return filterOf(rule.root);
  }
};
