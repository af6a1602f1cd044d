// Resource-action strings and how a granted action covers a required one (roles.md §1.2).
//
// Format: <namespace>/<entity>[.<subtype>]/<propertySet...>/<verb>, e.g.
//   microsoft.directory/users/password/update, microsoft.directory/groups.unified/members/update.
// Wildcards that appear in built-in roles: `allProperties` (any property set), `allTasks` (any verb,
// incl. create/delete and the entity-level verbs such as assignLicense), `allEntities` (any entity of
// the namespace). An entity without subtype covers its subtypes (`deletedItems/restore` covers
// `deletedItems.users/restore`); a subtyped entity covers the base entity only for targets of that
// subtype (`groups.unified/...` for Microsoft 365 groups, `applications.myOrganization/...` for
// single-tenant apps), which the caller passes as `targetSubtypes`.

export interface ParsedAction {
  namespace: string;
  /** The entity without subtype: "groups" for "groups.unified". */
  entity: string;
  subtype: string | null;
  /** Segments between the entity and the verb (property set, sub-entity). */
  middle: string[];
  verb: string;
}

export const parseAction = (action: string): ParsedAction | null => {
  const parts = action.split('/');
  if (parts.length < 3 || parts.some((p) => p === '')) return null;
  const [namespace, entityFull, ...rest] = parts as [string, string, ...string[]];
  const verb = rest.pop()!;
  const dot = entityFull.indexOf('.');
  return {
    namespace,
    entity: dot < 0 ? entityFull : entityFull.slice(0, dot),
    subtype: dot < 0 ? null : entityFull.slice(dot + 1),
    middle: rest,
    verb,
  };
};

const READ_VERBS = new Set(['read']);

/** Whether an action only reads (RMAU protection and AU read rules care; roles.md §6.1). */
export const isReadAction = (action: string): boolean => {
  const p = parseAction(action);
  return p !== null && (READ_VERBS.has(p.verb) || /read$/i.test(p.verb));
};

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Does the granted action (possibly a wildcard) cover the required one?
 * `targetSubtypes` are the subtypes the target object has (["unified"], ["security"], ["myOrganization"]).
 */
export const actionCovers = (granted: string, required: string, targetSubtypes: readonly string[] = []): boolean => {
  if (eq(granted, required)) return true;
  const g = parseAction(granted);
  const r = parseAction(required);
  if (!g || !r || !eq(g.namespace, r.namespace)) return false;

  // Entity match.
  if (!eq(g.entity, 'allEntities')) {
    if (!eq(g.entity, r.entity)) return false;
    if (g.subtype !== null) {
      // A subtyped grant covers a required action on the same subtype, or on the base entity when
      // the target is of that subtype.
      const ok =
        (r.subtype !== null && eq(g.subtype, r.subtype)) ||
        (r.subtype === null && targetSubtypes.some((s) => eq(s, g.subtype!)));
      if (!ok) return false;
    }
    // A grant without subtype covers every subtype.
  }

  // Property set + verb match.
  const gm = g.middle;
  if (eq(g.verb, 'allTasks')) {
    if (gm.length === 0 || (gm.length === 1 && eq(gm[0]!, 'allProperties'))) return true;
    // e.g. ".../basic/allTasks": any verb on that property set.
    return gm.length === r.middle.length && gm.every((s, i) => eq(s, r.middle[i]!));
  }
  if (gm.length === 1 && eq(gm[0]!, 'allProperties')) {
    // allProperties/read covers every read; allProperties/update every property update.
    if (eq(g.verb, 'read')) return eq(r.verb, 'read');
    return eq(g.verb, r.verb) && r.middle.length > 0;
  }
  if (gm.length === 0 && eq(g.verb, 'read')) return eq(r.verb, 'read'); // ".../allEntities/read"
  return gm.length === r.middle.length && gm.every((s, i) => eq(s, r.middle[i]!)) && eq(g.verb, r.verb);
};

/** Levenshtein distance, for did-you-mean suggestions. */
export const editDistance = (a: string, b: string): number => {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
};

/** The closest known string, if it is close enough to be a plausible typo. */
export const didYouMean = (input: string, known: Iterable<string>): string | null => {
  const lower = input.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD || (d === bestD && best !== null && k < best)) {
      best = k;
      bestD = d;
    }
  }
  if (best === null) return null;
  return bestD <= Math.max(2, Math.floor(input.length / 4)) ? best : null;
};
