// `group rule validate`: the portal's "Validate rules" (rules.md §9), with Graph's
// evaluateDynamicMembership shape per object and a readable tree for people.
import { UsageError, ValidationError } from '../../core/errors.js';
import { evalContext, type DynamicEnv } from '../../core/dynamic/engine.js';
import { explainRule, parseRule } from '../../core/rules/index.js';
import type { CommandResult } from '../output/result.js';
import { resolveGroup, resolveUser } from '../resolve.js';
import type { Session } from '../session.js';
import { resolveDevice } from './device.js';

/** The portal validates at most 20 objects at a time. */
export const MAX_VALIDATE_OBJECTS = 20;

interface Detail {
  expression: string;
  expressionResult: boolean;
  propertyToEvaluate: { propertyName: string; propertyValue: string | null } | null;
  expressionEvaluationDetails: Detail[];
}

function tree(d: Detail, depth: number, out: string[]): void {
  const prop = d.propertyToEvaluate ? `   [${d.propertyToEvaluate.propertyName} = ${d.propertyToEvaluate.propertyValue === null ? 'null' : JSON.stringify(d.propertyToEvaluate.propertyValue)}]` : '';
  out.push(`${'  '.repeat(depth + 1)}${d.expressionResult ? 'true ' : 'false'}  ${d.expression}${prop}`);
  for (const c of d.expressionEvaluationDetails) tree(c, depth + 1, out);
}

export function validateRule(session: Session, ref: string | undefined, o: { rule?: string; user: string[]; device: string[] }): CommandResult {
  if ((ref === undefined) === (o.rule === undefined)) {
    throw new UsageError('pass either a group or --rule', { hint: 'e.g. tenantctl group rule validate Sales --user adele@contoso.com' });
  }
  const store = session.store;
  const text = o.rule ?? resolveGroup(store, ref!).membershipRule;
  if (!text) throw new ValidationError('NotDynamic', `group '${ref}' has no membership rule`, { target: ref, hint: 'pass --rule to try one' });
  const rule = parseRule(text);
  const objects = [...o.user.map((u) => ({ type: 'user' as const, obj: resolveUser(store, u) })), ...o.device.map((d) => ({ type: 'device' as const, obj: resolveDevice(store, d) }))];
  if (objects.length === 0) throw new UsageError('name at least one --user or --device to validate against', { hint: '--user adele@contoso.com' });
  if (objects.length > MAX_VALIDATE_OBJECTS) throw new UsageError(`at most ${MAX_VALIDATE_OBJECTS} users or devices can be validated at a time (got ${objects.length})`);
  const wrong = objects.find((x) => x.type !== rule.objectType);
  if (wrong) throw new UsageError(`the rule is a ${rule.objectType} rule, so it cannot be validated against ${wrong.type}s`, { target: wrong.type });
  const ctx = evalContext({ dir: store, clock: session.clock } as unknown as DynamicEnv);
  const data = objects.map(({ obj }) => {
    const r = explainRule(rule, obj as never, ctx);
    return {
      memberId: obj.id,
      displayName: obj.displayName,
      ...('userPrincipalName' in obj ? { userPrincipalName: obj.userPrincipalName } : {}),
      ...r,
    };
  });
  const lines: string[] = [];
  for (const d of data) {
    lines.push(`${'userPrincipalName' in d ? d.userPrincipalName : d.displayName}: ${d.membershipRuleEvaluationResult ? 'is a member' : 'is not a member'}`);
    tree(d.membershipRuleEvaluationDetails as Detail, 0, lines);
  }
  // Table output is the tree; JSON/YAML carry Graph's shape.
  return session.opts.output === 'table' && session.opts.query === undefined ? { data: lines.join('\n'), asRow: false } : { data };
}
