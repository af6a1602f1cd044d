// The `apps:` section for `tenant apply` (the shape app-fixture.ts reads and exports). An app is
// matched by displayName (a managed identity among managed identities). Each stated property is
// compared with the app as `tenant export` describes it:
//   description, audience, redirectUris, identifierUris, appRoleAssignmentRequired — set;
//   permissions, appPermissions, appRoles — added (tenantctl has no command that takes a requested
//     permission or an app role away, so a removal is an error);
//   servicePrincipal: true — the enterprise app is created; adminConsent: true — consent is granted
//     (again, when permissions were added); turning either off is an error (no such command);
//   assignments — the full list, by (user or group, app role);
//   owners, enterpriseOwners — the full lists (users, by UPN);
//   certificates — the full list, by content and displayName; federatedCredentials — by name (a
//     changed one is deleted and added again: no command updates one).
// Apps the file does not list are deleted (applications soft-deleted, as `app delete`). Each
// service checks --as itself, with the requirements of the app command that makes the change.
import { adminConsent, assignToApp, createServicePrincipal, deleteApp, unassignFromApp, updateApplicationAndSp, type ApplicationChanges, type AppTarget, type AppsDirectory } from '../core/apps/app-service.js';
import { addCertificate, addFederatedCredential, deleteCertificate, deleteFederatedCredential } from '../core/apps/credential-service.js';
import { addAppOwner, removeAppOwner, type OwnerListChoice } from '../core/apps/owner-service.js';
import { AUDIENCE_BY_WORD, ENTRA_TOKEN_EXCHANGE_AUDIENCE } from '../core/model/app.js';
import { parseCertificate } from '../platform/certificates.js';
import type { MutationEnv } from '../core/mutation.js';
import { applySectionPlanners, byRow, checkKeys, conflictAt, invalidAt, isMapping, lc, notFoundAt, PHASE, sectionList, within, type PlanContext, type PlannedChange } from '../core/tenant/apply-plan.js';
import type { TenantStore } from '../store/tenant-store.js';
import { APP_ENTRY_KEYS, appCatalogs, assignmentPrincipal, createDescribedApp, describeApplication, type AppFixtureEntry } from './app-fixture.js';

const SECTION = 'apps';
const dirOf = (env: MutationEnv) => env.dir as unknown as AppsDirectory & TenantStore;

/** A description's key → the property name the plan shows (the same for creates and updates). */
const PROPERTY_NAME: Record<string, string> = {
  audience: 'signInAudience',
  permissions: 'requiredResourceAccess',
  appPermissions: 'requiredResourceAccess',
  certificates: 'keyCredentials',
  federatedCredentials: 'federatedIdentityCredentials',
  enterpriseOwners: 'servicePrincipal.owners',
};

type Assignment = NonNullable<AppFixtureEntry['assignments']>[number];
const assignmentKey = (a: Assignment) => `${a.user ? 'user' : 'group'}:${lc(a.user ?? a.group ?? '')}:${lc(a.role ?? '')}`;
const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b);

interface Current {
  /** The application's object id, or the managed identity's service principal id. */
  id: string;
  described: AppFixtureEntry;
}

function targetOf(env: MutationEnv, id: string, managed: boolean): AppTarget {
  const dir = dirOf(env);
  if (managed) return { app: null, sp: dir.getServicePrincipal(id)! };
  const app = dir.getApplication(id)!;
  return { app, sp: dir.findServicePrincipalByAppId(app.appId) ?? null };
}

