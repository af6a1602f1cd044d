// The built-in role catalog as a pure, indexed object. The JSON comes from catalog/roles.json
// (loaded by src/catalog/roles.ts); core functions take a RoleCatalog so tests can build their own.

import { actionCovers } from './actions.js';
import type { RoleDefinition } from './types.js';

/** Well-known template ids used by the rules in this module (roles.md §2–§4). */
export const ROLE = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  PrivilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  PrivilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  AuthenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  UserAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  HelpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  PasswordAdministrator: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  GroupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  LicenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  ApplicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  CloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  ApplicationDeveloper: 'cf1c38e5-3621-4004-a7cb-879624dced7c',
  ConditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  SecurityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  SecurityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  GlobalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  DirectoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  User: 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
  GuestUser: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  RestrictedGuestUser: '2af84b1e-32c8-42b7-82bc-daa82404023b',
  PartnerTier1Support: '4ba39ca4-527c-499a-b93d-d9b492c50246',
  PartnerTier2Support: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
} as const;

/** One entry of roles.json → roles[]. */
export interface RoleCatalogEntry {
  displayName: string;
  docsDisplayName: string;
  legacyApiName: string | null;
  templateId: string;
  id: string;
  isPrivileged: boolean;
  isBuiltIn: boolean;
  isEnabled: boolean;
  assignmentMode: 'allowed' | 'systemAssigned' | null;
  categories: string[];
  description: string;
  graphDescription: string | null;
  allowedResourceActions: string[];
  conditionalPermissions: { condition: string; allowedResourceActions: string[] }[];
  inheritsPermissionsFrom: string[];
  resourceScopes: string[];
  version: string | null;
  flags: {
    coreForEmulator: boolean;
    assignableAtAdministrativeUnitScope: boolean;
    hiddenInPortal: boolean;
    deprecated: boolean;
    systemAssignedOnly: boolean;
  };
  source: string;
}

export type MatrixRow =
  | { targetKind: 'role'; targetRole: string; targetRoleTemplateId: string; allowedActorRoleTemplateIds: string[] }
  | {
      targetKind: 'special';
      target: 'noAdminRole' | 'memberOrOwnerOfRoleAssignableGroup' | 'hasRoleScopedToRestrictedManagementAU' | 'anyOtherBuiltInOrCustomRole';
      allowedActorRoleTemplateIds: string[];
    };

export interface ProtectionMatrix {
  actorsLegend: Record<string, string>;
  rows: MatrixRow[];
}

/** The shape of catalog/roles.json. */
export interface RoleCatalogData {
  meta: { description: string; sources: unknown[]; notes: string[]; roleCount: number };
  roles: RoleCatalogEntry[];
  passwordResetMatrix: ProtectionMatrix & { covers: string[]; extraActors: Record<string, string> };
  sensitiveActionsMatrix: ProtectionMatrix & { sensitiveActions: string[] };
  administrativeUnitScopableRoleTemplateIds: string[];
  privilegedResourceActionsObserved: string[];
}

export interface RoleCatalog {
  readonly data: RoleCatalogData;
  /** Built-in definitions in catalog order (sorted by display name). */
  readonly builtIns: readonly RoleDefinition[];
  byTemplateId(id: string): RoleDefinition | undefined;
  /** Display name, docs name or legacy API name ("Company Administrator"), case-insensitive. */
  byName(name: string): RoleDefinition | undefined;
  /** By template id or any name. */
  find(idOrName: string): RoleDefinition | undefined;
  isAuScopable(templateId: string): boolean;
  /** Every action string that appears in a built-in role (conditional blocks included). */
  readonly knownActions: ReadonlySet<string>;
  /** Every namespace/entity pair seen, e.g. "microsoft.directory/users" (subtypes kept). */
  readonly knownEntities: ReadonlySet<string>;
  readonly privilegedActions: readonly string[];
}

export const toRoleDefinition = (e: RoleCatalogEntry): RoleDefinition => ({
  id: e.id,
  templateId: e.templateId,
  displayName: e.displayName,
  description: e.graphDescription ?? e.description,
  isBuiltIn: true,
  isEnabled: e.isEnabled,
  isPrivileged: e.isPrivileged,
  resourceScopes: e.resourceScopes,
  version: e.version,
  rolePermissions: [
    { allowedResourceActions: e.allowedResourceActions, condition: null },
    ...e.conditionalPermissions.map((c) => ({ allowedResourceActions: c.allowedResourceActions, condition: c.condition })),
  ],
  inheritsPermissionsFrom: e.inheritsPermissionsFrom,
  // Microsoft 365 Support Engineer comes from the docs and has no mode; it is not assignable (hidden).
  assignmentMode: e.assignmentMode ?? 'systemAssigned',
  categories: e.categories,
});

export const buildRoleCatalog = (data: RoleCatalogData): RoleCatalog => {
  const builtIns = data.roles.map(toRoleDefinition);
  const byId = new Map(builtIns.map((r) => [r.templateId.toLowerCase(), r]));
  const byName = new Map<string, RoleDefinition>();
  data.roles.forEach((e, i) => {
    for (const n of [e.displayName, e.docsDisplayName, e.legacyApiName]) {
      if (n && !byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), builtIns[i]!);
    }
  });
  // The action namespace is needed by custom-role validation and `role check` only: computed on
  // first use, so an --as check does not pay for it (start-up budget).
  let known: { actions: Set<string>; entities: Set<string> } | undefined;
  const knownSets = () => {
    if (known) return known;
    known = { actions: new Set<string>(), entities: new Set<string>() };
    for (const r of data.roles) {
      for (const a of [...r.allowedResourceActions, ...r.conditionalPermissions.flatMap((c) => c.allowedResourceActions)]) {
        known.actions.add(a);
        const [ns, ent] = a.split('/');
        if (ns && ent) known.entities.add(`${ns}/${ent}`);
      }
    }
    return known;
  };
  const auScopable = new Set(data.administrativeUnitScopableRoleTemplateIds.map((s) => s.toLowerCase()));
  const byTemplateId = (id: string) => byId.get(id.toLowerCase());
  const byNameFn = (name: string) => byName.get(name.trim().toLowerCase());
  return {
    data,
    builtIns,
    byTemplateId,
    byName: byNameFn,
    find: (s) => byTemplateId(s) ?? byNameFn(s),
    isAuScopable: (id) => auScopable.has(id.toLowerCase()),
    get knownActions() {
      return knownSets().actions;
    },
    get knownEntities() {
      return knownSets().entities;
    },
    privilegedActions: data.privilegedResourceActionsObserved,
  };
};

/** A role is privileged if one of its actions is (or covers) a privileged resource action (roles.md §1.2). */
export const computeIsPrivileged = (actions: readonly string[], privilegedActions: readonly string[]): boolean =>
  actions.some((a) => privilegedActions.some((p) => actionCovers(a, p)));
