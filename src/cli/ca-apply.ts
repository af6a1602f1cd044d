// The `namedLocations:` and `policies:` sections for `tenant apply` (the shapes ca-fixture.ts reads
// and exports). Objects are matched by displayName. A Graph object's top-level properties that the
// file states replace the tenant's (a nested value such as `conditions` is replaced whole, with
// Graph's defaults filled in, as `ca policy update --file` does); those it leaves out stay.
// References are names, as in the fixture: users by UPN, groups, apps, service principals and
// locations by display name, roles by name.
import { roleCatalog } from '../catalog/roles.js';
import { createNamedLocation, createPolicy, deleteNamedLocation, deletePolicy, updateNamedLocation, updatePolicy, withGraphDefaults, withLocationDefaults, type CaCatalogs } from '../core/ca/service.js';
import { validateNamedLocation } from '../core/ca/named-locations.js';
import type { NamedLocation, StoredPolicy } from '../core/ca/types.js';
import { TenantError } from '../core/errors.js';
import type { MutationEnv } from '../core/mutation.js';
import { TENANT_TARGET } from '../core/roles/targets.js';
import { applySectionPlanners, byRow, conflictAt, invalidAt, isMapping, lc, notFoundAt, PHASE, sectionList, within, type PlanContext, type PlannedChange } from '../core/tenant/apply-plan.js';
import type { TenantStore } from '../store/tenant-store.js';
import { describedLocation, describedPolicy, mapReferences, REFERENCE_LISTS } from './ca-fixture.js';
import { isGuid } from './resolve.js';

const catalogs = (): CaCatalogs => {
  const cat = roleCatalog();
  return { isRoleTemplateId: (id) => cat.byTemplateId(id) !== undefined };
};
const storeOf = (env: MutationEnv) => env.dir as unknown as TenantStore;
const tenant = { tenant: TENANT_TARGET };
const META = new Set(['id', 'createdDateTime', 'modifiedDateTime']);

/** Values as they compare: keys sorted, nulls and empty lists/objects dropped (the export drops them too). */
function canonical(v: unknown, top = false): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    if (top && META.has(k)) continue;
    const x = canonical((v as Record<string, unknown>)[k]);
    if (x === null || x === undefined || (Array.isArray(x) && x.length === 0) || (typeof x === 'object' && !Array.isArray(x) && Object.keys(x as object).length === 0)) continue;
    out[k] = x;
  }
  return out;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Top-level properties the file states whose value differs from the tenant's. */
function changedProperties(stated: Record<string, unknown>, next: Record<string, unknown>, before: Record<string, unknown>): string[] {
  return Object.keys(stated)
    .filter((k) => !META.has(k) && !same(next[k], before[k]))
    .sort();
}

function entries(source: string, section: string, value: unknown): { raw: Record<string, unknown>; name: string; where: string }[] {
  const seen = new Map<string, number>();
  return sectionList(source, section, value).map((raw, i) => {
    if (!isMapping(raw) || typeof raw.displayName !== 'string' || raw.displayName.trim() === '') throw invalidAt(source, `${section}[${i}]`, 'each object needs a displayName');
    const name = raw.displayName;
    const where = `${section}[${i}] (${name})`;
    for (const k of META) if (raw[k] !== undefined) throw invalidAt(source, `${where}.${k}`, `${k} is set by the tenant; leave it out`);
    if (seen.has(lc(name))) throw invalidAt(source, where, `'${name}' is listed twice (also ${section}[${seen.get(lc(name))}])`);
    seen.set(lc(name), i);
    return { raw, name, where };
  });
}

// --- named locations ---------------------------------------------------------------------------------

