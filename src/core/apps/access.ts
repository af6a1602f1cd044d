// `app access <app> --user <u>`: can this user get a token for this app, and why (apps.md §1,
// §3.4–§3.5, §4). Conditional Access comes after this and is evaluated elsewhere; it can build on
// the same AccessFacts. The AADSTS codes are the sign-in errors Entra shows in each case.

import type { User } from '../model/user.js';
import { scopeList, type AppRoleAssignment, type Application, type OAuth2PermissionGrant, type ServicePrincipal } from '../model/app.js';
import { userConsentRefusal, userConsentSetting, type UserConsentRefusal } from './consent.js';
import { describeRequiredResourceAccess } from './permissions.js';
import type { ResourceResolver } from './resources.js';
import { isFirstPartyServicePrincipal } from './service-principals.js';

export interface AccessFacts {
  tenantId: string;
  user: Pick<User, 'id' | 'userPrincipalName' | 'displayName' | 'accountEnabled' | 'deletedDateTime'>;
  /** The app's service principal in this tenant; undefined if there is none. */
  sp: ServicePrincipal | undefined;
  /** The application object when it lives in this tenant (for the permissions it requests). */
  app: Pick<Application, 'displayName' | 'requiredResourceAccess' | 'deletedDateTime'> | null;
  /** Every appRoleAssignment on the SP (appRoleAssignedTo). */
  assignments: readonly AppRoleAssignment[];
  /** Groups the user is a DIRECT member of. */
  directGroupIds: ReadonlySet<string>;
  /** Optional: groups the user is in only through nesting — used to explain a denial, never to grant. */
  nestedGroupIds?: ReadonlySet<string>;
  /** Group display names for messages. */
  groupName?: (groupId: string) => string | undefined;
  /** oauth2PermissionGrants whose clientId is the SP. */
  grants: readonly OAuth2PermissionGrant[];
  resolver: ResourceResolver;
  resourceSpByAppId: (appId: string) => ServicePrincipal | undefined;
  permissionGrantPoliciesAssigned: readonly string[];
  lowImpactPermissions?: readonly string[];
}

export type AccessReasonCode =
  | 'servicePrincipalMissing'
  | 'applicationDeleted'
  | 'managedIdentity'
  | 'servicePrincipalDisabled'
  | 'servicePrincipalEnabled'
  | 'userDeleted'
  | 'userDisabled'
  | 'userEnabled'
  | 'assignmentNotRequired'
  | 'assignedDirectly'
  | 'assignedViaGroup'
  | 'assignedViaNestedGroupOnly'
  | 'notAssigned'
  | 'consentNotNeeded'
  | 'consentGranted'
  | 'userConsentPrompt'
  | 'adminConsentRequired';

export interface AccessReason {
  code: AccessReasonCode;
  /** True when this fact allows (or does not block) access. */
  ok: boolean;
  message: string;
  /** The sign-in error Entra returns when this reason blocks. */
  aadsts?: string;
  /** Assignment ids / group ids behind an assignment reason. */
  assignmentIds?: string[];
  groupIds?: string[];
  /** Delegated permissions not yet consented ("<resource>:<value>"). */
  missingScopes?: string[];
}

export interface AccessDecision {
  allowed: boolean;
  reasons: AccessReason[];
}

const live = (assignments: readonly AppRoleAssignment[], sp: ServicePrincipal) => {
  // An assignment to a role that is now disabled no longer counts.
  const disabled = new Set(sp.appRoles.filter((r) => !r.isEnabled).map((r) => r.id));
  return assignments.filter((a) => a.resourceId === sp.id && !disabled.has(a.appRoleId));
};

/**
 * Every reason is listed, not just the first failing one, so the output explains the whole
 * picture; `allowed` is true only when none blocks.
 */
export function canAccess(facts: AccessFacts): AccessDecision {
  const reasons: AccessReason[] = [];
  const { sp, user } = facts;
  const who = user.userPrincipalName;

  if (!sp) {
    reasons.push({
      code: 'servicePrincipalMissing',
      ok: false,
      message: `the app has no service principal in this tenant, so no tokens are issued for it`,
      aadsts: 'AADSTS700016',
    });
  } else if (sp.servicePrincipalType === 'ManagedIdentity') {
    reasons.push({ code: 'managedIdentity', ok: false, message: `'${sp.displayName}' is a managed identity; users cannot sign in to it`, aadsts: 'AADSTS700016' });
  } else {
    if (facts.app?.deletedDateTime) {
      reasons.push({ code: 'applicationDeleted', ok: false, message: `the application '${facts.app.displayName}' is deleted; its service principal gets no tokens`, aadsts: 'AADSTS700016' });
    }
    reasons.push(
      sp.accountEnabled
        ? { code: 'servicePrincipalEnabled', ok: true, message: `'${sp.displayName}' is enabled for users to sign in` }
        : { code: 'servicePrincipalDisabled', ok: false, message: `'${sp.displayName}' is disabled (accountEnabled false)`, aadsts: 'AADSTS7000112' },
    );
  }

  if (user.deletedDateTime) reasons.push({ code: 'userDeleted', ok: false, message: `${who} is deleted`, aadsts: 'AADSTS50034' });
  else if (!user.accountEnabled) reasons.push({ code: 'userDisabled', ok: false, message: `${who} is disabled`, aadsts: 'AADSTS50057' });
  else reasons.push({ code: 'userEnabled', ok: true, message: `${who} is enabled` });

  if (sp && sp.servicePrincipalType !== 'ManagedIdentity') {
    reasons.push(assignmentReason(facts, sp));
    reasons.push(consentReason(facts, sp));
  }
  return { allowed: reasons.every((r) => r.ok), reasons };
}

