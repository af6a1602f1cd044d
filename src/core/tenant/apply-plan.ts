// `tenant apply`: declarative convergence of a tenant to a tenant description (the shape `tenant
// init --from` reads and `tenant export` writes). The planner compares the tenant as it is (a
// snapshot, plus the store for feature areas' sections) with the description and returns typed
// changes: one plan row per object (what the user sees and confirms) and the steps that make it
// (service calls, run later by the executor in one transaction, in phase order).
//
// Semantics (README, "Applying a tenant description"):
// - only sections present in the file are touched; in a present section, objects are matched by
//   natural key, missing ones created, differing properties updated — only properties the file
//   states — and objects the file does not list deleted;
// - guests are not part of a description (export leaves them out), so apply leaves them alone;
// - group members/owners listed are the full list; dynamic groups' members are never listed.
import { ConflictError, NotFoundError, TenantError, ValidationError } from '../errors.js';
import type { MutationEnv } from '../mutation.js';
import { SECTION_ORDER } from './fixture.js';
import type { TenantSnapshot } from './apply-snapshot.js';

export type ApplyAction = 'create' | 'update' | 'delete';

/** One line of the plan: what happens to which object, and which of its properties change. */
export interface PlanRow {
  action: ApplyAction;
  /** Graph's resource name: user, group, domain, organization, device, subscribedSku, … */
  objectType: string;
  /** The object's natural key as the file names it (UPN, display name, "role → principal", …). */
  key: string;
  /** Properties the change sets (create: every property the file states), sorted. */
  properties: string[];
}

export interface ApplyStep {
  /** When the step runs, across the whole plan (see PHASE). */
  phase: number;
  /** Order within a phase (default 0): managers are set top-down, for instance. */
  order?: number;
  /** Where in the file the step comes from: "users[3] (adele@contoso.com)". */
  where: string;
  run(env: MutationEnv): void;
}

export interface PlannedChange extends PlanRow {
  section: string;
  steps: ApplyStep[];
}

/**
 * Execution phases. Creates and updates run in dependency order (domains before the users whose
 * UPNs use them, users before the groups that list them, every object before the feature areas'
 * sections that name it); deletes run last, in the reverse order, so nothing is deleted while
 * something the apply keeps still refers to it (a licence is unassigned before its group goes).
 */
export const PHASE = {
  tenant: 10,
  domains: 20,
  users: 30,
  managers: 35,
  groups: 40,
  memberRemovals: 45,
  memberAdds: 46,
  devices: 50,
  /** A feature area's creates and updates: 100 + 10 × its SECTION_ORDER rank + sub-step (0–9). */
  section: (section: string, sub = 0): number => 100 + 10 * sectionRank(section) + sub,
  /** A feature area's deletes, before the core objects' deletes, reverse section order. */
  sectionDelete: (section: string, sub = 0): number => 1000 + 10 * (SECTION_ORDER.length - sectionRank(section)) + sub,
  deviceDeletes: 1090,
  groupDeletes: 1100,
  userDeletes: 1110,
  domainDeletes: 1120,
} as const;

function sectionRank(name: string): number {
  const i = SECTION_ORDER.indexOf(name);
  return i < 0 ? SECTION_ORDER.length : i;
}

/** What a section's planner gets. */
export interface PlanContext {
  /** The file name, for messages ("contoso.yaml" or "-"). */
  source: string;
  snapshot: TenantSnapshot;
  doc: Readonly<Record<string, unknown>>;
  /** Whether a user (UPN) exists once the apply has run. */
  userAfter(upn: string): boolean;
  /** Whether a group (display name) exists once the apply has run: 0, 1 or several matches. */
  groupsAfter(name: string): number;
  /** The tenant store, for feature areas whose state is not in the snapshot. */
  dir: unknown;
  /** The command's instant (ISO 8601): an assignment that has ended is no longer part of the tenant. */
  now: string;
}

export interface ApplySectionPlanner {
  section: string;
  plan(ctx: PlanContext, value: unknown): PlannedChange[];
}

/** Planners of feature areas' sections (licences, roles, Conditional Access), registered by the CLI. */
export const applySectionPlanners: ApplySectionPlanner[] = [];

/** Sections planned by the core, in the order they are planned and shown. */
const CORE_SECTIONS = ['tenant', 'domains', 'users', 'groups', 'devices'];

export interface ApplyPlan {
  changes: PlannedChange[];
  rows: PlanRow[];
  destructive: boolean;
}

/**
 * Plans the changes that make the tenant match `doc`. Throws (ValidationError, NotFoundError,
 * ConflictError) with the file and the place in it for bad input; nothing is changed by planning.
 */
