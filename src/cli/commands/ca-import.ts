// `ca import <file> [--create-missing]`: all or nothing (src/core/ca/import.ts). Placeholders stand
// in for objects a policy names that the tenant lacks: a disabled user, an empty security group,
// an app registration (with its service principal), or an IP named location over 192.0.2.0/24
// (TEST-NET-1, which no public sign-in comes from), each named "Placeholder <referenced id>". The
// policy then refers to the placeholder's id.
import { appCatalogs } from '../app-fixture.js';
import { createApplication } from '../../core/apps/app-service.js';
import { importCaDocument, type PlaceholderFactory } from '../../core/ca/import.js';
import { createNamedLocation } from '../../core/ca/service.js';
import type { NamedLocation } from '../../core/ca/types.js';
import { createGroup } from '../../core/groups/group-service.js';
import { createUser } from '../../core/users/user-service.js';
import type { CommandResult } from '../output/result.js';
import type { Session, StoreEnv } from '../session.js';
import { caCatalogs } from './ca.js';

function placeholders(env: StoreEnv): PlaceholderFactory {
  return (kind, ref) => {
    const name = `Placeholder ${ref}`;
    const store = env.store;
    // A placeholder made by an earlier import is reused, so importing the same file again changes nothing.
    switch (kind) {
      case 'user': {
        const domain = store.getOrganization().initialDomain;
        const upn = `placeholder-${ref.toLowerCase()}@${domain}`;
        const existing = store.findUserByUpn(upn);
        if (existing) return { id: existing.id, displayName: upn };
        const u = createUser(env, { userPrincipalName: `placeholder-${ref.toLowerCase()}@${domain}`, displayName: name, accountEnabled: false }, { kind: 'none' });
        return { id: u.user.id, displayName: u.user.userPrincipalName };
      }
      case 'group': {
        const existing = store.findGroupsByName(name)[0];
        if (existing) return { id: existing.id, displayName: name };
        const g = createGroup(env, { displayName: name, type: 'security', description: 'Created by ca import --create-missing for a policy reference' });
        return { id: g.id, displayName: g.displayName };
      }
      case 'namedLocation': {
        const existing = store.findNamedLocationsByName(name)[0];
        if (existing) return { id: existing.id, displayName: name };
        const l = createNamedLocation(env, {
          '@odata.type': '#microsoft.graph.ipNamedLocation',
          id: '',
          displayName: name,
          isTrusted: false,
          ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' }],
        } as NamedLocation);
        return { id: l.id, displayName: l.displayName };
      }
      case 'application':
      case 'servicePrincipal': {
        const app = store.findApplicationsByName(name)[0];
        const sp = app ? store.findServicePrincipalByAppId(app.appId) : undefined;
        if (app && sp) return kind === 'application' ? { id: app.appId, displayName: name } : { id: sp.id, displayName: name };
        const r = createApplication(env, appCatalogs(), { displayName: name, description: 'Created by ca import --create-missing for a policy reference', createServicePrincipal: true });
        return kind === 'application' ? { id: r.app.appId, displayName: name } : { id: r.sp!.id, displayName: name };
      }
    }
  };
}

/** Whether the document holds a policy in state enabled (only those can lock anyone out). */
function importsEnabledPolicy(json: unknown): boolean {
  const items = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value) ? (json as { value: unknown[] }).value : [json];
  return items.some((x) => !!x && typeof x === 'object' && (x as { state?: unknown }).state === 'enabled');
}

export async function runImport(s: Session, json: unknown, createMissing: boolean, source: string): Promise<CommandResult> {
  const cat = await caCatalogs();
  const importInto = (env: StoreEnv) => importCaDocument(env, cat, json, createMissing ? { placeholders: placeholders(env) } : {});
  if (importsEnabledPolicy(json)) {
    const { confirmChangeLocksNoOneOut } = await import('../ca-lockout-guard.js');
    await confirmChangeLocksNoOneOut(s, 'ca import', importInto, `Importing ${source}`, `tenantctl ca import ${source === 'stdin' ? '-' : source}${createMissing ? ' --create-missing' : ''}`);
  }
  return s.mutate('ca import', (env) => {
    const rows = importInto(env);
    const n = (k: string) => rows.filter((r) => r.kind === k).length;
    return {
      data: rows,
      columns: [
        { header: 'Kind', value: 'kind' },
        { header: 'DisplayName', value: 'displayName' },
        { header: 'Action', value: 'action' },
        { header: 'Id', value: 'id' },
        { header: 'Replaces', value: 'referencedId' },
      ],
      note: `imported ${n('policy')} polic${n('policy') === 1 ? 'y' : 'ies'} and ${n('namedLocation')} named location${n('namedLocation') === 1 ? '' : 's'}${n('placeholder') ? `; created ${n('placeholder')} placeholder${n('placeholder') === 1 ? '' : 's'}` : ''}`,
    };
  });
}