/** An owner of the file (a user, by UPN) as the owner services take it; it exists when the step runs. */
function ownerCandidate(env: MutationEnv, upn: string) {
  const u = dirOf(env).findUserByUpn(upn)!;
  return { id: u.id, type: 'User' as const, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
}

/** A certificate of the file or the tenant: its DER, base64, and its displayName. */
function certificateKey(der: string, displayName: string | undefined | null): string {
  return `${der.replace(/\s+/g, '')}|${displayName ?? ''}`;
}

function certificateDer(source: string, where: string, text: string): string {
  const t = text.trim();
  const bytes = t.startsWith('-----') ? Buffer.from(t, 'latin1') : Buffer.from(t.replace(/\s+/g, ''), 'base64');
  return within(source, where, () => parseCertificate(bytes, where).derBase64);
}

type Fic = NonNullable<AppFixtureEntry['federatedCredentials']>[number];
const ficKey = (f: Fic) =>
  JSON.stringify([lc(f.name), f.issuer, f.subject, [...(f.audiences?.length ? f.audiences : [ENTRA_TOKEN_EXCHANGE_AUDIENCE])].sort(), f.description ?? null]);

function checkEntry(ctx: PlanContext, raw: unknown, i: number): { e: AppFixtureEntry; where: string } {
  const { source } = ctx;
  if (!isMapping(raw) || typeof raw.displayName !== 'string' || raw.displayName.trim() === '') throw invalidAt(source, `apps[${i}]`, 'each app needs a displayName');
  const where = `apps[${i}] (${raw.displayName})`;
  checkKeys(source, where, raw, [...APP_ENTRY_KEYS]);
  if (raw.type !== undefined && raw.type !== 'application' && raw.type !== 'managedIdentity') throw invalidAt(source, `${where}.type`, `'${String(raw.type)}' is not an app type`, { hint: 'use application or managedIdentity' });
  if (raw.audience !== undefined && !(typeof raw.audience === 'string' && raw.audience in AUDIENCE_BY_WORD)) throw invalidAt(source, `${where}.audience`, `'${String(raw.audience)}' is not single, multi or personal`);
  for (const k of ['redirectUris', 'identifierUris', 'permissions', 'appPermissions', 'appRoles']) {
    const v = raw[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) throw invalidAt(source, `${where}.${k}`, `${k} must be a list of texts`);
  }
  for (const k of ['servicePrincipal', 'appRoleAssignmentRequired', 'adminConsent']) {
    if (raw[k] !== undefined && typeof raw[k] !== 'boolean') throw invalidAt(source, `${where}.${k}`, `${k} must be true or false`);
  }
  if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') throw invalidAt(source, `${where}.description`, 'description must be a text');
  if (raw.type === 'managedIdentity') {
    const extra = Object.keys(raw).find((k) => k !== 'displayName' && k !== 'type');
    if (extra) throw invalidAt(source, `${where}.${extra}`, 'a managed identity has only a displayName in a description');
  }
  if (raw.assignments !== undefined) {
    if (!Array.isArray(raw.assignments)) throw invalidAt(source, `${where}.assignments`, 'assignments must be a list');
    for (const [j, a] of raw.assignments.entries()) {
      const at = `${where}.assignments[${j}]`;
      if (!isMapping(a) || (typeof a.user !== 'string') === (typeof a.group !== 'string')) throw invalidAt(source, at, 'an assignment names one user or one group');
      checkKeys(source, at, a, ['user', 'group', 'role']);
      if (a.role !== undefined && typeof a.role !== 'string') throw invalidAt(source, `${at}.role`, 'role must be the value of an app role');
      if (typeof a.user === 'string' && !ctx.userAfter(a.user)) throw notFoundAt(source, at, `user '${a.user}' is neither in the file's users nor in the tenant`);
      if (typeof a.group === 'string') {
        const n = ctx.groupsAfter(a.group);
        if (n === 0) throw notFoundAt(source, at, `group '${a.group}' is neither in the file's groups nor in the tenant`);
        if (n > 1) throw conflictAt(source, at, `${n} groups in the tenant are named '${a.group}'`);
      }
    }
  }
  for (const k of ['owners', 'enterpriseOwners']) {
    const v = raw[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidAt(source, `${where}.${k}`, `${k} must be a list of UPNs`);
    for (const [j, upn] of (v as string[]).entries()) {
      if (!ctx.userAfter(upn)) throw notFoundAt(source, `${where}.${k}[${j}]`, `user '${upn}' is neither in the file's users nor in the tenant`);
    }
  }
  if (raw.certificates !== undefined) {
    if (!Array.isArray(raw.certificates)) throw invalidAt(source, `${where}.certificates`, 'certificates must be a list');
    for (const [j, c] of raw.certificates.entries()) {
      const at = `${where}.certificates[${j}]`;
      if (!isMapping(c) || typeof c.certificate !== 'string') throw invalidAt(source, at, 'a certificate needs certificate (base64 DER or PEM)');
      checkKeys(source, at, c, ['displayName', 'certificate']);
      if (c.displayName !== undefined && typeof c.displayName !== 'string') throw invalidAt(source, `${at}.displayName`, 'displayName must be a text');
    }
  }
  if (raw.federatedCredentials !== undefined) {
    if (!Array.isArray(raw.federatedCredentials)) throw invalidAt(source, `${where}.federatedCredentials`, 'federatedCredentials must be a list');
    const names = new Set<string>();
    for (const [j, f] of raw.federatedCredentials.entries()) {
      const at = `${where}.federatedCredentials[${j}]`;
      if (!isMapping(f) || typeof f.name !== 'string' || typeof f.issuer !== 'string' || typeof f.subject !== 'string') throw invalidAt(source, at, 'a federated credential needs name, issuer and subject');
      checkKeys(source, at, f, ['name', 'issuer', 'subject', 'audiences', 'description']);
      if (names.has(lc(f.name))) throw invalidAt(source, at, `'${f.name}' is listed twice`);
      names.add(lc(f.name));
    }
  }
  return { e: raw as unknown as AppFixtureEntry, where };
}

function plan(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const store = ctx.dir as TenantStore;
  const cat = appCatalogs();
  const current: (Current & { managed: boolean })[] = [
    ...store.listApplications().map((app) => ({ id: app.id, managed: false, described: describeApplication(store, cat, app) })),
    ...store.listServicePrincipals().filter((sp) => sp.servicePrincipalType === 'ManagedIdentity').map((sp) => ({ id: sp.id, managed: true, described: { displayName: sp.displayName, type: 'managedIdentity' as const } })),
  ];
  const out: PlannedChange[] = [];
  const matched = new Set<string>();
  const listed = new Map<string, number>();

  for (const [i, raw] of sectionList(source, SECTION, value).entries()) {
    const { e, where } = checkEntry(ctx, raw, i);
    const managed = e.type === 'managedIdentity';
    const listKey = `${managed ? 'mi' : 'app'}:${lc(e.displayName)}`;
    if (listed.has(listKey)) throw invalidAt(source, where, `'${e.displayName}' is listed twice (also apps[${listed.get(listKey)}])`);
    listed.set(listKey, i);
    const matches = current.filter((c) => c.managed === managed && lc(c.described.displayName) === lc(e.displayName));
    if (matches.length > 1) throw conflictAt(source, where, `${matches.length} ${managed ? 'managed identities' : 'apps'} are named '${e.displayName}': ${matches.map((m) => m.id).join(', ')}`, 'rename all but one of them first');
    const existing = matches[0];
    if (!existing) {
      out.push({
        section: SECTION,
        action: 'create',
        objectType: managed ? 'servicePrincipal' : 'application',
        key: e.displayName,
        properties: [...new Set(Object.keys(e).filter((k) => k !== 'type').map((k) => PROPERTY_NAME[k] ?? k))].sort(),
        steps: [
          {
            phase: PHASE.section(SECTION),
            where,
            run: (env) => createDescribedApp(env, cat, e, `${source}: ${where}`),
          },
        ],
      });
      continue;
    }
    matched.add(existing.id);
    if (managed) continue;
    const cur = existing.described;
    const id = existing.id;
    const changes: ApplicationChanges = {};
    const changed: string[] = [];
    const refuse = (prop: string, what: string) => {
      throw invalidAt(source, `${where}.${prop}`, `${what}, and tenantctl has no command that does it`, { hint: `state ${prop} as the tenant has them (see tenantctl tenant export)` });
    };
    if (e.description !== undefined && (e.description || null) !== (cur.description ?? null)) {
      changes.description = e.description || null;
      changed.push('description');
    }
    if (e.audience !== undefined && e.audience !== (cur.audience ?? 'single')) {
      changes.signInAudience = AUDIENCE_BY_WORD[e.audience];
      changed.push('signInAudience');
    }
    if (e.redirectUris !== undefined && !sameList(e.redirectUris, cur.redirectUris ?? [])) {
      changes.redirectUris = e.redirectUris;
      changed.push('redirectUris');
    }
    if (e.identifierUris !== undefined && !sameList(e.identifierUris, cur.identifierUris ?? [])) {
      changes.identifierUris = e.identifierUris;
      changed.push('identifierUris');
    }
    let permissionsAdded = false;
    for (const [k, prop] of [
      ['permissions', 'requiredResourceAccess'],
      ['appPermissions', 'requiredResourceAccess'],
      ['appRoles', 'appRoles'],
    ] as const) {
      const want = e[k];
      if (want === undefined) continue;
      const have = new Set((cur[k] ?? []).map(lc));
      const gone = (cur[k] ?? []).filter((h) => !want.some((w) => lc(w) === lc(h)));
      if (gone.length) refuse(k, `the file drops ${gone.join(', ')}`);
      const added = want.filter((w) => !have.has(lc(w)));
      if (added.length === 0) continue;
      changes[k] = added;
      if (!changed.includes(prop)) changed.push(prop);
      if (k !== 'appRoles') permissionsAdded = true;
    }
    if (e.appRoleAssignmentRequired !== undefined && e.appRoleAssignmentRequired !== (cur.appRoleAssignmentRequired ?? false)) {
      changes.appRoleAssignmentRequired = e.appRoleAssignmentRequired;
      changed.push('appRoleAssignmentRequired');
    }
    const spNow = cur.servicePrincipal !== false;
    if (e.servicePrincipal === false && spNow) refuse('servicePrincipal', 'the file removes the enterprise app (service principal) but keeps the registration');
    const createSp = e.servicePrincipal === true && !spNow;
    if (createSp) changed.push('servicePrincipal');
    if (e.adminConsent === false && cur.adminConsent) refuse('adminConsent', 'the file revokes admin consent');
    const consent = e.adminConsent === true && (!cur.adminConsent || permissionsAdded);
    if (consent) changed.push('adminConsent');
    const toRemove: Assignment[] = [];
    const toAdd: Assignment[] = [];
    if (e.assignments !== undefined) {
      const want = new Set(e.assignments.map(assignmentKey));
      const have = new Set((cur.assignments ?? []).map(assignmentKey));
      toRemove.push(...(cur.assignments ?? []).filter((a) => !want.has(assignmentKey(a))));
      toAdd.push(...e.assignments.filter((a) => !have.has(assignmentKey(a))));
      if (toRemove.length || toAdd.length) changed.push('assignments');
    }
    const ownerChanges: { list: 'application' | 'servicePrincipal'; add: string[]; remove: string[] }[] = [];
    for (const [k, list] of [
      ['owners', 'application'],
      ['enterpriseOwners', 'servicePrincipal'],
    ] as const) {
      const want = e[k];
      if (want === undefined) continue;
      const have = cur[k] ?? [];
      const add = want.filter((w) => !have.some((h) => lc(h) === lc(w)));
      const remove = have.filter((h) => !want.some((w) => lc(w) === lc(h)));
      if (add.length || remove.length) {
        ownerChanges.push({ list, add, remove });
        changed.push(k === 'owners' ? 'owners' : 'servicePrincipal.owners');
      }
    }
    const certAdds: { der: string; displayName?: string; where: string }[] = [];
    const certRemoves: string[] = [];
    if (e.certificates !== undefined) {
      const want = e.certificates.map((c, j) => ({ der: certificateDer(source, `${where}.certificates[${j}]`, c.certificate), displayName: c.displayName, where: `${where}.certificates[${j}]` }));
      const have = store.getApplication(existing.id)!.keyCredentials.filter((k) => k.key);
      const wantKeys = new Set(want.map((w) => certificateKey(w.der, w.displayName)));
      const haveKeys = new Set(have.map((h) => certificateKey(h.key!, h.displayName)));
      certAdds.push(...want.filter((w) => !haveKeys.has(certificateKey(w.der, w.displayName))));
      certRemoves.push(...have.filter((h) => !wantKeys.has(certificateKey(h.key!, h.displayName))).map((h) => h.keyId));
      if (certAdds.length || certRemoves.length) changed.push('keyCredentials');
    }
    const ficAdds: Fic[] = [];
    const ficRemoves: string[] = [];
    if (e.federatedCredentials !== undefined) {
      const have = cur.federatedCredentials ?? [];
      const haveKeys = new Set(have.map(ficKey));
      const wantKeys = new Set(e.federatedCredentials.map(ficKey));
      ficRemoves.push(...have.filter((h) => !wantKeys.has(ficKey(h))).map((h) => h.name));
      ficAdds.push(...e.federatedCredentials.filter((f) => !haveKeys.has(ficKey(f))));
      if (ficAdds.length || ficRemoves.length) changed.push('federatedIdentityCredentials');
    }
    if (changed.length === 0) continue;
    const phase = PHASE.section(SECTION);
    const steps: PlannedChange['steps'] = [];
    if (createSp) {
      steps.push({
        phase,
        where,
        run: (env) => void createServicePrincipal(env, cat, dirOf(env).getApplication(id)!.appId),
      });
    }
    if (Object.keys(changes).length) {
      steps.push({
        phase,
        where,
        run: (env) => void updateApplicationAndSp(env, cat, targetOf(env, id, false), changes),
      });
    }
    if (consent) {
      steps.push({
        phase,
        where: `${where}.adminConsent`,
        run: (env) => void adminConsent(env, cat, targetOf(env, id, false)),
      });
    }
    for (const a of toRemove) {
      steps.push({
        phase,
        where: `${where}.assignments`,
        run: (env) => void unassignFromApp(env, targetOf(env, id, false), assignmentPrincipal(dirOf(env), a, `${source}: ${where}`), a.role),
      });
    }
    for (const a of toAdd) {
      steps.push({
        phase,
        where: `${where}.assignments`,
        run: (env) => void assignToApp(env, targetOf(env, id, false), assignmentPrincipal(dirOf(env), a, `${source}: ${where}`), a.role),
      });
    }
    for (const o of ownerChanges) {
      const list = (env: MutationEnv): OwnerListChoice => {
        const t = targetOf(env, id, false);
        return o.list === 'application' ? { kind: 'application', app: t.app! } : { kind: 'servicePrincipal', sp: t.sp! };
      };
      const at = `${where}.${o.list === 'application' ? 'owners' : 'enterpriseOwners'}`;
      for (const upn of o.remove) steps.push({ phase, where: at, run: (env) => removeAppOwner(env, list(env), ownerCandidate(env, upn)) });
      for (const upn of o.add) steps.push({ phase, where: at, run: (env) => void addAppOwner(env, list(env), ownerCandidate(env, upn)) });
    }
    for (const keyId of certRemoves) steps.push({ phase, where: `${where}.certificates`, run: (env) => void deleteCertificate(env, targetOf(env, id, false), keyId) });
    for (const c of certAdds) {
      steps.push({
        phase,
        where: c.where,
        run: (env) => void addCertificate(env, targetOf(env, id, false), parseCertificate(Buffer.from(c.der, 'base64'), c.where), c.displayName, { allowExpired: true }),
      });
    }
    for (const name of ficRemoves) steps.push({ phase, where: `${where}.federatedCredentials`, run: (env) => void deleteFederatedCredential(env, targetOf(env, id, false), name) });
    for (const f of ficAdds) steps.push({ phase, where: `${where}.federatedCredentials (${f.name})`, run: (env) => void addFederatedCredential(env, targetOf(env, id, false), f) });
    out.push({ section: SECTION, action: 'update', objectType: 'application', key: cur.displayName, properties: changed.sort(), steps });
  }

  for (const c of current) {
    if (matched.has(c.id)) continue;
    out.push({
      section: SECTION,
      action: 'delete',
      objectType: c.managed ? 'servicePrincipal' : 'application',
      key: c.described.displayName,
      properties: [],
      steps: [
        {
          phase: PHASE.sectionDelete(SECTION),
          where: `apps (deleting ${c.described.displayName})`,
          run: (env) => deleteApp(env, cat, targetOf(env, c.id, c.managed)),
        },
      ],
    });
  }
  return out.sort(byRow);
}

if (!applySectionPlanners.some((p) => p.section === SECTION)) applySectionPlanners.push({ section: SECTION, plan });
