// Resolving role definitions (built-in + custom), their inherited permissions, and custom-role
// creation with action validation (roles.md §1.1, §8).

import { ConflictError, ValidationError } from '../errors.js';
import { didYouMean, parseAction } from './actions.js';
import { computeIsPrivileged, type RoleCatalog } from './catalog.js';
import type { RoleDefinition, RolePermission } from './types.js';

/** Finds a role definition by id; the store implements it over the catalog plus its custom roles. */
export type RoleResolver = (roleDefinitionId: string) => RoleDefinition | undefined;

export const resolverFor = (catalog: RoleCatalog, customRoles: readonly RoleDefinition[] = []): RoleResolver => {
  const custom = new Map(customRoles.map((r) => [r.id.toLowerCase(), r]));
  return (id) => catalog.byTemplateId(id) ?? custom.get(id.toLowerCase());
};

/**
 * Finds a role by id, template id, display name or legacy name ("Company Administrator"),
 * case-insensitively, among built-ins and custom roles.
 */
export const findRole = (
  catalog: RoleCatalog,
  customRoles: readonly RoleDefinition[],
  idOrName: string,
): RoleDefinition | undefined => {
  const builtIn = catalog.find(idOrName);
  if (builtIn) return builtIn;
  const key = idOrName.trim().toLowerCase();
  return customRoles.find((r) => r.id.toLowerCase() === key || r.templateId.toLowerCase() === key || r.displayName.toLowerCase() === key);
};

/**
 * The role's own permission blocks plus those of the roles it inherits from, transitively
 * (most built-ins inherit Directory Readers; Guest Inviter inherits Guest User; roles.md §1.1).
 */
export const effectivePermissions = (role: RoleDefinition, resolve: RoleResolver): RolePermission[] => {
  const out: RolePermission[] = [];
  const seen = new Set<string>();
  const visit = (r: RoleDefinition) => {
    if (seen.has(r.templateId.toLowerCase())) return;
    seen.add(r.templateId.toLowerCase());
    out.push(...r.rolePermissions);
    for (const parent of r.inheritsPermissionsFrom) {
      const p = resolve(parent);
      if (p) visit(p);
    }
  };
  visit(role);
  return out;
};

/** Unconditional actions of a role including inherited ones, sorted, de-duplicated. */
export const allowedActionsOf = (role: RoleDefinition, resolve: RoleResolver): string[] =>
  [...new Set(effectivePermissions(role, resolve).filter((p) => p.condition === null).flatMap((p) => p.allowedResourceActions))].sort();

// ---------------------------------------------------------------------------------------------
// Custom roles

/** Custom roles may only use microsoft.directory actions (roles.md §8). */
export const CUSTOM_ROLE_NAMESPACE = 'microsoft.directory';
/** Max custom roles per tenant [LIMITS]. */
export const MAX_CUSTOM_ROLES = 100;

/**
 * Every action string a custom role may hold: each microsoft.directory action that appears in a
 * built-in role, plus the wildcard forms Entra uses for each entity (allProperties/read|update|allTasks).
 */
export const customRoleActionNamespace = (catalog: RoleCatalog): Set<string> => {
  const out = new Set<string>();
  for (const a of catalog.knownActions) if (a.startsWith(`${CUSTOM_ROLE_NAMESPACE}/`)) out.add(a);
  for (const e of catalog.knownEntities) {
    if (!e.startsWith(`${CUSTOM_ROLE_NAMESPACE}/`)) continue;
    for (const w of ['allProperties/read', 'allProperties/update', 'allProperties/allTasks']) out.add(`${e}/${w}`);
  }
  return out;
};

export interface CustomRoleInput {
  displayName: string;
  description?: string | null;
  allowedResourceActions: string[];
  isEnabled?: boolean;
  /** Caller-supplied template id (Graph allows it); defaults to the new id. */
  templateId?: string;
}

/**
 * Validates and builds a custom role (Graph unifiedRoleDefinition with isBuiltIn false).
 * Unknown actions are refused with the closest known action as a hint.
 */
export const createCustomRole = (
  input: CustomRoleInput,
  ctx: { catalog: RoleCatalog; existingCustomRoles: readonly RoleDefinition[]; newId: () => string },
): RoleDefinition => {
  const name = input.displayName.trim();
  if (name === '') throw new ValidationError('Request_BadRequest', 'A custom role needs a display name.', { target: 'displayName' });
  if (ctx.catalog.byName(name) || ctx.existingCustomRoles.some((r) => r.displayName.toLowerCase() === name.toLowerCase())) {
    throw new ConflictError('Request_BadRequest', `A role named "${name}" already exists.`, {
      target: 'displayName',
      hint: 'Role names are unique across built-in and custom roles; pick another name.',
    });
  }
  if (ctx.existingCustomRoles.length >= MAX_CUSTOM_ROLES) {
    throw new ValidationError('Request_BadRequest', `The tenant already has ${MAX_CUSTOM_ROLES} custom roles, the maximum.`, {
      hint: 'Delete an unused custom role first.',
    });
  }
  const actions = [...new Set(input.allowedResourceActions.map((a) => a.trim()).filter((a) => a !== ''))];
  if (actions.length === 0) {
    throw new ValidationError('Request_BadRequest', 'A custom role needs at least one permission.', {
      target: 'allowedResourceActions',
      hint: 'Pass --permission microsoft.directory/<entity>/<property>/<verb>.',
    });
  }
  const known = customRoleActionNamespace(ctx.catalog);
  const knownLower = new Map([...known].map((k) => [k.toLowerCase(), k]));
  const normalized: string[] = [];
  for (const a of actions) {
    const canonical = knownLower.get(a.toLowerCase());
    if (canonical) {
      normalized.push(canonical);
      continue;
    }
    const parsed = parseAction(a);
    const suggestion = didYouMean(a, known);
    const why =
      parsed && parsed.namespace.toLowerCase() !== CUSTOM_ROLE_NAMESPACE
        ? `custom roles can only hold ${CUSTOM_ROLE_NAMESPACE} actions`
        : 'it is not a known resource action';
    throw new ValidationError('Request_BadRequest', `Permission "${a}" is not allowed in a custom role: ${why}.`, {
      target: 'allowedResourceActions',
      hint: suggestion ? `Did you mean "${suggestion}"?` : 'See `tenantctl role show <built-in role>` for valid action names.',
    });
  }
  normalized.sort();
  const id = ctx.newId();
  return {
    id,
    templateId: input.templateId ?? id,
    displayName: name,
    description: input.description ?? null,
    isBuiltIn: false,
    isEnabled: input.isEnabled ?? true,
    isPrivileged: computeIsPrivileged(normalized, ctx.catalog.privilegedActions),
    resourceScopes: ['/'],
    version: '1',
    rolePermissions: [{ allowedResourceActions: normalized, condition: null }],
    inheritsPermissionsFrom: [],
    assignmentMode: 'allowed',
    categories: [],
  };
};

/** Custom roles are AU-scopable when they hold at least one user, group or device action (roles.md §5). */
export const customRoleIsAuScopable = (role: RoleDefinition): boolean =>
  role.rolePermissions.some((p) =>
    p.allowedResourceActions.some((a) => {
      const parsed = parseAction(a);
      return parsed !== null && ['users', 'groups', 'devices'].includes(parsed.entity);
    }),
  );