function planLocations(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const store = ctx.dir as TenantStore;
  const out: PlannedChange[] = [];
  const matched = new Set<string>();
  for (const { raw, name, where } of entries(source, 'namedLocations', value)) {
    const desired = describedLocation(raw);
    const matches = store.findNamedLocationsByName(name);
    if (matches.length > 1) throw conflictAt(source, where, `${matches.length} named locations are named '${name}': ${matches.map((l) => l.id).join(', ')}`, 'rename all but one of them first');
    const existing = matches[0];
    const next = withLocationDefaults({ ...(existing ?? {}), ...desired, id: existing?.id ?? '' } as NamedLocation);
    const issues = validateNamedLocation(next);
    if (issues.length) throw invalidAt(source, `${where}.${issues[0]!.path}`, issues[0]!.message);
    if (!existing) {
      out.push({
        section: 'namedLocations',
        action: 'create',
        objectType: 'namedLocation',
        key: name,
        properties: Object.keys(raw).sort(),
        steps: [
          {
            phase: PHASE.section('namedLocations'),
            where,
            run: (env) => {
              env.authorize('ca location create', tenant);
              createNamedLocation(env, desired as unknown as NamedLocation);
            },
          },
        ],
      });
      continue;
    }
    matched.add(existing.id);
    const properties = changedProperties(desired, next as unknown as Record<string, unknown>, existing as unknown as Record<string, unknown>);
    if (properties.length === 0) continue;
    out.push({
      section: 'namedLocations',
      action: 'update',
      objectType: 'namedLocation',
      key: existing.displayName,
      properties,
      steps: [
        {
          phase: PHASE.section('namedLocations'),
          where,
          run: (env) => {
            env.authorize('ca location update', tenant);
            const before = storeOf(env).getNamedLocation(existing.id)!;
            updateNamedLocation(env, before, { ...before, ...desired, id: before.id } as NamedLocation);
          },
        },
      ],
    });
  }
  for (const l of store.listNamedLocations()) {
    if (matched.has(l.id)) continue;
    out.push({
      section: 'namedLocations',
      action: 'delete',
      objectType: 'namedLocation',
      key: l.displayName,
      properties: [],
      steps: [
        {
          phase: PHASE.sectionDelete('namedLocations'),
          where: `namedLocations (deleting ${l.displayName})`,
          run: (env) => {
            env.authorize('ca location delete', tenant);
            deleteNamedLocation(env, storeOf(env).getNamedLocation(l.id)!);
          },
        },
      ],
    });
  }
  return out.sort(byRow);
}

// --- policies ------------------------------------------------------------------------------------------

/**
 * The policy with its references turned into ids where the object exists now; a name of a user,
 * group or location the apply creates stays a name (the policy then differs from the tenant's, as
 * it must: nothing can refer to an object that does not exist yet). References to objects that
 * will not exist after the apply are errors.
 */
function withIdsWherePossible(ctx: PlanContext, store: TenantStore, p: Record<string, unknown>, where: string, locationsAfter: ReadonlySet<string>): Record<string, unknown> {
  const out = structuredClone(p);
  for (const r of REFERENCE_LISTS) {
    let parent: unknown = out;
    for (const k of r.path.slice(0, -1)) parent = (parent as Record<string, unknown> | null | undefined)?.[k];
    const key = r.path.at(-1)!;
    const list = (parent as Record<string, unknown> | null | undefined)?.[key];
    if (!Array.isArray(list)) continue;
    const at = `${where}.${r.path.join('.')}`;
    const kind = /Users$/.test(key) ? 'user' : /Groups$/.test(key) ? 'group' : /Locations$/.test(key) ? 'location' : 'other';
    (parent as Record<string, unknown>)[key] = list.map((v, j) => {
      if (typeof v !== 'string') return v;
      const here = `${at}[${j}]`;
      if (!isGuid(v)) {
        if (kind === 'user' && v.includes('@') && !ctx.userAfter(v)) throw notFoundAt(ctx.source, here, `user '${v}' is neither in the file's users nor in the tenant`);
        if (kind === 'group') {
          const n = ctx.groupsAfter(v);
          if (n === 0) throw notFoundAt(ctx.source, here, `group '${v}' is neither in the file's groups nor in the tenant`);
          if (n > 1) throw conflictAt(ctx.source, here, `${n} groups in the tenant are named '${v}'`);
        }
        if (kind === 'location' && !['all', 'alltrusted'].includes(lc(v)) && !locationsAfter.has(lc(v))) {
          throw notFoundAt(ctx.source, here, `named location '${v}' is neither in the file's namedLocations nor in the tenant`);
        }
      }
      try {
        return r.toId(store, v);
      } catch (e) {
        if (kind !== 'other' && e instanceof TenantError && e.kind === 'notFound') return v; // created by this apply
        if (e instanceof TenantError) e.message = `${ctx.source}: ${here}: ${e.message}`;
        throw e;
      }
    });
  }
  return out;
}

