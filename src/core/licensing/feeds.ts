// Which licensed groups can feed a dynamic rule on user.assignedPlans (rules.md, licensing.md §10):
// the cycle check needs it, so that the add-on pattern of §6.1 (a dynamic group keyed on the base
// plan that hands out an add-on) is allowed while a group keyed on the plan it hands out is not.
import type { Expr, Rule } from '../rules/index.js';
import type { AssignedLicense } from './model.js';

/**
 * The service plan ids a rule's assignedPlans conditions can match, or null when any plan can matter
 * (a negation, -all, or a condition not pinned to servicePlanId -eq / -in).
 */
export function assignedPlanIdsRead(rule: Rule): Set<string> | null {
  if (rule.kind !== 'expression') return new Set();
  const out = new Set<string>();
  const pinned = (e: Expr): string[] | null => {
    switch (e.kind) {
      case 'compare':
        if (e.left.kind !== 'element' || e.left.field !== 'servicePlanId') return null;
        if (e.op === 'eq' && e.right.kind === 'string') return [e.right.value.toLowerCase()];
        if (e.op === 'in' && e.right.kind === 'list') {
          const ids: string[] = [];
          for (const i of e.right.items) {
            if (i.kind !== 'string') return null;
            ids.push(i.value.toLowerCase());
          }
          return ids;
        }
        return null;
      case 'and':
        for (const o of e.operands) {
          const p = pinned(o);
          if (p) return p;
        }
        return null;
      case 'or': {
        const all: string[] = [];
        for (const o of e.operands) {
          const p = pinned(o);
          if (!p) return null;
          all.push(...p);
        }
        return all;
      }
      default:
        return null;
    }
  };
  const visit = (e: Expr, negated: boolean): boolean => {
    switch (e.kind) {
      case 'compare':
        return true;
      case 'quantifier': {
        if (e.collection.def.source !== 'assignedPlans') return true;
        if (negated || e.quantifier !== 'any') return false;
        const ids = pinned(e.predicate);
        if (!ids) return false;
        for (const id of ids) out.add(id);
        return true;
      }
      case 'not':
        return visit(e.operand, !negated);
      case 'and':
      case 'or':
        return e.operands.every((o) => visit(o, negated));
    }
  };
  return visit(rule.root, false) ? out : null;
}

/** Groups whose licenses enable one of `planIds` (every licensed group when planIds is null). */
export function groupsFeeding(
  planIds: ReadonlySet<string> | null,
  groupLicenses: ReadonlyMap<string, readonly AssignedLicense[]>,
  planIdsOf: (skuId: string) => readonly string[] | undefined,
): string[] {
  const out: string[] = [];
  for (const [groupId, licenses] of groupLicenses) {
    if (licenses.length === 0) continue;
    const feeds =
      planIds === null ||
      licenses.some((l) => {
        const off = new Set(l.disabledPlans.map((p) => p.toLowerCase()));
        return (planIdsOf(l.skuId) ?? []).some((p) => !off.has(p) && planIds.has(p));
      });
    if (feeds) out.push(groupId);
  }
  return out.sort();
}
