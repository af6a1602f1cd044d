// `ca lint`: the community's Conditional Access checks (Maester MT.10xx/CISA/EIDSCA style), as
// findings. Error-level findings make `ca lint` exit 7 (cli-contract.md).

import { evaluateSignIn } from './evaluate.js';
import type { EvaluationFacts, UserFacts } from './signin.js';
import {
  AZURE_PORTAL_APP_ID,
  USERS_ALL,
  USERS_NONE,
  APPS_ALL,
  APPS_NONE,
  type ConditionalAccessPolicy,
  type NamedLocation,
} from './types.js';

export type LintLevel = 'error' | 'warning';

export interface LintFinding {
  level: LintLevel;
  code: string;
  /** Policy display name, or null for tenant-wide findings. */
  policy: string | null;
  policyId: string | null;
  message: string;
}

/** The 14 roles of Microsoft's "Require MFA for admins" template (§2.1, L-admin-mfa). */
export const PRIVILEGED_ROLE_TEMPLATE_IDS: readonly string[] = [
  '62e90394-69f5-4237-9190-012177145e10', '194ae4cb-b126-40b2-bd5b-6091b380977d', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  '29232cdf-9323-42fd-ade2-1d097af3e4de', 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe', 'fe930be7-5e62-47db-91af-98c3a49a38b1', 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', '158c047a-c907-4556-b7ef-446551a6b5f7', '966707d0-3269-4727-9be2-8c3a10f19b9d',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e8611ab8-c189-46e8-94e1-60213ab1f814',
];

export interface LintFacts {
  /** ISO instant; needed for the report-only age check. */
  now: string;
  namedLocations: readonly NamedLocation[];
  /** Report-only older than this many days is "forgotten" (default 90). */
  reportOnlyMaxDays?: number;
  /** Break-glass accounts (with their transitive groups). When absent, any user/group exclusion counts. */
  breakGlassAccounts?: readonly UserFacts[];
  /** Users holding an active privileged role (tenant-wide), to check they face MFA. */
  admins?: readonly UserFacts[];
  /** Role template ids treated as privileged (default PRIVILEGED_ROLE_TEMPLATE_IDS). */
  privilegedRoleTemplateIds?: readonly string[];
  evaluationFacts?: Partial<Pick<EvaluationFacts, 'authenticationStrengths' | 'deviceFilterMatcher'>>;
}

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const has = (list: readonly string[] | null | undefined, v: string) => (list ?? []).some((x) => eqi(x, v));
const isEnabled = (p: ConditionalAccessPolicy) => eqi(String(p.state), 'enabled');
const isReportOnly = (p: ConditionalAccessPolicy) => eqi(String(p.state), 'enabledForReportingButNotEnforced');
const isBlock = (p: ConditionalAccessPolicy) => has(p.grantControls?.builtInControls, 'block');
const requiresMfa = (p: ConditionalAccessPolicy) =>
  has(p.grantControls?.builtInControls, 'mfa') || !!p.grantControls?.authenticationStrength?.id;
/** MFA is unavoidable: AND, or OR whose every option is MFA / a strength (no compliant-device way out). */
const mfaAlwaysRequired = (p: ConditionalAccessPolicy) =>
  !eqi(p.grantControls?.operator ?? 'AND', 'OR') ||
  ((p.grantControls?.builtInControls ?? []).every((c) => eqi(c, 'mfa')) && (p.grantControls?.termsOfUse ?? []).length === 0);
const allUsers = (p: ConditionalAccessPolicy) => has(p.conditions?.users?.includeUsers, USERS_ALL);
const allApps = (p: ConditionalAccessPolicy) => has(p.conditions?.applications?.includeApplications, APPS_ALL);