function planPolicies(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const store = ctx.dir as TenantStore;
  const cat = catalogs();
  const locationsAfter = new Set(
    Array.isArray(ctx.doc.namedLocations)
      ? (ctx.doc.namedLocations as unknown[]).flatMap((l) => (isMapping(l) && typeof l.displayName === 'string' ? [lc(l.displayName)] : []))
      : store.listNamedLocations().map((l) => lc(l.displayName)),
  );
  const out: PlannedChange[] = [];
  const matched = new Set<string>();
  for (const { raw, name, where } of entries(source, 'policies', value)) {
    const desired = describedPolicy(raw);
    delete desired.id;
    const mapped = withIdsWherePossible(ctx, store, desired, where, locationsAfter);
    const matches = store.findCaPoliciesByName(name);
    if (matches.length > 1) throw conflictAt(source, where, `${matches.length} policies are named '${name}': ${matches.map((p) => p.id).join(', ')}`, 'rename all but one of them first');
    const existing = matches[0];
    /** At run time every referenced object exists: names become ids (an error names the place). */
    const resolved = (env: MutationEnv) => {
      const p = structuredClone(desired);
      within(source, where, () => mapReferences(storeOf(env), p, 'toId'));
      return p;
    };
    if (!existing) {
      out.push({
        section: 'policies',
        action: 'create',
        objectType: 'conditionalAccessPolicy',
        key: name,
        properties: Object.keys(raw).sort(),
        steps: [
          {
            phase: PHASE.section('policies'),
            where,
            run: (env) => {
              env.authorize('ca policy create', tenant);
              createPolicy(env, cat, { id: '', ...resolved(env) } as unknown as StoredPolicy);
            },
          },
        ],
      });
      continue;
    }
    matched.add(existing.id);
    const next = withGraphDefaults({ ...existing, ...mapped, id: existing.id } as StoredPolicy) as unknown as Record<string, unknown>;
    const properties = changedProperties(desired, next, existing as unknown as Record<string, unknown>);
    if (properties.length === 0) continue;
    out.push({
      section: 'policies',
      action: 'update',
      objectType: 'conditionalAccessPolicy',
      key: existing.displayName,
      properties,
      steps: [
        {
          phase: PHASE.section('policies'),
          where,
          run: (env) => {
            env.authorize('ca policy update', tenant);
            const before = storeOf(env).getCaPolicy(existing.id)!;
            updatePolicy(env, cat, before, { ...before, ...resolved(env), id: before.id } as StoredPolicy);
          },
        },
      ],
    });
  }
  for (const p of store.listCaPolicies()) {
    if (matched.has(p.id)) continue;
    out.push({
      section: 'policies',
      action: 'delete',
      objectType: 'conditionalAccessPolicy',
      key: p.displayName,
      properties: [],
      steps: [
        {
          phase: PHASE.sectionDelete('policies'),
          where: `policies (deleting ${p.displayName})`,
          run: (env) => {
            env.authorize('ca policy delete', tenant);
            deletePolicy(env, storeOf(env).getCaPolicy(p.id)!);
          },
        },
      ],
    });
  }
  return out.sort(byRow);
}

for (const [section, plan] of [
  ['namedLocations', planLocations],
  ['policies', planPolicies],
] as const) {
  if (!applySectionPlanners.some((p) => p.section === section)) applySectionPlanners.push({ section, plan });
}
