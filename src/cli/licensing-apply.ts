// The `licenses:` section for `tenant apply` (the shape licensing-sections.ts reads and exports):
//   subscriptions — matched by SKU; the prepaidUnits the file states are set;
//   groups / users — each listed principal's assignedLicenses is its full list of group-based /
//   direct assignments, matched by (principal, SKU); disabledPlans is their property.
// A sub-list the file leaves out is not touched; one it gives (even empty) is the whole truth.
// Guests are not part of a description, so their direct licences are left alone.
import { loadSkuCatalog } from '../catalog/skus.js';
import type { LicensingEnv } from '../core/licensing/step.js';
import { subscriptionLookups } from '../core/licensing/step.js';
import type { PrepaidUnits, SkuInfo } from '../core/licensing/model.js';
import { addSubscription, assignGroupLicense, assignUserLicense, findSubscription, unassignGroupLicense, unassignUserLicense, updateSubscription } from '../core/licensing/service.js';
import type { MutationEnv } from '../core/mutation.js';
import { groupAuthzTarget, TENANT_TARGET } from '../core/roles/targets.js';
import {
  applySectionPlanners,
  byRow,
  checkKeys,
  conflictAt,
  invalidAt,
  isMapping,
  lc,
  notFoundAt,
  PHASE,
  within,
  type PlanContext,
  type PlannedChange,
} from '../core/tenant/apply-plan.js';
import type { TenantStore } from '../store/tenant-store.js';

const SECTION = 'licenses';
const UNIT_KINDS = ['enabled', 'warning', 'suspended', 'lockedOut'] as const;

/** Sub-lists: absent = untouched; anything else must be a list. */
function subList(source: string, where: string, v: unknown): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAt(source, where, `${where} must be a list (use [] for none)`);
  return v;
}

interface Want {
  skuId: string;
  part: string;
  disabledPlans: string[];
}