function assignmentReason(facts: AccessFacts, sp: ServicePrincipal): AccessReason {
  const who = facts.user.userPrincipalName;
  const mine = live(facts.assignments, sp);
  const direct = mine.filter((a) => a.principalType === 'User' && a.principalId === facts.user.id);
  const viaGroup = mine.filter((a) => a.principalType === 'Group' && facts.directGroupIds.has(a.principalId));
  const name = (id: string) => facts.groupName?.(id) ?? id;
  if (!sp.appRoleAssignmentRequired) {
    return {
      code: 'assignmentNotRequired',
      ok: true,
      message: `'${sp.displayName}' does not require assignment${direct.length || viaGroup.length ? ` (${who} is assigned anyway)` : ''}`,
      assignmentIds: [...direct, ...viaGroup].map((a) => a.id),
    };
  }
  if (direct.length > 0) {
    return { code: 'assignedDirectly', ok: true, message: `${who} is assigned to '${sp.displayName}' directly`, assignmentIds: direct.map((a) => a.id) };
  }
  if (viaGroup.length > 0) {
    const groups = [...new Set(viaGroup.map((a) => a.principalId))];
    return {
      code: 'assignedViaGroup',
      ok: true,
      message: `${who} is assigned to '${sp.displayName}' through ${groups.map((g) => `'${name(g)}'`).join(', ')}, of which they are a direct member`,
      assignmentIds: viaGroup.map((a) => a.id),
      groupIds: groups,
    };
  }
  const nested = mine.filter((a) => a.principalType === 'Group' && facts.nestedGroupIds?.has(a.principalId));
  if (nested.length > 0) {
    const groups = [...new Set(nested.map((a) => a.principalId))];
    return {
      code: 'assignedViaNestedGroupOnly',
      ok: false,
      message: `'${sp.displayName}' requires assignment; ${who} is in ${groups.map((g) => `'${name(g)}'`).join(', ')} only through a nested group, and nested group members do not get app access`,
      aadsts: 'AADSTS50105',
      assignmentIds: nested.map((a) => a.id),
      groupIds: groups,
    };
  }
  return {
    code: 'notAssigned',
    ok: false,
    message: `'${sp.displayName}' requires assignment and ${who} is not assigned, directly or through a group they are a direct member of`,
    aadsts: 'AADSTS50105',
  };
}

const REFUSAL_TO_TEXT: Partial<Record<UserConsentRefusal, string>> = {
  userConsentDisabled: 'the tenant does not allow user consent',
  assignmentRequired: 'apps that require assignment need admin consent',
  adminConsentRequired: 'a permission requires admin consent',
  notLowImpact: 'user consent is limited to low-impact permissions',
  unverifiedPublisher: 'user consent is limited to verified publishers and apps of this tenant',
};

function consentReason(facts: AccessFacts, sp: ServicePrincipal): AccessReason {
  // Microsoft's own apps are pre-authorized in every tenant.
  if (isFirstPartyServicePrincipal(sp) && sp.appOwnerOrganizationId !== facts.tenantId) {
    return { code: 'consentNotNeeded', ok: true, message: `'${sp.displayName}' is a Microsoft first-party app; no consent is needed` };
  }
  const requested = facts.app
    ? describeRequiredResourceAccess(facts.app.requiredResourceAccess, facts.resolver).filter((p) => p.kind === 'Scope' && p.known)
    : [];
  if (requested.length === 0) {
    return { code: 'consentNotNeeded', ok: true, message: `'${sp.displayName}' requests no delegated permissions` };
  }
  const missing = requested.filter((p) => {
    const resourceSpId = facts.resourceSpByAppId(p.resourceAppId)?.id;
    const v = p.value.toLowerCase();
    return !facts.grants.some(
      (g) =>
        g.resourceId === resourceSpId &&
        (g.consentType === 'AllPrincipals' || g.principalId === facts.user.id) &&
        scopeList(g.scope).some((s) => s.toLowerCase() === v),
    );
  });
  if (missing.length === 0) {
    return { code: 'consentGranted', ok: true, message: `every requested delegated permission is consented for ${facts.user.userPrincipalName}` };
  }
  const setting = userConsentSetting(facts.permissionGrantPoliciesAssigned);
  const refusals = missing.map((p) => userConsentRefusal(sp, p, setting, facts.tenantId, facts.lowImpactPermissions));
  const names = missing.map((p) => `${p.resourceDisplayName}:${p.value}`);
  const firstRefusal = refusals.find((r) => r !== null);
  if (!firstRefusal) {
    return {
      code: 'userConsentPrompt',
      ok: true,
      message: `${facts.user.userPrincipalName} will be asked to consent to ${names.join(', ')}, which the tenant lets users consent to`,
      missingScopes: names,
    };
  }
  return {
    code: 'adminConsentRequired',
    ok: false,
    message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not consented and ${REFUSAL_TO_TEXT[firstRefusal] ?? 'an administrator must consent'}; an administrator must grant consent`,
    aadsts: 'AADSTS90094',
    missingScopes: names,
  };
}
