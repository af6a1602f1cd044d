// Who may do what with apps, as DATA for the roles permission check (built elsewhere).
// Action strings are Entra's resource actions (roles.json, apps.md §3.4, §4, §6, roles.md §1.2).
// The checker answers "does the actor hold one of `anyOf` (from an active role), or is the actor
// an owner of the target and `ownerMay`?" — the owner clause mirrors the User role's
// $SubjectIsOwner conditional permissions in roles.json.

const D = 'microsoft.directory';

export type AppOperation =
  | 'app.read'
  | 'app.create'
  | 'app.update'
  | 'app.update.audience'
  | 'app.update.permissions'
  | 'app.update.appRoles'
  | 'app.update.redirectUris'
  | 'app.delete'
  | 'app.owners.update'
  | 'app.secret.add'
  | 'app.secret.delete'
  | 'app.certificate.update'
  | 'app.federatedCredential.update'
  | 'sp.owners.update'
  | 'sp.create'
  | 'sp.create.managedIdentity'
  | 'sp.update'
  | 'sp.update.assignmentRequired'
  | 'sp.enableDisable'
  | 'sp.delete'
  | 'sp.secret.add'
  | 'app.assign'
  | 'app.unassign'
  | 'app.consent.admin'
  | 'app.consent.admin.graphApplicationPermissions'
  | 'app.consent.user'
  | 'policy.userConsent.update'
  | 'policy.allowedToCreateApps.update';

export interface AppOperationRequirement {
  operation: AppOperation;
  /** The CLI command(s) that perform it. */
  commands: readonly string[];
  /** Holding ANY one of these actions (at tenant scope) is enough. */
  anyOf: readonly string[];
  /** Owners of the target application / service principal may do it without a role. */
  ownerMay: boolean;
  notes?: string;
}