function plan(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const store = ctx.dir as TenantStore;
  if (!isMapping(value)) throw invalidAt(source, SECTION, 'licenses must be a mapping with subscriptions, groups and users');
  checkKeys(source, SECTION, value, ['subscriptions', 'groups', 'users']);
  const catalog = loadSkuCatalog();
  const subs = subscriptionLookups(store).subscriptions;
  const out: PlannedChange[] = [];

  // --- subscriptions
  const subsList = subList(source, 'licenses.subscriptions', value.subscriptions);
  const subscribedAfter = new Map<string, SkuInfo>(subs.map((s) => [lc(s.skuId), catalog.skuById(s.skuId) ?? (s as unknown as SkuInfo)]));
  if (subsList) {
    const listed = new Map<string, number>();
    for (const [i, raw] of subsList.entries()) {
      const where = `licenses.subscriptions[${i}]`;
      if (!isMapping(raw)) throw invalidAt(source, where, 'each subscription needs skuPartNumber or skuId');
      checkKeys(source, where, raw, ['skuPartNumber', 'skuId', 'prepaidUnits']);
      const ref = raw.skuId ?? raw.skuPartNumber;
      if (typeof ref !== 'string') throw invalidAt(source, where, 'each subscription needs skuPartNumber or skuId');
      const sku = within(source, where, () => catalog.resolveSku(ref));
      const at = `${where} (${sku.skuPartNumber})`;
      if (listed.has(lc(sku.skuId))) throw invalidAt(source, at, `${sku.skuPartNumber} is listed twice (also licenses.subscriptions[${listed.get(lc(sku.skuId))}])`);
      listed.set(lc(sku.skuId), i);
      subscribedAfter.set(lc(sku.skuId), sku);
      const units: Partial<PrepaidUnits> = {};
      if (raw.prepaidUnits !== undefined) {
        if (!isMapping(raw.prepaidUnits)) throw invalidAt(source, `${at}.prepaidUnits`, 'prepaidUnits must be a mapping such as { enabled: 5 }');
        checkKeys(source, `${at}.prepaidUnits`, raw.prepaidUnits, UNIT_KINDS);
        for (const k of UNIT_KINDS) {
          const v = raw.prepaidUnits[k];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 10_000_000) throw invalidAt(source, `${at}.prepaidUnits.${k}`, `must be a whole number from 0 to 10000000, not ${String(v)}`);
          units[k] = v;
        }
      }
      const existing = subs.find((s) => lc(s.skuId) === lc(sku.skuId));
      if (!existing) {
        out.push({
          section: SECTION,
          action: 'create',
          objectType: 'subscribedSku',
          key: sku.skuPartNumber,
          properties: Object.keys(units).map((k) => `prepaidUnits.${k}`).sort(),
          steps: [
            {
              phase: PHASE.section(SECTION, 0),
              where: at,
              run: (env) => {
                env.authorize('license subscription add', { tenant: TENANT_TARGET });
                addSubscription(env as LicensingEnv, sku, units);
              },
            },
          ],
        });
        continue;
      }
      const changed = (Object.keys(units) as (keyof PrepaidUnits)[]).filter((k) => units[k] !== existing.prepaidUnits[k]);
      if (changed.length === 0) continue;
      out.push({
        section: SECTION,
        action: 'update',
        objectType: 'subscribedSku',
        key: existing.skuPartNumber,
        properties: changed.map((k) => `prepaidUnits.${k}`).sort(),
        steps: [
          {
            phase: PHASE.section(SECTION, 0),
            where: at,
            run: (env) => {
              env.authorize('license subscription update', { tenant: TENANT_TARGET });
              updateSubscription(env as LicensingEnv, findSubscription(env as LicensingEnv, existing.skuId)!, units);
            },
          },
        ],
      });
    }
    for (const s of subs) {
      if (listed.has(lc(s.skuId))) continue;
      throw invalidAt(source, 'licenses.subscriptions', `the tenant's ${s.skuPartNumber} subscription is not listed, and a subscription cannot be removed`, {
        hint: `list it (prepaidUnits: { enabled: 0 } leaves it without seats)`,
      });
    }
  }

  /** A licence of the file: its SKU must be subscribed once the apply has run; plans by name or id. */
  const want = (where: string, raw: unknown): Want => {
    if (!isMapping(raw)) throw invalidAt(source, where, 'each license needs skuPartNumber or skuId');
    checkKeys(source, where, raw, ['skuPartNumber', 'skuId', 'disabledPlans']);
    const ref = raw.skuId ?? raw.skuPartNumber;
    if (typeof ref !== 'string') throw invalidAt(source, where, 'each license needs skuPartNumber or skuId');
    const known = [...subscribedAfter.values()].find((s) => lc(s.skuId) === lc(ref) || lc(s.skuPartNumber) === lc(ref));
    if (!known) {
      throw notFoundAt(source, where, `the tenant has no ${ref} subscription${subsList ? ' and the file adds none' : ''}`, `add it under licenses.subscriptions`);
    }
    const plans = raw.disabledPlans === undefined || raw.disabledPlans === null ? [] : raw.disabledPlans;
    if (!Array.isArray(plans) || plans.some((p) => typeof p !== 'string')) throw invalidAt(source, `${where}.disabledPlans`, 'disabledPlans must be a list of service plan names or ids');
    const ids = (plans as string[]).map((p) => {
      const hit = known.servicePlans.find((x) => lc(x.servicePlanId) === lc(p) || lc(x.servicePlanName) === lc(p));
      if (!hit) throw invalidAt(source, `${where}.disabledPlans`, `service plan "${p}" is not part of ${known.skuPartNumber}`, { hint: `run tenantctl license sku show ${known.skuPartNumber} to list its plans` });
      return lc(hit.servicePlanId);
    });
    return { skuId: lc(known.skuId), part: known.skuPartNumber, disabledPlans: [...new Set(ids)].sort() };
  };
  const samePlans = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].map(lc).sort()) === JSON.stringify([...b].map(lc).sort());
  const partOf = (skuId: string) => subscribedAfter.get(lc(skuId))?.skuPartNumber ?? skuId;

  // --- group-based assignments
  const groupsList = subList(source, 'licenses.groups', value.groups);
  if (groupsList) {
    const listed = new Map<string, number>();
    const licensed = store.allGroupLicenses();
    for (const [i, raw] of groupsList.entries()) {
      if (!isMapping(raw) || typeof raw.displayName !== 'string') throw invalidAt(source, `licenses.groups[${i}]`, 'each entry needs the displayName of a group');
      const name = raw.displayName;
      const where = `licenses.groups[${i}] (${name})`;
      checkKeys(source, where, raw, ['displayName', 'assignedLicenses']);
      if (listed.has(lc(name))) throw invalidAt(source, where, `'${name}' is listed twice (also licenses.groups[${listed.get(lc(name))}])`);
      listed.set(lc(name), i);
      const n = ctx.groupsAfter(name);
      if (n === 0) throw notFoundAt(source, where, `group '${name}' is neither in the file's groups nor in the tenant`);
      if (n > 1) throw conflictAt(source, where, `${n} groups in the tenant are named '${name}'`, 'rename all but one of them first');
      const wants = (subList(source, `${where}.assignedLicenses`, raw.assignedLicenses ?? []) ?? []).map((l, j) => want(`${where}.assignedLicenses[${j}]`, l));
      const current = store.findGroupsByName(name);
      const have = current.length === 1 ? (licensed.get(current[0]!.id) ?? []) : [];
      out.push(...assignmentChanges(source, name, where, wants, have, partOf, samePlans, groupOps));
    }
    for (const [groupId, have] of licensed) {
      const g = store.getGroup(groupId);
      if (!g || listed.has(lc(g.displayName))) continue;
      out.push(...assignmentChanges(source, g.displayName, `licenses.groups (${g.displayName})`, [], have, partOf, samePlans, groupOps, groupId));
    }
  }

  // --- direct assignments
  const usersList = subList(source, 'licenses.users', value.users);
  if (usersList) {
    const listed = new Map<string, number>();
    for (const [i, raw] of usersList.entries()) {
      if (!isMapping(raw) || typeof raw.userPrincipalName !== 'string') throw invalidAt(source, `licenses.users[${i}]`, 'each entry needs the userPrincipalName of a user');
      const upn = raw.userPrincipalName;
      const where = `licenses.users[${i}] (${upn})`;
      checkKeys(source, where, raw, ['userPrincipalName', 'assignedLicenses']);
      if (listed.has(lc(upn))) throw invalidAt(source, where, `'${upn}' is listed twice (also licenses.users[${listed.get(lc(upn))}])`);
      listed.set(lc(upn), i);
      if (!ctx.userAfter(upn)) throw notFoundAt(source, where, `user '${upn}' is neither in the file's users nor in the tenant`);
      const wants = (subList(source, `${where}.assignedLicenses`, raw.assignedLicenses ?? []) ?? []).map((l, j) => want(`${where}.assignedLicenses[${j}]`, l));
      const u = store.findUserByUpn(upn);
      out.push(...assignmentChanges(source, upn, where, wants, u ? store.directLicenses(u.id) : [], partOf, samePlans, userOps));
    }
    for (const u of store.listUsers()) {
      if (u.userType === 'Guest' || listed.has(lc(u.userPrincipalName))) continue;
      const have = store.directLicenses(u.id);
      if (have.length) out.push(...assignmentChanges(source, u.userPrincipalName, `licenses.users (${u.userPrincipalName})`, [], have, partOf, samePlans, userOps, u.id));
    }
  }
  // Subscriptions, then assignments, each by action and key.
  const rank = (c: PlannedChange) => (c.objectType === 'subscribedSku' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || byRow(a, b));
}

