// Certificates (keyCredentials) and federated identity credentials as mutations (apps.md §5.2,
// §5.3, §9). Client secrets are in app-service.ts. A certificate goes on the app registration, or
// on the enterprise app when there is no registration here; a federated credential only ever on
// the registration (Graph has no servicePrincipal federatedIdentityCredentials).

import { diffProperties } from '../audit/audit-record.js';
import { ValidationError } from '../errors.js';
import type { FederatedIdentityCredential, KeyCredential } from '../model/app.js';
import type { MutationEnv } from '../mutation.js';
import { applicationAuthzTarget, servicePrincipalAuthzTarget } from '../roles/targets.js';
import { applicationTarget, appsDir, servicePrincipalTarget, type AppTarget } from './app-service.js';
import { AppAudit } from './audit.js';
import { findFederatedIdentityCredential, planFederatedIdentityCredential, type NewFederatedCredentialInput } from './federated-credentials.js';
import { findKeyCredential, keyDescription, planKeyCredential, type CertificateFacts } from './key-credentials.js';

const authorizeCredentials = (env: MutationEnv, command: 'app cert add' | 'app cert delete', t: AppTarget) =>
  t.app
    ? env.authorize(command, { application: applicationAuthzTarget(t.app) })
    : env.authorize(command, { servicePrincipal: servicePrincipalAuthzTarget(t.sp!) }, { onServicePrincipal: true });

/** addKey: the certificate as stored (with its key); audited like Entra's certificate uploads. */
export function addCertificate(
  env: MutationEnv,
  target: AppTarget,
  cert: CertificateFacts,
  displayName?: string,
  /** Tenant descriptions carry certificates that expired while attached (an app may hold one). */
  opts: { allowExpired?: boolean } = {},
): { credential: KeyCredential; warnings: string[]; owner: 'application' | 'servicePrincipal' } {
  authorizeCredentials(env, 'app cert add', target);
  const dir = appsDir(env);
  const now = env.clock.nowIso();
  if (target.app) {
    const app = target.app;
    const { credential, warnings } = planKeyCredential({ kind: 'application', displayName: app.displayName, keyCredentials: app.keyCredentials }, cert, {
      displayName,
      keyId: env.ids.newId(),
      now,
      allowExpired: opts.allowExpired,
    });
    dir.updateApplication({ ...app, keyCredentials: [...app.keyCredentials, credential] });
    const modified = diffProperties(null, { KeyDescription: keyDescription(credential, 'AsymmetricX509Cert') }, ['KeyDescription']);
    env.audit.add({ activity: AppAudit.updateApplicationCredentials, category: 'ApplicationManagement', operationType: 'Update', targets: [applicationTarget(app, modified)] });
    return { credential, warnings, owner: 'application' };
  }
  const sp = target.sp!;
  const { credential, warnings } = planKeyCredential(
    { kind: 'servicePrincipal', displayName: sp.displayName, servicePrincipalType: sp.servicePrincipalType, keyCredentials: sp.keyCredentials },
    cert,
    { displayName, keyId: env.ids.newId(), now, allowExpired: opts.allowExpired },
  );
  dir.updateServicePrincipal({ ...sp, keyCredentials: [...sp.keyCredentials, credential] });
  const modified = diffProperties(null, { KeyDescription: keyDescription(credential, 'AsymmetricX509Cert') }, ['KeyDescription']);
  env.audit.add({ activity: AppAudit.addServicePrincipalCredentials, category: 'ApplicationManagement', operationType: 'Update', targets: [servicePrincipalTarget(sp, modified)] });
  return { credential, warnings, owner: 'servicePrincipal' };
}

/** removeKey by keyId, thumbprint or (unique) display name. */
export function deleteCertificate(env: MutationEnv, target: AppTarget, ref: string): KeyCredential {
  authorizeCredentials(env, 'app cert delete', target);
  const dir = appsDir(env);
  const holder = target.app ?? target.sp!;
  const removed = findKeyCredential(holder.keyCredentials, ref, holder.displayName);
  const remaining = holder.keyCredentials.filter((k) => k.keyId !== removed.keyId);
  const modified = diffProperties({ KeyDescription: keyDescription(removed, 'AsymmetricX509Cert') }, null, ['KeyDescription']);
  if (target.app) {
    dir.updateApplication({ ...target.app, keyCredentials: remaining });
    env.audit.add({ activity: AppAudit.updateApplicationCredentials, category: 'ApplicationManagement', operationType: 'Update', targets: [applicationTarget(target.app, modified)] });
  } else {
    dir.updateServicePrincipal({ ...target.sp!, keyCredentials: remaining });
    env.audit.add({ activity: AppAudit.removeServicePrincipalCredentials, category: 'ApplicationManagement', operationType: 'Update', targets: [servicePrincipalTarget(target.sp!, modified)] });
  }
  return removed;
}

/** Federated credentials belong to the app registration; say so for anything else. */
function requireApplication(target: AppTarget) {
  if (target.app) return target.app;
  const sp = target.sp!;
  if (sp.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityCredential', `'${sp.displayName}' is a managed identity; its federated credentials are configured on the Azure resource, not in the directory`, {
      target: sp.displayName,
      hint: 'az identity federated-credential create --identity-name <name> …',
    });
  }
  throw new ValidationError('NoApplicationObject', `'${sp.displayName}' has no app registration in this tenant; federated credentials belong to the app registration`, {
    target: sp.displayName,
    hint: 'add them in the tenant where the app is registered',
  });
}

/** The audit record Entra writes for a change of an app's federated credentials: an application update. */
function auditFic(env: MutationEnv, app: { id: string; displayName: string }, before: FederatedIdentityCredential | null, after: FederatedIdentityCredential | null): void {
  const describe = (f: FederatedIdentityCredential) => ({ name: f.name, issuer: f.issuer, subject: f.subject, audiences: f.audiences });
  const modified = diffProperties(
    { FederatedIdentityCredentials: before ? describe(before) : null },
    { FederatedIdentityCredentials: after ? describe(after) : null },
    ['FederatedIdentityCredentials'],
  );
  env.audit.add({ activity: AppAudit.updateApplication, category: 'ApplicationManagement', operationType: 'Update', targets: [applicationTarget(app, modified)] });
}

export function addFederatedCredential(env: MutationEnv, target: AppTarget, input: NewFederatedCredentialInput): FederatedIdentityCredential {
  const app = requireApplication(target);
  env.authorize('app fic add', { application: applicationAuthzTarget(app) });
  const dir = appsDir(env);
  const fic = planFederatedIdentityCredential(app, dir.listFederatedIdentityCredentials(app.id), input, env.ids.newId());
  dir.insertFederatedIdentityCredential(app.id, fic);
  auditFic(env, app, null, fic);
  return fic;
}

export function deleteFederatedCredential(env: MutationEnv, target: AppTarget, ref: string): FederatedIdentityCredential {
  const app = requireApplication(target);
  env.authorize('app fic delete', { application: applicationAuthzTarget(app) });
  const dir = appsDir(env);
  const fic = findFederatedIdentityCredential(dir.listFederatedIdentityCredentials(app.id), ref, app.displayName);
  dir.deleteFederatedIdentityCredential(fic.id);
  auditFic(env, app, fic, null);
  return fic;
}

/** `app fic list`: the registration's credentials (none for an enterprise app without one). */
export function listFederatedCredentials(dir: ReturnType<typeof appsDir>, target: AppTarget): FederatedIdentityCredential[] {
  return target.app ? dir.listFederatedIdentityCredentials(target.app.id) : [];
}