export function planApply(
  input: { source: string; snapshot: TenantSnapshot; doc: unknown; dir: unknown; now: string },
  corePlanners: Record<string, (ctx: PlanContext, value: unknown) => PlannedChange[]>,
): ApplyPlan {
  const { source, snapshot } = input;
  if (input.doc === null || typeof input.doc !== 'object' || Array.isArray(input.doc)) {
    throw new ValidationError('InvalidDescription', `${source} is not a tenant description (expected a mapping with tenant, domains, users, groups, …)`, { target: source });
  }
  const doc = input.doc as Record<string, unknown>;
  const extension = new Map(applySectionPlanners.map((p) => [p.section, p]));
  for (const k of Object.keys(doc)) {
    if (CORE_SECTIONS.includes(k) || extension.has(k)) continue;
    if (SECTION_ORDER.includes(k)) {
      throw new ValidationError('SectionNotSupported', `${source}: tenant apply does not handle section '${k}' yet`, {
        target: k,
        hint: `remove the '${k}' section from the file (tenant init --from still reads it), or change those objects with their own commands`,
      });
    }
    const known = [...CORE_SECTIONS, ...SECTION_ORDER.filter((s) => extension.has(s))];
    throw new ValidationError('InvalidDescription', `${source}: unknown section '${k}'`, { target: k, hint: `known sections: ${known.join(', ')}` });
  }

  const usersAfter = usersAfterApply(snapshot, doc);
  const groupCounts = groupsAfterApply(snapshot, doc);
  const ctx: PlanContext = {
    source,
    snapshot,
    doc,
    userAfter: (upn) => usersAfter.has(upn.toLowerCase()),
    groupsAfter: (name) => groupCounts.get(name.trim().toLowerCase()) ?? 0,
    dir: input.dir,
    now: input.now,
  };

  const changes: PlannedChange[] = [];
  for (const section of CORE_SECTIONS) {
    if (doc[section] === undefined) continue;
    changes.push(...corePlanners[section]!(ctx, doc[section]));
  }
  const ordered = [...extension.values()].sort((a, b) => sectionRank(a.section) - sectionRank(b.section));
  for (const p of ordered) {
    if (doc[p.section] === undefined) continue;
    changes.push(...p.plan(ctx, doc[p.section]));
  }
  const rows = changes.map(({ action, objectType, key, properties }) => ({ action, objectType, key, properties }));
  return { changes, rows, destructive: rows.some((r) => r.action === 'delete') };
}

/** Live users once the apply has run (lowercase UPNs): the file's plus guests, or the tenant's. */
function usersAfterApply(snapshot: TenantSnapshot, doc: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const listed = Array.isArray(doc.users) ? doc.users : undefined;
  for (const u of snapshot.users) if (!listed || u.record.userType === 'Guest') out.add(u.record.userPrincipalName.toLowerCase());
  for (const e of listed ?? []) {
    const upn = (e as { userPrincipalName?: unknown } | null)?.userPrincipalName;
    if (typeof upn === 'string') out.add(upn.trim().toLowerCase());
  }
  return out;
}

/** Groups once the apply has run: lowercase display name → how many groups carry it. */
function groupsAfterApply(snapshot: TenantSnapshot, doc: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  const listed = Array.isArray(doc.groups) ? doc.groups : undefined;
  if (!listed) {
    for (const g of snapshot.groups) out.set(g.group.displayName.toLowerCase(), (out.get(g.group.displayName.toLowerCase()) ?? 0) + 1);
    return out;
  }
  for (const e of listed) {
    const name = (e as { displayName?: unknown } | null)?.displayName;
    if (typeof name === 'string') out.set(name.trim().toLowerCase(), 1);
  }
  return out;
}

// --- helpers for section planners ------------------------------------------------------------------

/** A ValidationError located in the file: "<file>: <where>: <message>". */
export function invalidAt(source: string, where: string, message: string, extra: { target?: string; hint?: string } = {}): ValidationError {
  return new ValidationError('InvalidDescription', `${source}: ${where}: ${message}`, { target: extra.target ?? where, hint: extra.hint });
}

export function notFoundAt(source: string, where: string, message: string, hint?: string): NotFoundError {
  return new NotFoundError(`${source}: ${where}: ${message}`, { target: where, hint });
}

export function conflictAt(source: string, where: string, message: string, hint?: string): ConflictError {
  return new ConflictError('AmbiguousName', `${source}: ${where}: ${message}`, { target: where, hint });
}

/** Runs one step and prefixes a tenant error's message with where in the file it comes from. */
export function within<T>(source: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TenantError && !e.message.startsWith(`${source}: `)) e.message = `${source}: ${where}: ${e.message}`;
    throw e;
  }
}

export const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The section's list, or an error naming it. */
export function sectionList(source: string, section: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw invalidAt(source, section, `${section} must be a list`);
  return value;
}

/** A list of strings (or absent), or an error. */
export function stringList(source: string, where: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidAt(source, where, 'must be a list of names');
  return value as string[];
}

/** Unknown keys of an entry are refused (a misspelt property must not be silently ignored). */
export function checkKeys(source: string, where: string, entry: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(entry)) {
    if (!known.includes(k)) throw invalidAt(source, where, `unknown property '${k}'`, { target: k, hint: `known properties: ${known.join(', ')}` });
  }
}

export const lc = (s: string): string => s.toLowerCase();
export const byKey = (a: string, b: string): number => (lc(a) < lc(b) ? -1 : lc(a) > lc(b) ? 1 : a < b ? -1 : a > b ? 1 : 0);
const ACTION_RANK: Record<ApplyAction, number> = { create: 0, update: 1, delete: 2 };
/** Rows of one section: creates, updates, deletes, each by key. */
export const byRow = (a: PlanRow, b: PlanRow): number => ACTION_RANK[a.action] - ACTION_RANK[b.action] || byKey(a.objectType, b.objectType) || byKey(a.key, b.key);
