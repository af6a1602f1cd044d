// Validation of application objects, rule by rule from apps.md §2 (signInAudience limits),
// §2.1 (redirect URIs), §2.2 (identifier URIs), §3.2/§3.3 (app roles, scopes).
// Every check throws the first problem it finds as a ValidationError (or ConflictError for a
// URI already used by another app); advice that Entra gives but does not enforce comes back as
// warnings.

import { ConflictError, ValidationError } from '../errors.js';
import {
  includesPersonalAccounts,
  type AppRole,
  type Application,
  type PermissionScope,
  type RedirectUriBucket,
  type RequiredResourceAccess,
  type SignInAudience,
} from '../model/app.js';

export interface AppValidationContext {
  tenantId: string;
  /** The *.onmicrosoft.com domain. */
  initialDomain: string;
  /** Verified custom domains (the initial domain counts as verified whether listed or not). */
  verifiedDomains: readonly string[];
  /**
   * identifierUris of OTHER applications in the tenant, lower-cased, mapped to that app's
   * display name (for the conflict message). tenantctl has one tenant, so "unique in tenant" and
   * "globally unique" (§2) are the same check here.
   */
  identifierUrisInUse?: ReadonlyMap<string, string>;
}

export interface ValidationResult {
  warnings: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);

/** Limits that differ by audience (apps.md §2 table, §2.1). */
export interface AudienceLimits {
  displayNameMax: number;
  redirectUrisMax: number;
  identifierUriMaxLength: number;
  identifierUrisMax: number;
  passwordCredentialsMax: number;
  requiredResourcesMax: number;
  requiredPermissionsMax: number;
  permissionsPerResourceMax: number;
  scopeValueMaxLength: number;
  scopesMax: number;
  appRolesSupported: boolean;
  queryInUrisAllowed: boolean;
  wildcardsAllowed: boolean;
  urnIdentifierUrisAllowed: boolean;
}

export function audienceLimits(audience: SignInAudience): AudienceLimits {
  const personal = includesPersonalAccounts(audience);
  return personal
    ? {
        displayNameMax: 90,
        redirectUrisMax: 100,
        identifierUriMaxLength: 120,
        identifierUrisMax: 50,
        passwordCredentialsMax: 2,
        requiredResourcesMax: 50,
        requiredPermissionsMax: 200,
        permissionsPerResourceMax: 30,
        scopeValueMaxLength: 40,
        scopesMax: 100,
        appRolesSupported: false,
        queryInUrisAllowed: false,
        wildcardsAllowed: false,
        urnIdentifierUrisAllowed: false,
      }
    : {
        displayNameMax: 120,
        redirectUrisMax: 256,
        identifierUriMaxLength: 255,
        identifierUrisMax: Infinity,
        passwordCredentialsMax: Infinity,
        requiredResourcesMax: 50,
        requiredPermissionsMax: 400,
        permissionsPerResourceMax: Infinity,
        scopeValueMaxLength: 120,
        scopesMax: Infinity,
        appRolesSupported: true,
        queryInUrisAllowed: true,
        wildcardsAllowed: true,
        urnIdentifierUrisAllowed: true,
      };
}

const audienceWord = (a: SignInAudience): string =>
  includesPersonalAccounts(a) ? 'apps that sign in personal Microsoft accounts' : 'work/school-only apps';

// ---------------------------------------------------------------------------------------------
// displayName, tags

export function validateDisplayName(name: string, audience: SignInAudience): void {
  const max = audienceLimits(audience).displayNameMax;
  if (name.trim().length === 0) {
    throw new ValidationError('InvalidDisplayName', 'displayName must not be empty', { target: 'displayName' });
  }
  if (name.length > max) {
    throw new ValidationError(
      'InvalidDisplayName',
      `displayName is ${name.length} characters; ${audienceWord(audience)} allow at most ${max}`,
      { target: 'displayName' },
    );
  }
}

export function validateTags(tags: readonly string[]): void {
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const target = `tags[${i}]`;
    if (t.length < 1 || t.length > 256) {
      throw new ValidationError('InvalidTag', `tag '${t}' must be 1 to 256 characters`, { target });
    }
    if (/\s/.test(t)) throw new ValidationError('InvalidTag', `tag '${t}' must not contain whitespace`, { target });
    if (seen.has(t)) throw new ValidationError('InvalidTag', `tag '${t}' is listed twice`, { target });
    seen.add(t);
  });
}