export const APP_OPERATION_REQUIREMENTS: readonly AppOperationRequirement[] = [
  {
    operation: 'app.read',
    commands: ['app show', 'app list', 'app assignments', 'app permissions', 'app secret list', 'app access'],
    anyOf: [`${D}/applications/standard/read`, `${D}/applications/allProperties/read`, `${D}/servicePrincipals/standard/read`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Every member user can read apps by default (User role); guests get limitedRead.',
  },
  {
    operation: 'app.create',
    commands: ['app create'],
    anyOf: [`${D}/applications/create`, `${D}/applications/createAsOwner`, `${D}/applications/allProperties/allTasks`],
    ownerMay: false,
    notes:
      'applications/create (Application Admin, Cloud Application Admin, Hybrid Identity Admin, GA): the creator is NOT made owner. ' +
      'applications/createAsOwner (Application Developer; the User role too, but only while authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps is true): ' +
      'the creator becomes the first owner and the object counts toward their 250-object quota. If both are held, create wins (apps.md §6). ' +
      'The home service principal needs sp.create (servicePrincipals/create or createAsOwner) as well.',
  },
  {
    operation: 'app.update',
    commands: ['app update'],
    anyOf: [`${D}/applications/basic/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.update.audience',
    commands: ['app update --audience'],
    anyOf: [`${D}/applications/audience/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.update.permissions',
    commands: ['app update --permission', 'app update --app-permission'],
    anyOf: [`${D}/applications/permissions/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Requesting permissions grants nothing; consent is a separate operation.',
  },
  {
    operation: 'app.update.appRoles',
    commands: ['app update --app-role'],
    anyOf: [`${D}/applications/appRoles/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.update.redirectUris',
    commands: ['app update --redirect-uri'],
    anyOf: [`${D}/applications/authentication/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.delete',
    commands: ['app delete'],
    anyOf: [`${D}/applications/delete`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Deleting the application also removes its home service principal (apps.md §1).',
  },
  {
    operation: 'app.owners.update',
    commands: ['app owner add', 'app owner remove'],
    anyOf: [`${D}/applications/owners/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.secret.add',
    commands: ['app secret add'],
    anyOf: [`${D}/applications/credentials/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Privileged: whoever adds a credential can act as the app (apps.md §6; Application/Cloud Application Admin, Partner Tier1/Tier2).',
  },
  {
    operation: 'app.secret.delete',
    commands: ['app secret delete'],
    anyOf: [`${D}/applications/credentials/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.certificate.update',
    commands: ['app cert add', 'app cert delete'],
    anyOf: [`${D}/applications/credentials/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'On an enterprise app without a registration here: servicePrincipals/credentials/update. Never on a managed identity.',
  },
  {
    operation: 'app.federatedCredential.update',
    commands: ['app fic add', 'app fic delete'],
    anyOf: [`${D}/applications/credentials/update`, `${D}/applications/allProperties/update`, `${D}/applications/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Whoever may add a secret or certificate may add a federated credential (Entra workload identity federation considerations).',
  },
  {
    operation: 'sp.owners.update',
    commands: ['app owner add --enterprise', 'app owner remove --enterprise'],
    anyOf: [`${D}/servicePrincipals/owners/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'sp.create',
    commands: ['app sp create', 'app create'],
    anyOf: [`${D}/servicePrincipals/create`, `${D}/servicePrincipals/createAsOwner`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: false,
  },
  {
    operation: 'sp.create.managedIdentity',
    commands: ['app sp create --managed-identity'],
    anyOf: [`${D}/servicePrincipals/create`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: false,
    notes: 'In Azure a managed identity is created through Azure RBAC, not an Entra role; tenantctl asks for servicePrincipals/create.',
  },
  {
    operation: 'sp.update',
    commands: ['app update (enterprise app properties)'],
    anyOf: [`${D}/servicePrincipals/basic/update`, `${D}/servicePrincipals/allProperties/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'sp.update.assignmentRequired',
    commands: ['app update --assignment-required'],
    anyOf: [`${D}/servicePrincipals/basic/update`, `${D}/servicePrincipals/allProperties/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'sp.enableDisable',
    commands: ['app update --enabled'],
    anyOf: [`${D}/servicePrincipals/enable`, `${D}/servicePrincipals/disable`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
    notes: 'Enabling needs servicePrincipals/enable, disabling servicePrincipals/disable; the checker should ask for the one that applies.',
  },
  {
    operation: 'sp.delete',
    commands: ['app delete (enterprise app without an app object)'],
    anyOf: [`${D}/servicePrincipals/delete`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'sp.secret.add',
    commands: ['app secret add (on a service principal)'],
    anyOf: [`${D}/servicePrincipals/credentials/update`, `${D}/servicePrincipals/allProperties/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.assign',
    commands: ['app assign'],
    anyOf: [`${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
    notes:
      'Held by Application Admin, Cloud Application Admin, User Admin, Privileged Role Admin, Identity Governance Admin, Directory Writers, Hybrid Identity Admin, GA; ' +
      'owners of the service principal may assign too (apps.md §4).',
  },
  {
    operation: 'app.unassign',
    commands: ['app unassign'],
    anyOf: [`${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/servicePrincipals/allProperties/allTasks`],
    ownerMay: true,
  },
  {
    operation: 'app.consent.admin',
    commands: ['app consent --admin'],
    anyOf: [
      `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`,
      `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`,
    ],
    ownerMay: false,
    notes:
      'Application Admin / Cloud Application Admin hold the microsoft-application-admin policy: every permission EXCEPT Microsoft Graph / Azure AD Graph application permissions. ' +
      'When planAdminConsent(...).grantsGraphApplicationPermissions is true, check app.consent.admin.graphApplicationPermissions instead.',
  },
  {
    operation: 'app.consent.admin.graphApplicationPermissions',
    commands: ['app consent --admin (app requests Graph application permissions)'],
    anyOf: [`${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`],
    ownerMay: false,
    notes: 'Privileged Role Administrator and Global Administrator (apps.md §3.4).',
  },
  {
    operation: 'app.consent.user',
    commands: ['app consent --user'],
    anyOf: [`${D}/oAuth2PermissionGrants/allProperties/allTasks`, `${D}/oAuth2PermissionGrants/create`],
    ownerMay: false,
    notes:
      'A user consenting for THEMSELVES (--as is the --user) needs no role: the tenant user-consent setting decides (planUserConsent checks it). ' +
      'Creating a Principal grant for someone else needs one of anyOf (User Admin, Application Admin, Cloud Application Admin, PRA, GA).',
  },
  {
    operation: 'policy.userConsent.update',
    commands: ['tenant consent-policy (lead: authorizationPolicy.permissionGrantPoliciesAssigned)'],
    anyOf: [`${D}/authorizationPolicy/allProperties/allTasks`],
    ownerMay: false,
    notes: 'Global Administrator and Privileged Role Administrator.',
  },
  {
    operation: 'policy.allowedToCreateApps.update',
    commands: ['tenant settings (lead: authorizationPolicy.allowedToCreateApps)'],
    anyOf: [`${D}/authorizationPolicy/allProperties/allTasks`],
    ownerMay: false,
  },
];

export const requirementFor = (op: AppOperation): AppOperationRequirement => APP_OPERATION_REQUIREMENTS.find((r) => r.operation === op)!;

/** The roles most relevant to apps, for documentation and `--as` hints (template ids from roles.json). */
export const APP_ROLE_SUMMARY: readonly { displayName: string; templateId: string; summary: string }[] = [
  {
    displayName: 'Application Administrator',
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    summary: 'All app registrations and enterprise apps incl. credentials, owners, assignment, application proxy; admin consent except Graph app roles. Not made owner on create.',
  },
  {
    displayName: 'Cloud Application Administrator',
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    summary: 'Same as Application Administrator without application proxy.',
  },
  {
    displayName: 'Application Developer',
    templateId: 'cf1c38e5-3621-4004-a7cb-879624dced7c',
    summary: 'Only applications/createAsOwner, servicePrincipals/createAsOwner, oAuth2PermissionGrants/createAsOwner: registers apps (even when users may not) and becomes their owner; then acts as owner.',
  },
  {
    displayName: 'Privileged Role Administrator',
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    summary: 'Grants consent to any permission of any API, incl. Graph app roles; assigns apps; cannot edit apps.',
  },
  {
    displayName: 'Global Administrator',
    templateId: '62e90394-69f5-4237-9190-012177145e10',
    summary: 'Everything.',
  },
  {
    displayName: 'User Administrator',
    templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    summary: 'Assigns users and groups to apps (appRoleAssignedTo/update); manages delegated grants; cannot edit apps.',
  },
  {
    displayName: 'User (default member permissions)',
    templateId: 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
    summary:
      'Registers apps (createAsOwner) while allowedToCreateApps is true ("Users can register applications", default Yes); full control of apps and SPs they own; consents for themselves per the user-consent setting.',
  },
];

/**
 * How `app create` records the creator: 'create' (not an owner), 'createAsOwner' (made owner),
 * or null (not allowed). `heldActions` are the actor's effective actions from active roles;
 * the default User role's createAsOwner counts only while allowedToCreateApps is true, which
 * is why it is passed separately as `defaultUserMayCreateApps`.
 */
export function appCreationMode(heldActions: ReadonlySet<string>, defaultUserMayCreateApps: boolean): 'create' | 'createAsOwner' | null {
  if (heldActions.has(`${D}/applications/create`) || heldActions.has(`${D}/applications/allProperties/allTasks`)) return 'create';
  if (heldActions.has(`${D}/applications/createAsOwner`) || defaultUserMayCreateApps) return 'createAsOwner';
  return null;
}

/** Default of authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps in a new tenant. */
export const DEFAULT_ALLOWED_TO_CREATE_APPS = true;