/** Stable JSON for comparing condition sets (key order and array order ignored). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(typeof v === 'string' ? v.toLowerCase() : v);
}

export function lintPolicies(policies: readonly ConditionalAccessPolicy[], facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (level: LintLevel, code: string, p: ConditionalAccessPolicy | null, message: string) =>
    out.push({ level, code, policy: p?.displayName ?? null, policyId: p?.id ?? null, message });
  const active = policies.filter((p) => isEnabled(p) || isReportOnly(p));

  for (const p of policies) {
    const u = p.conditions?.users;
    // Untargeted (Maester Test-MtCaUntargetedPolicy): no users and no workload identities, or no resources.
    const noUsers =
      (u?.includeUsers ?? []).every((x) => eqi(x, USERS_NONE)) &&
      (u?.includeGroups ?? []).length === 0 &&
      (u?.includeRoles ?? []).length === 0 &&
      !u?.includeGuestsOrExternalUsers &&
      (p.conditions?.clientApplications?.includeServicePrincipals ?? []).length === 0;
    const a = p.conditions?.applications;
    const noApps =
      (a?.includeApplications ?? []).every((x) => eqi(x, APPS_NONE)) &&
      (a?.includeUserActions ?? []).length === 0 &&
      (a?.includeAuthenticationContextClassReferences ?? []).length === 0 &&
      !(a as unknown as Record<string, unknown> | undefined)?.networkAccess;
    if (noUsers || noApps)
      add('warning', 'UntargetedPolicy', p, `targets no ${noUsers ? 'users or workload identities' : 'resources'}, so it enforces nothing`);

    // Break-glass exclusion on all-users block / MFA policies.
    if (!noUsers && !noApps && (isEnabled(p) || isReportOnly(p)) && allUsers(p) && (isBlock(p) || requiresMfa(p))) {
      const missing = facts.breakGlassAccounts
        ? facts.breakGlassAccounts.filter(
            (bg) =>
              !has(u?.excludeUsers, bg.id) &&
              !bg.groupIds.some((g) => has(u?.excludeGroups, g)) &&
              !bg.roleTemplateIds.some((r) => has(u?.excludeRoles, r)),
          )
        : (u?.excludeUsers ?? []).length + (u?.excludeGroups ?? []).length === 0
          ? [null]
          : [];
      if (missing.length > 0)
        add(
          isBlock(p) && allApps(p) && isEnabled(p) ? 'error' : 'warning',
          'BreakGlassNotExcluded',
          p,
          `applies to all users with ${isBlock(p) ? 'block' : 'MFA'} but does not exclude ${facts.breakGlassAccounts ? `break-glass account(s) ${missing.map((m) => m!.id).join(', ')}` : 'any emergency-access account or group'}`,
        );
    }

    // Report-only forgotten.
    if (isReportOnly(p) && p.modifiedDateTime) {
      const days = (Date.parse(facts.now) - Date.parse(p.modifiedDateTime)) / 86_400_000;
      const max = facts.reportOnlyMaxDays ?? 90;
      if (days > max) add('warning', 'ReportOnlyForgotten', p, `has been report-only for ${Math.floor(days)} days (since ${p.modifiedDateTime}); enable or delete it`);
    }

    // E19: approved client app grant retired.
    if ((isEnabled(p) || isReportOnly(p)) && has(p.grantControls?.builtInControls, 'approvedApplication'))
      add('warning', 'ApprovedClientAppRetired', p, 'requires an approved client app; that grant was retired in March 2026 and counts as not selected');
  }

  // Legacy authentication not blocked (Maester MT.1009/CISA MS.AAD.1.1).
  const legacyBlocked = policies.some(
    (p) =>
      isEnabled(p) &&
      isBlock(p) &&
      allUsers(p) &&
      allApps(p) &&
      has(p.conditions?.clientAppTypes, 'exchangeActiveSync') &&
      has(p.conditions?.clientAppTypes, 'other'),
  );
  if (!legacyBlocked)
    add('warning', 'LegacyAuthenticationNotBlocked', null, 'no enabled policy blocks legacy authentication (client apps exchangeActiveSync and other) for all users and all resources');

  // Admins without MFA: each privileged admin signing in to the Azure portal with a password only
  // must face MFA, an authentication strength, or a block.
  const privileged = facts.privilegedRoleTemplateIds ?? PRIVILEGED_ROLE_TEMPLATE_IDS;
  const enabled = policies.filter(isEnabled);
  if (facts.admins) {
    for (const admin of facts.admins) {
      if (!admin.roleTemplateIds.some((r) => has(privileged, r))) continue;
      const r = evaluateSignIn(
        enabled,
        { userId: admin.id, appId: AZURE_PORTAL_APP_ID, clientAppType: 'browser', platform: 'windows', authMethods: ['password'] },
        {
          ...facts.evaluationFacts,
          user: admin,
          app: { appId: AZURE_PORTAL_APP_ID, inOffice365: false, inMicrosoftAdminPortals: true },
          namedLocations: facts.namedLocations,
        },
      );
      const strong = r.decision === 'block' || r.requiredControls.some((c) => c === 'mfa' || c.startsWith('authenticationStrength:'));
      if (!strong)
        add('error', 'AdminWithoutMfa', null, `admin ${admin.id} can sign in to the Azure portal with a password only (no policy requires MFA or an authentication strength)`);
    }
  } else {
    const covered = privileged.filter((role) =>
      enabled.some(
        (p) =>
          requiresMfa(p) &&
          mfaAlwaysRequired(p) &&
          allApps(p) &&
          (allUsers(p) || has(p.conditions?.users?.includeRoles, role)) &&
          !has(p.conditions?.users?.excludeRoles, role),
      ),
    );
    const uncovered = privileged.filter((r) => !covered.includes(r));
    if (uncovered.length > 0)
      add('error', 'AdminsWithoutMfa', null, `${uncovered.length} privileged role(s) are not covered by an enabled all-resources policy requiring MFA or an authentication strength: ${uncovered.join(', ')}`);
  }

  // Overlapping (same conditions, same controls) and contradicting (same conditions, block vs grant).
  for (let i = 0; i < active.length; i++)
    for (let j = i + 1; j < active.length; j++) {
      const [p, q] = [active[i]!, active[j]!];
      if (canonical(p.conditions) !== canonical(q.conditions)) continue;
      if (isBlock(p) !== isBlock(q))
        add('warning', 'ContradictingPolicies', p, `has the same conditions as "${q.displayName}" but one blocks and the other grants; the grant policy never takes effect`);
      else if (canonical(p.grantControls) === canonical(q.grantControls))
        add('warning', 'OverlappingPolicies', p, `duplicates "${q.displayName}" (same conditions and grant controls)`);
    }
  return out;
}
