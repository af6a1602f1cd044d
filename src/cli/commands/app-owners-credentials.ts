// tenantctl app owner … | app cert … | app fic …: owners of app registrations and enterprise
// apps, certificates (keyCredentials) and federated identity credentials. Registered by app.ts;
// the services and the certificate parser load only inside the actions.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { OwnerCandidate } from '../../core/apps/owners.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { examples, type App } from '../main.js';
import type { Column } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { resolveApp } from '../resolve-apps.js';
import { resolveUser } from '../resolve.js';
import { collectList } from './options.js';

const ownerService = () => import('../../core/apps/owner-service.js');
const credentialService = () => import('../../core/apps/credential-service.js');

const OWNER_COLUMNS: Column[] = [
  { header: 'Type', value: (m: Record<string, unknown>) => String(m['@odata.type']).replace('#microsoft.graph.', '') },
  { header: 'Name', value: (m: Record<string, unknown>) => m.userPrincipalName ?? m.displayName },
  { header: 'Id', value: 'id' },
];

const CERT_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Thumbprint', value: 'customKeyIdentifier' },
  { header: 'Start', value: 'startDateTime' },
  { header: 'End', value: 'endDateTime' },
  { header: 'Status', value: 'status' },
  { header: 'KeyId', value: 'keyId' },
];

const FIC_COLUMNS: Column[] = [
  { header: 'Name', value: 'name' },
  { header: 'Issuer', value: 'issuer' },
  { header: 'Subject', value: 'subject' },
  { header: 'Audiences', value: (f: Record<string, unknown>) => (f.audiences as string[]).join(', ') },
  { header: 'Id', value: 'id' },
];

/** An owner as Graph lists it (directoryObject with its type). */
function ownerView(store: TenantStore, o: { id: string; type: 'User' | 'ServicePrincipal' }): Record<string, unknown> {
  if (o.type === 'User') {
    const u = store.getUser(o.id);
    return { '@odata.type': '#microsoft.graph.user', id: o.id, displayName: u?.displayName ?? null, userPrincipalName: u?.userPrincipalName ?? null };
  }
  return { '@odata.type': '#microsoft.graph.servicePrincipal', id: o.id, displayName: store.getServicePrincipal(o.id)?.displayName ?? null, userPrincipalName: null };
}

