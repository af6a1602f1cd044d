// `app create`: from the CLI's flags to a validated Application object (apps.md §1–§3).
// Whether the home service principal is created too (the portal does, Graph does not) is the
// caller's choice: `--no-service-principal` follows Graph.

import type { IdGenerator } from '../clock.js';
import type { AppRole, Application, SignInAudience } from '../model/app.js';
import { resolvePermissionRequests, type PermissionRequest } from './permissions.js';
import type { ResourceResolver } from './resources.js';
import { validateApplication, type AppValidationContext } from './validate.js';

export interface NewApplicationInput {
  displayName: string;
  signInAudience?: SignInAudience;
  /** `--redirect-uri` goes to web; spa and publicClient for callers that know the platform. */
  redirectUris?: { web?: string[]; spa?: string[]; publicClient?: string[] };
  identifierUris?: string[];
  /** `--permission` (delegated) and `--app-permission` (application) strings, "<resource>:<value>". */
  permissions?: string[];
  appPermissions?: string[];
  /** `--app-role <value>`: a role for users and groups (allowedMemberTypes ["User"]). */
  appRoles?: (string | Partial<AppRole> & { value: string })[];
  description?: string | null;
  tags?: string[];
  /** The creator becomes the first owner when the action was allowed only by createAsOwner (§6). */
  ownerIds?: string[];
}

export interface NewApplicationResult {
  application: Application;
  warnings: string[];
}

function buildRoles(specs: NonNullable<NewApplicationInput['appRoles']>, ids: IdGenerator): AppRole[] {
  return specs.map((spec) => {
    const s = typeof spec === 'string' ? { value: spec } : spec;
    return {
      id: s.id ?? ids.newId(),
      allowedMemberTypes: s.allowedMemberTypes ?? ['User'],
      description: s.description ?? s.value,
      displayName: s.displayName ?? s.value,
      isEnabled: s.isEnabled ?? true,
      origin: 'Application',
      value: s.value,
    };
  });
}

/**
 * The new application, validated. Ids: object id first, then appId, then one per app role, in
 * that order (so TENANTCTL_ID_SEED gives stable output).
 */
export function buildApplication(
  input: NewApplicationInput,
  ctx: AppValidationContext & { ids: IdGenerator; now: string; resolver: ResourceResolver; knownResourceNames?: readonly string[] },
): NewApplicationResult {
  const id = ctx.ids.newId();
  const appId = ctx.ids.newId();
  const requests: PermissionRequest[] = [
    ...(input.permissions ?? []).map((text) => ({ text, kind: 'Scope' as const })),
    ...(input.appPermissions ?? []).map((text) => ({ text, kind: 'Role' as const })),
  ];
  const application: Application = {
    id,
    appId,
    displayName: input.displayName.trim(),
    description: input.description ?? null,
    signInAudience: input.signInAudience ?? 'AzureADMyOrg',
    identifierUris: input.identifierUris ?? [],
    web: {
      redirectUris: input.redirectUris?.web ?? [],
      homePageUrl: null,
      logoutUrl: null,
      implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
    },
    spa: { redirectUris: input.redirectUris?.spa ?? [] },
    publicClient: { redirectUris: input.redirectUris?.publicClient ?? [] },
    isFallbackPublicClient: false,
    api: { oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: buildRoles(input.appRoles ?? [], ctx.ids),
    requiredResourceAccess: resolvePermissionRequests(requests, ctx.resolver, ctx.knownResourceNames),
    passwordCredentials: [],
    keyCredentials: [],
    tags: input.tags ?? [],
    publisherDomain: ctx.initialDomain,
    owners: input.ownerIds ?? [],
    createdDateTime: ctx.now,
    deletedDateTime: null,
  };
  const { warnings } = validateApplication(application, ctx);
  return { application, warnings };
}