interface PrincipalOps {
  assign(env: MutationEnv, key: string, skuId: string, disabledPlans: string[]): void;
  unassign(env: MutationEnv, key: string, id: string | undefined, skuId: string): void;
}

const groupOps: PrincipalOps = {
  assign(env, name, skuId, plans) {
    const g = env.dir.findGroupsByName(name)[0]!;
    env.authorize('license assign', { group: groupAuthzTarget(g) }, { licenseTarget: 'group' });
    assignGroupLicense(env as LicensingEnv, g, skuId, plans);
  },
  unassign(env, name, id, skuId) {
    const g = id ? env.dir.getGroup(id)! : env.dir.findGroupsByName(name)[0]!;
    env.authorize('license unassign', { group: groupAuthzTarget(g) }, { licenseTarget: 'group' });
    unassignGroupLicense(env as LicensingEnv, g, skuId);
  },
};

const userOps: PrincipalOps = {
  assign(env, upn, skuId, plans) {
    const u = env.dir.findUserByUpn(upn)!;
    env.authorize('license assign', { user: { kind: 'user', id: u.id } }, { licenseTarget: 'user' });
    assignUserLicense(env as LicensingEnv, u, skuId, plans);
  },
  unassign(env, upn, id, skuId) {
    const u = id ? env.dir.getUser(id)! : env.dir.findUserByUpn(upn)!;
    env.authorize('license unassign', { user: { kind: 'user', id: u.id } }, { licenseTarget: 'user' });
    unassignUserLicense(env as LicensingEnv, u, skuId);
  },
};

/**
 * One principal's assignments: create what the file adds, update disabledPlans, delete the rest.
 * Unassignments run before assignments (a licence swapped between two SKUs of one product family,
 * or a conflicting plan, must go first) and before any group or user is deleted.
 */
function assignmentChanges(
  source: string,
  principal: string,
  where: string,
  wants: Want[],
  have: readonly { skuId: string; disabledPlans: string[] }[],
  partOf: (skuId: string) => string,
  samePlans: (a: readonly string[], b: readonly string[]) => boolean,
  ops: PrincipalOps,
  principalId?: string,
): PlannedChange[] {
  const out: PlannedChange[] = [];
  const seen = new Set<string>();
  for (const w of wants) {
    if (seen.has(w.skuId)) throw invalidAt(source, where, `${w.part} is listed twice`);
    seen.add(w.skuId);
    const current = have.find((h) => lc(h.skuId) === w.skuId);
    if (current && samePlans(current.disabledPlans, w.disabledPlans)) continue;
    out.push({
      section: SECTION,
      action: current ? 'update' : 'create',
      objectType: 'licenseAssignment',
      key: `${w.part} → ${principal}`,
      properties: current ? ['disabledPlans'] : ['skuId', ...(w.disabledPlans.length ? ['disabledPlans'] : [])],
      steps: [{ phase: PHASE.section(SECTION, 2), where, run: (env) => ops.assign(env, principal, w.skuId, w.disabledPlans) }],
    });
  }
  for (const h of have) {
    if (seen.has(lc(h.skuId))) continue;
    out.push({
      section: SECTION,
      action: 'delete',
      objectType: 'licenseAssignment',
      key: `${partOf(h.skuId)} → ${principal}`,
      properties: [],
      steps: [{ phase: PHASE.section(SECTION, 1), where, run: (env) => ops.unassign(env, principal, principalId, h.skuId) }],
    });
  }
  return out;
}

if (!applySectionPlanners.some((p) => p.section === SECTION)) applySectionPlanners.push({ section: SECTION, plan });