/** Owners ordered by type then name; users in deleted items are not listed (they come back on restore). */
function ownerRows(store: TenantStore, owners: readonly { id: string; type: 'User' | 'ServicePrincipal' }[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) => `${r['@odata.type']}\u0000${String(r.userPrincipalName ?? r.displayName ?? '').toLowerCase()}\u0000${r.id}`;
  return owners
    .filter((o) => o.type !== 'User' || !store.getUser(o.id)?.deletedDateTime)
    .map((o) => ownerView(store, o))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function userOwner(store: TenantStore, ref: string): OwnerCandidate {
  const u = resolveUser(store, ref);
  return { id: u.id, type: 'User', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
}

export function registerOwnerAndCredentialCommands(group: Command, app: App): void {
  const s = () => app.session();
  const now = () => s().clock.nowIso();

  // -------------------------------------------------------------------------------------------
  // Owners (apps.md §6)

  const owner = group.command('owner').description("owners of an app registration (or, with --enterprise, of its enterprise app): they manage it without an admin role");
  const ownerChange = (cmd: Command) =>
    cmd
      .argument('<app>', 'display name, appId or object id')
      .option('--user <user>', 'UPN or object id (repeatable, or a comma list)', collectList, [])
      .option('--enterprise', "the enterprise app's (service principal's) owners instead of the registration's");

  examples(
    ownerChange(owner.command('add').description('add owners (a user who already is one is left as is)')).action(async (ref: string, o) => {
      if (!o.user.length) throw new UsageError('pass the owner with --user <upn|id>', { target: '--user' });
      const { addAppOwner, ownerListOf } = await ownerService();
      const result = s().mutate('app owner add', (env) => {
        const list = ownerListOf(resolveApp(env.store, ref), o.enterprise === true);
        const rows = (o.user as string[]).map((u) => {
          const candidate = userOwner(env.store, u);
          const added = addAppOwner(env, list, candidate);
          return { ...ownerView(env.store, candidate), added };
        });
        return { data: rows, columns: [...OWNER_COLUMNS, { header: 'Added', value: 'added' }] };
      });
      await s().emit(result);
    }),
    ['tenantctl app owner add "Contoso Finance" --user adele@contoso.com', 'tenantctl app owner add "Contoso Finance" --user diego@contoso.com --enterprise'],
  );

  examples(
    ownerChange(owner.command('remove').description('remove owners (an app may be left without any)')).action(async (ref: string, o) => {
      if (!o.user.length) throw new UsageError('pass the owner with --user <upn|id>', { target: '--user' });
      const { removeAppOwner, ownerListOf } = await ownerService();
      const result = s().mutate('app owner remove', (env) => {
        const list = ownerListOf(resolveApp(env.store, ref), o.enterprise === true);
        const rows = (o.user as string[]).map((u) => {
          const candidate = userOwner(env.store, u);
          removeAppOwner(env, list, candidate);
          return { ...ownerView(env.store, candidate), removed: true };
        });
        return { data: rows, columns: [...OWNER_COLUMNS, { header: 'Removed', value: 'removed' }] };
      });
      await s().emit(result);
    }),
    ['tenantctl app owner remove "Contoso Finance" --user adele@contoso.com'],
  );

  examples(
    owner
      .command('list')
      .description("list the owners of an app registration (or its enterprise app's with --enterprise)")
      .argument('<app>', 'display name, appId or object id')
      .option('--enterprise', "the enterprise app's (service principal's) owners")
      .action(async (ref: string, o) => {
        const store = s().store;
        const { appOwners, ownerListOf } = await ownerService();
        const list = ownerListOf(resolveApp(store, ref), o.enterprise === true);
        await s().emit({ data: ownerRows(store, appOwners(store, list)), columns: OWNER_COLUMNS });
      }),
    ['tenantctl app owner list "Contoso Finance"', 'tenantctl app owner list "Contoso Finance" --enterprise -o tsv --query "[].userPrincipalName"'],
  );

  // -------------------------------------------------------------------------------------------
  // Certificates (apps.md §5.2)

  const cert = group.command('cert').description('certificates (keyCredentials): the public key the app proves itself with');
  examples(
    cert
      .command('add')
      .description('upload a public certificate (.cer, .crt or .pem; PEM or DER) — its thumbprint and validity come from the file')
      .argument('<app>', 'display name, appId or object id')
      .requiredOption('--file <path>', 'the certificate file (no private key)')
      .option('--display-name <name>', "a description (default: the certificate's subject)")
      .action(async (ref: string, o) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(o.file as string);
        } catch {
          throw new UsageError(`cannot read ${o.file}`, { target: '--file', hint: 'pass the path of a .cer, .crt or .pem file' });
        }
        const { parseCertificate } = await import('../../platform/certificates.js');
        const facts = parseCertificate(bytes, o.file as string);
        const [{ addCertificate }, { withoutKey }] = await Promise.all([credentialService(), import('../../core/apps/key-credentials.js')]);
        const result = s().mutate('app cert add', (env) => {
          const t = resolveApp(env.store, ref);
          const r = addCertificate(env, t, facts, o.displayName);
          const holder = t.app ?? t.sp!;
          return {
            data: { ...withoutKey(r.credential), appId: holder.appId, ownerDisplayName: holder.displayName },
            notice: r.warnings.length ? r.warnings.map((w) => `warning: ${w}`).join('\n') : undefined,
          };
        });
        await s().emit(result);
      }),
    ['tenantctl app cert add "Contoso Finance" --file ci.pem', 'tenantctl app cert add "Contoso Finance" --file deploy.cer --display-name "deploy pipeline"'],
  );
  examples(
    cert
      .command('list')
      .description("list an app's certificates with expiry status")
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const t = resolveApp(store, ref);
        const { listCertificates } = await import('../../core/apps/key-credentials.js');
        await s().emit({ data: listCertificates((t.app ?? t.sp!).keyCredentials, now()), columns: CERT_COLUMNS });
      }),
    ['tenantctl app cert list "Contoso Finance"'],
  );
  examples(
    cert
      .command('delete')
      .description('delete a certificate')
      .argument('<app>', 'display name, appId or object id')
      .argument('<certificate>', 'its keyId, thumbprint or display name (see cert list)')
      .action(async (ref: string, which: string) => {
        const t = resolveApp(s().store, ref);
        await confirmDestructive(s(), `Delete certificate ${which} of ${(t.app ?? t.sp!).displayName}?`, `tenantctl app cert delete ${JSON.stringify(ref)} ${JSON.stringify(which)}`);
        const [{ deleteCertificate }, { withoutKey }] = await Promise.all([credentialService(), import('../../core/apps/key-credentials.js')]);
        const result = s().mutate('app cert delete', (env) => ({ data: { ...withoutKey(deleteCertificate(env, resolveApp(env.store, ref), which)), deleted: true } }));
        await s().emit(result);
      }),
    ['tenantctl app cert delete "Contoso Finance" C8BD6C1CBB365BD0E663A2FF9E5C465C6848E5F7 --yes'],
  );

  // -------------------------------------------------------------------------------------------
  // Federated identity credentials (apps.md §5.3)

  const fic = group.command('fic').description('federated identity credentials: trust tokens of an external OIDC issuer (GitHub Actions, Kubernetes, …) instead of a secret');
  examples(
    fic
      .command('add')
      .description('trust one external workload (issuer + subject); at most 20 per app')
      .argument('<app>', 'display name, appId or object id')
      .requiredOption('--name <name>', 'unique on the app, 3-120 letters, digits, - and _; cannot be changed later')
      .requiredOption('--issuer <url>', "the external identity provider's issuer URL")
      .requiredOption('--subject <subject>', "the workload's sub claim, e.g. repo:contoso/finance:ref:refs/heads/main")
      .option('--audience <audience>', 'the aud claim Entra accepts (one value)', 'api://AzureADTokenExchange')
      .option('--description <text>', 'a description')
      .action(async (ref: string, o) => {
        const { addFederatedCredential } = await credentialService();
        const result = s().mutate('app fic add', (env) => ({
          data: addFederatedCredential(env, resolveApp(env.store, ref), {
            name: o.name,
            issuer: o.issuer,
            subject: o.subject,
            audiences: [o.audience as string],
            description: o.description,
          }),
        }));
        await s().emit(result);
      }),
    [
      'tenantctl app fic add "Contoso Finance" --name github-main --issuer https://token.actions.githubusercontent.com --subject repo:contoso/finance:ref:refs/heads/main',
      'tenantctl app fic add "Contoso Finance" --name aks-payroll --issuer https://westeurope.oic.prod-aks.azure.com/<tenant>/<id>/ --subject system:serviceaccount:payroll:worker',
    ],
  );
  examples(
    fic
      .command('list')
      .description("list an app's federated identity credentials")
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const { listFederatedCredentials } = await credentialService();
        await s().emit({ data: listFederatedCredentials(store, resolveApp(store, ref)), columns: FIC_COLUMNS });
      }),
    ['tenantctl app fic list "Contoso Finance"'],
  );
  examples(
    fic
      .command('delete')
      .description('delete a federated identity credential')
      .argument('<app>', 'display name, appId or object id')
      .argument('<credential>', 'its name or id')
      .action(async (ref: string, which: string) => {
        const t = resolveApp(s().store, ref);
        await confirmDestructive(s(), `Delete federated credential ${which} of ${(t.app ?? t.sp!).displayName}?`, `tenantctl app fic delete ${JSON.stringify(ref)} ${JSON.stringify(which)}`);
        const { deleteFederatedCredential } = await credentialService();
        const result = s().mutate('app fic delete', (env) => ({ data: { ...deleteFederatedCredential(env, resolveApp(env.store, ref), which), deleted: true } }));
        await s().emit(result);
      }),
    ['tenantctl app fic delete "Contoso Finance" github-main --yes'],
  );
}