// ---------------------------------------------------------------------------------------------
// Redirect URIs (§2.1)

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
/** Characters reply-url.md forbids anywhere in a redirect URI. */
const REDIRECT_FORBIDDEN = /[!$'(),;]/;
const REDIRECT_URI_MAX_LENGTH = 256;

export interface RedirectUriSet {
  web?: readonly string[];
  spa?: readonly string[];
  publicClient?: readonly string[];
}

/** Host of a URI, lower-case, with IPv6 brackets kept; '' if unparsable. */
const hostOf = (u: URL): string => u.hostname.toLowerCase();

/**
 * Checks every redirect URI of every bucket and the total count. Rules (apps.md §2.1):
 * https only, except http for localhost/127.0.0.1; public clients (mobile/desktop) may also use
 * a custom scheme ("msal<appId>://auth"); no fragment; none of ! $ ' ( ) , ;; ≤256 chars each;
 * ≤256 URIs (≤100 with personal accounts); query strings and wildcards only for work/school-only
 * apps, and wildcards only in the host of a web URI; IPv6 loopback [::1] is unsupported;
 * duplicates in one bucket refused.
 */
export function validateRedirectUris(audience: SignInAudience, buckets: RedirectUriSet): ValidationResult {
  const limits = audienceLimits(audience);
  const warnings: string[] = [];
  let total = 0;
  for (const bucket of ['web', 'spa', 'publicClient'] as const satisfies readonly RedirectUriBucket[]) {
    const uris = buckets[bucket] ?? [];
    total += uris.length;
    const seen = new Set<string>();
    const loopbackWithoutPort = new Map<string, string>();
    uris.forEach((uri, i) => {
      const target = `${bucket}.redirectUris[${i}]`;
      const bad = (why: string, hint?: string): never => {
        throw new ValidationError('InvalidRedirectUri', `redirect URI '${uri}' ${why}`, { target, hint });
      };
      if (uri.length === 0) bad('is empty');
      if (uri.length > REDIRECT_URI_MAX_LENGTH) bad(`is ${uri.length} characters; the maximum is ${REDIRECT_URI_MAX_LENGTH}`);
      const forbidden = REDIRECT_FORBIDDEN.exec(uri);
      if (forbidden) bad(`contains '${forbidden[0]}', which redirect URIs must not contain (! $ ' ( ) , ;)`);
      let u: URL;
      try {
        u = new URL(uri);
      } catch {
        return bad('is not an absolute URI', 'write it with a scheme, e.g. https://app.contoso.com/signin-oidc');
      }
      if (uri.includes('#')) bad('has a fragment (#...); redirect URIs must not');
      const scheme = u.protocol.slice(0, -1).toLowerCase();
      const host = hostOf(u);
      if (host === '[::1]') bad('uses the IPv6 loopback [::1], which is not supported', 'use http://127.0.0.1 or http://localhost');
      const loopback = LOOPBACK_HOSTS.has(host);
      if (scheme === 'http') {
        if (!loopback) bad('uses http; only https is allowed, except http://localhost and http://127.0.0.1', `use ${uri.replace(/^http:/i, 'https:')}`);
      } else if (scheme !== 'https') {
        if (bucket !== 'publicClient') {
          bad(`uses the scheme '${scheme}'; ${bucket} redirect URIs must use https`, 'custom schemes are allowed for public-client (mobile and desktop) redirect URIs only');
        }
        if (['javascript', 'data', 'file', 'vbscript'].includes(scheme)) bad(`uses the scheme '${scheme}', which is never allowed`);
      }
      if (uri.includes('*')) {
        if (!limits.wildcardsAllowed) bad(`has a wildcard; ${audienceWord(audience)} cannot use wildcard redirect URIs`);
        if (bucket !== 'web' || !/^https:\/\/\*\.[^*/]+(\/[^*]*)?$/i.test(uri)) {
          bad('has a wildcard outside the host; only https://*.<domain> web URIs may use one');
        }
        warnings.push(`${target}: wildcard redirect URIs are discouraged; list each URI instead`);
      }
      if (u.search.length > 0 && !limits.queryInUrisAllowed) {
        bad(`has a query string; ${audienceWord(audience)} cannot use query parameters in redirect URIs`);
      }
      if (seen.has(uri)) bad(`is listed twice in ${bucket}.redirectUris`);
      seen.add(uri);
      if (loopback) {
        // Entra ignores the port of loopback URIs when matching, so two that differ only by
        // port are the same URI to the sign-in service.
        const key = `${scheme}://${host}${u.pathname}${u.search}`;
        const other = loopbackWithoutPort.get(key);
        if (other !== undefined) {
          warnings.push(`${target}: '${uri}' differs from '${other}' only by port; Entra ignores the port for localhost`);
        } else loopbackWithoutPort.set(key, uri);
      }
    });
  }
  if (total > limits.redirectUrisMax) {
    throw new ValidationError(
      'TooManyRedirectUris',
      `the app has ${total} redirect URIs; ${audienceWord(audience)} allow at most ${limits.redirectUrisMax}`,
      { target: 'redirectUris' },
    );
  }
  return { warnings };
}

// ---------------------------------------------------------------------------------------------
// Identifier URIs (§2, §2.2)

const isOnDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

function onVerifiedDomain(host: string, ctx: AppValidationContext): boolean {
  const domains = [ctx.initialDomain, ...ctx.verifiedDomains].map((d) => d.toLowerCase());
  return domains.some((d) => isOnDomain(host, d));
}

/**
 * Rules: no wildcards; ≤255 chars (≤120, ≤50 URIs and no urn/query/fragment with personal
 * accounts); schemes api://, https:// and (work/school only) urn:; an https host must be the
 * initial domain or a verified domain (or a subdomain of one) — Entra's
 * HostNameNotOnVerifiedDomain; for multitenant and personal-account apps an api:// URI must
 * carry a unique tenant identifier: api://<appId>, api://<tenantId>/..., api://<x>/<appId> or a
 * verified-domain host (the accepted patterns of §2.2); unique across apps.
 */
export function validateIdentifierUris(
  audience: SignInAudience,
  uris: readonly string[],
  appId: string,
  ctx: AppValidationContext,
): void {
  const limits = audienceLimits(audience);
  const multi = audience !== 'AzureADMyOrg';
  if (uris.length > limits.identifierUrisMax) {
    throw new ValidationError(
      'TooManyIdentifierUris',
      `the app has ${uris.length} identifier URIs; ${audienceWord(audience)} allow at most ${limits.identifierUrisMax}`,
      { target: 'identifierUris' },
    );
  }
  const seen = new Set<string>();
  uris.forEach((uri, i) => {
    const target = `identifierUris[${i}]`;
    const bad = (why: string, hint?: string, code = 'InvalidIdentifierUri'): never => {
      throw new ValidationError(code, `identifier URI '${uri}' ${why}`, { target, hint });
    };
    const defaultHint = `use api://${appId}`;
    if (uri.length > limits.identifierUriMaxLength) {
      bad(`is ${uri.length} characters; ${audienceWord(audience)} allow at most ${limits.identifierUriMaxLength}`);
    }
    if (uri.includes('*')) bad('has a wildcard; identifier URIs must not');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
    if (!m) bad('is not an absolute URI', defaultHint);
    const scheme = m![1]!.toLowerCase();
    if (!limits.queryInUrisAllowed && (uri.includes('?') || uri.includes('#'))) {
      bad(`has a query or fragment; ${audienceWord(audience)} cannot use them in identifier URIs`);
    }
    if (scheme === 'urn') {
      if (!limits.urnIdentifierUrisAllowed) bad(`uses urn:, which ${audienceWord(audience)} cannot use`, defaultHint);
    } else if (scheme === 'https') {
      let host: string;
      try {
        host = new URL(uri).hostname.toLowerCase();
      } catch {
        return bad('is not a valid URI', defaultHint);
      }
      if (!onVerifiedDomain(host, ctx)) {
        bad(
          `has host '${host}', which is not a verified domain of this tenant`,
          `verify the domain (tenant domain verify) or ${defaultHint}`,
          'HostNameNotOnVerifiedDomain',
        );
      }
    } else if (scheme === 'api') {
      const rest = uri.slice('api://'.length);
      if (!uri.toLowerCase().startsWith('api://') || rest.length === 0) bad('must have the form api://<value>', defaultHint);
      const segments = rest.split(/[/?#]/);
      const first = segments[0]!.toLowerCase();
      if (multi) {
        const hasUniqueTenantId =
          first === appId.toLowerCase() ||
          first === ctx.tenantId.toLowerCase() ||
          segments.slice(1).some((s) => s.toLowerCase() === appId.toLowerCase()) ||
          onVerifiedDomain(first, ctx);
        if (!hasUniqueTenantId) {
          bad(
            'does not contain the appId, the tenant id or a verified domain; multitenant apps need a globally unique identifier URI',
            defaultHint,
          );
        }
      }
    } else {
      bad(`uses the scheme '${scheme}'; identifier URIs use api://, https:// or urn:`, defaultHint);
    }
    const key = uri.toLowerCase();
    if (seen.has(key)) bad('is listed twice');
    seen.add(key);
    const owner = ctx.identifierUrisInUse?.get(key);
    if (owner !== undefined) {
      throw new ConflictError('IdentifierUriInUse', `identifier URI '${uri}' is already used by the app '${owner}'`, {
        target,
        hint: defaultHint,
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// App roles and scopes (§3.2, §3.3)

/**
 * Characters allowed in an app role or scope value (Graph: "restricted ASCII set", no spaces).
 * Printable ASCII except space, double quote, backslash and backtick, and not starting with '.'.
 */
const VALUE_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-./:;<=>?@[\]^_{|}~]+$/;
export const APP_ROLE_VALUE_MAX_LENGTH = 120;

export function validatePermissionValue(value: string, target: string, what: string, maxLength = APP_ROLE_VALUE_MAX_LENGTH): void {
  if (value.length === 0) throw new ValidationError('InvalidValue', `${what} value must not be empty`, { target });
  if (value.length > maxLength) {
    throw new ValidationError('InvalidValue', `${what} value '${value}' is ${value.length} characters; the maximum is ${maxLength}`, { target });
  }
  if (!VALUE_CHARS.test(value)) {
    const bad = [...value].find((c) => !VALUE_CHARS.test(c));
    throw new ValidationError(
      'InvalidValue',
      `${what} value '${value}' contains ${bad === ' ' ? 'a space' : `'${bad}'`}, which is not allowed`,
      { target, hint: 'use letters, digits and punctuation such as . _ - : without spaces, e.g. Finance.Approver' },
    );
  }
  if (value.startsWith('.')) throw new ValidationError('InvalidValue', `${what} value '${value}' must not start with '.'`, { target });
}

export function validateAppRoles(audience: SignInAudience, roles: readonly AppRole[], scopes: readonly PermissionScope[] = []): void {
  if (roles.length > 0 && !audienceLimits(audience).appRolesSupported) {
    throw new ValidationError('AppRolesNotSupported', `app roles are not supported for ${audienceWord(audience)}`, {
      target: 'appRoles',
      hint: 'use --audience single or multi, or drop --app-role',
    });
  }
  const ids = new Set(scopes.map((s) => s.id.toLowerCase()));
  const values = new Set<string>();
  roles.forEach((r, i) => {
    const target = `appRoles[${i}]`;
    if (!isGuid(r.id)) throw new ValidationError('InvalidAppRole', `app role id '${r.id}' is not a GUID`, { target });
    if (ids.has(r.id.toLowerCase())) {
      throw new ValidationError('InvalidAppRole', `app role id '${r.id}' is already used by another role or scope of this app`, { target });
    }
    ids.add(r.id.toLowerCase());
    validatePermissionValue(r.value, target, 'app role');
    if (values.has(r.value.toLowerCase())) {
      throw new ValidationError('InvalidAppRole', `app role value '${r.value}' is defined twice`, { target });
    }
    values.add(r.value.toLowerCase());
    if (r.displayName.trim().length === 0) {
      throw new ValidationError('InvalidAppRole', `app role '${r.value}' needs a displayName`, { target });
    }
    if (r.allowedMemberTypes.length === 0) {
      throw new ValidationError('InvalidAppRole', `app role '${r.value}' must allow User, Application or both`, { target });
    }
    const types = new Set<string>();
    for (const t of r.allowedMemberTypes) {
      if (t !== 'User' && t !== 'Application') {
        throw new ValidationError('InvalidAppRole', `app role '${r.value}' has allowedMemberTypes '${t}'; use User or Application`, { target });
      }
      if (types.has(t)) throw new ValidationError('InvalidAppRole', `app role '${r.value}' lists '${t}' twice`, { target });
      types.add(t);
    }
  });
}

export function validateScopes(audience: SignInAudience, scopes: readonly PermissionScope[]): void {
  const limits = audienceLimits(audience);
  if (scopes.length > limits.scopesMax) {
    throw new ValidationError('TooManyScopes', `the app defines ${scopes.length} scopes; ${audienceWord(audience)} allow at most ${limits.scopesMax}`, {
      target: 'api.oauth2PermissionScopes',
    });
  }
  const ids = new Set<string>();
  const values = new Set<string>();
  scopes.forEach((s, i) => {
    const target = `api.oauth2PermissionScopes[${i}]`;
    if (!isGuid(s.id)) throw new ValidationError('InvalidScope', `scope id '${s.id}' is not a GUID`, { target });
    if (ids.has(s.id.toLowerCase())) throw new ValidationError('InvalidScope', `scope id '${s.id}' is used twice`, { target });
    ids.add(s.id.toLowerCase());
    validatePermissionValue(s.value, target, 'scope', limits.scopeValueMaxLength);
    if (values.has(s.value.toLowerCase())) throw new ValidationError('InvalidScope', `scope value '${s.value}' is defined twice`, { target });
    values.add(s.value.toLowerCase());
  });
}

/** Disabling comes first: a role or scope can only be removed once it is isEnabled:false (§3.2). */
export function validateRoleRemoval(before: readonly { id: string; value: string; isEnabled: boolean }[], after: readonly { id: string }[], what: 'app role' | 'scope'): void {
  const kept = new Set(after.map((r) => r.id.toLowerCase()));
  for (const r of before) {
    if (!kept.has(r.id.toLowerCase()) && r.isEnabled) {
      throw new ValidationError('CannotDeleteEnabledRole', `${what} '${r.value}' must be disabled before it can be removed`, {
        target: what === 'app role' ? 'appRoles' : 'api.oauth2PermissionScopes',
        hint: 'set isEnabled to false first, then remove it in a later update',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// requiredResourceAccess limits (§2)

export function validateRequiredResourceAccessLimits(audience: SignInAudience, rra: readonly RequiredResourceAccess[]): void {
  const limits = audienceLimits(audience);
  if (rra.length > limits.requiredResourcesMax) {
    throw new ValidationError('TooManyRequiredResources', `the app requests permissions on ${rra.length} APIs; at most ${limits.requiredResourcesMax} are allowed`, {
      target: 'requiredResourceAccess',
    });
  }
  const total = rra.reduce((n, r) => n + r.resourceAccess.length, 0);
  if (total > limits.requiredPermissionsMax) {
    throw new ValidationError('TooManyRequiredPermissions', `the app requests ${total} permissions; ${audienceWord(audience)} allow at most ${limits.requiredPermissionsMax}`, {
      target: 'requiredResourceAccess',
    });
  }
  for (const r of rra) {
    if (r.resourceAccess.length > limits.permissionsPerResourceMax) {
      throw new ValidationError(
        'TooManyRequiredPermissions',
        `the app requests ${r.resourceAccess.length} permissions on ${r.resourceAppId}; ${audienceWord(audience)} allow at most ${limits.permissionsPerResourceMax} per API`,
        { target: 'requiredResourceAccess' },
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Whole object

/** Every rule above, against a complete application object (create, update, audience change). */
export function validateApplication(app: Application, ctx: AppValidationContext): ValidationResult {
  const a = app.signInAudience;
  validateDisplayName(app.displayName, a);
  const { warnings } = validateRedirectUris(a, {
    web: app.web.redirectUris,
    spa: app.spa.redirectUris,
    publicClient: app.publicClient.redirectUris,
  });
  validateIdentifierUris(a, app.identifierUris, app.appId, ctx);
  validateScopes(a, app.api.oauth2PermissionScopes);
  validateAppRoles(a, app.appRoles, app.api.oauth2PermissionScopes);
  validateRequiredResourceAccessLimits(a, app.requiredResourceAccess);
  const secretsMax = audienceLimits(a).passwordCredentialsMax;
  if (app.passwordCredentials.length > secretsMax) {
    throw new ValidationError(
      'TooManyPasswordCredentials',
      `the app has ${app.passwordCredentials.length} client secrets; ${audienceWord(a)} allow at most ${secretsMax}`,
      { target: 'passwordCredentials', hint: 'delete a secret first (app secret delete)' },
    );
  }
  validateTags(app.tags);
  return { warnings };
}
