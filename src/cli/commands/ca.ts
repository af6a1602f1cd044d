// tenantctl ca …: Conditional Access policies, named locations, authentication strengths, What If,
// import/export and lint (conditional-access.md; cli-contract.md `ca`). Rules live in src/core/ca;
// heavy modules (evaluation, catalogs, the rule engine) load inside the actions that need them.
import type { Command } from 'commander';
import type { CaCatalogs } from '../../core/ca/service.js';
import type { NamedLocation, StoredPolicy } from '../../core/ca/types.js';
import { UsageError, ValidationError } from '../../core/errors.js';
import { examples, type App, type CommandGroupModule } from '../main.js';
import type { Column } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { resolveLocation, resolvePolicy } from '../resolve-ca.js';
import { addPolicyFlags } from './ca-policy-flags.js';
import { collectList } from './options.js';
import { yamlModule } from '../heavy-modules.js';
import { readTextArgument } from '../io.js';
import { documentText } from '../output/render.js';

const STATE_LABEL: Record<string, string> = { enabled: 'enabled', disabled: 'disabled', enabledForReportingButNotEnforced: 'report-only' };
export const stateLabel = (s: string): string => STATE_LABEL[s] ?? s;

/** A one-line summary of a policy's grant and session controls, for tables. */
export function grantSummary(p: Pick<StoredPolicy, 'grantControls' | 'sessionControls'>): string {
  const g = p.grantControls;
  const parts: string[] = [];
  if (g) {
    const ctl = [...(g.builtInControls ?? [])];
    if (g.authenticationStrength?.id) ctl.push(`authenticationStrength:${g.authenticationStrength.displayName ?? g.authenticationStrength.id}`);
    for (const t of g.termsOfUse ?? []) ctl.push(`termsOfUse:${t}`);
    if (ctl.length) parts.push(ctl.length > 1 ? ctl.join(` ${String(g.operator).toUpperCase()} `) : ctl[0]!);
  }
  const s = p.sessionControls;
  if (s?.signInFrequency && s.signInFrequency.isEnabled !== false)
    parts.push(s.signInFrequency.frequencyInterval === 'everyTime' ? 'signInFrequency:everyTime' : `signInFrequency:${s.signInFrequency.value}${s.signInFrequency.type === 'days' ? 'd' : 'h'}`);
  if (s?.persistentBrowser && s.persistentBrowser.isEnabled !== false) parts.push(`persistentBrowser:${s.persistentBrowser.mode}`);
  return parts.join('; ');
}

const POLICY_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'State', value: (p: StoredPolicy) => stateLabel(String(p.state)) },
  { header: 'Controls', value: (p: StoredPolicy) => grantSummary(p) },
  { header: 'Id', value: 'id' },
];

function locationKind(l: NamedLocation): string {
  return l['@odata.type'].replace('#microsoft.graph.', '').replace(/NamedLocation$/, '');
}

const LOCATION_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Type', value: (l: NamedLocation) => locationKind(l) },
  { header: 'Trusted', value: (l: NamedLocation) => (l as { isTrusted?: boolean }).isTrusted ?? '' },
  {
    header: 'Ranges/Countries',
    value: (l: Record<string, unknown>) =>
      Array.isArray(l.ipRanges)
        ? (l.ipRanges as { cidrAddress?: string }[]).map((r) => r.cidrAddress).join(',')
        : [...((l.countriesAndRegions as string[]) ?? []), ...(l.includeUnknownCountriesAndRegions ? ['unknown'] : [])].join(','),
  },
  { header: 'Id', value: 'id' },
];

export async function caCatalogs(): Promise<CaCatalogs> {
  const { roleCatalog } = await import('../../catalog/roles.js');
  const cat = roleCatalog();
  return { isRoleTemplateId: (id) => cat.byTemplateId(id) !== undefined };
}

/** Reads a JSON or YAML file (or - for stdin). */
async function readDocument(app: App, path: string, flag: string): Promise<unknown> {
  const text = await readTextArgument(app.io, path, 'the document', 'pass the path of a JSON or YAML file', flag);
  try {
    if (/\.ya?ml$/i.test(path) || !/^\s*[[{]/.test(text)) {
      const { parse } = yamlModule();
      return parse(text);
    }
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError('InvalidFile', `${path} is not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`, { target: path });
  }
}

/** The lockout guard (src/cli/ca-lockout-guard.ts) for a policy about to be saved. */
async function guard(app: App, policy: StoredPolicy, commandLine: string): Promise<void> {
  if (String(policy.state) !== 'enabled') return;
  const { confirmPolicyLocksNoOneOut } = await import('../ca-lockout-guard.js');
  await confirmPolicyLocksNoOneOut(app.session(), policy, commandLine);
}

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();
  const flags = () => import('./ca-policy-apply.js');
  const service = () => import('../../core/ca/service.js');

  // --- policies ------------------------------------------------------------------------------
  const policy = group.command('policy').description('Conditional Access policies (Graph conditionalAccessPolicy)');
  // ~40 options twice over: not built when another `ca` subcommand runs (`ca whatif` is benchmarked).
  const policyFlags = (cmd: Command): Command => (app.mayRun('policy') ? addPolicyFlags(cmd) : cmd);

  const create = policy.command('create').description('create a policy from a Graph JSON/YAML file or from flags (default state: report-only)');
  create.option('--file <file>', 'a Graph conditionalAccessPolicy as JSON or YAML (- for stdin); flags override its values');
  create.option('--state <state>', 'enabled | disabled | report-only');
  examples(
    policyFlags(create).action(async (o) => {
      const f = await flags();
      const store = s().store;
      let base: StoredPolicy;
      if (o.file !== undefined) {
        const { parseCaDocument } = await import('../../core/ca/normalize.js');
        const doc = parseCaDocument(await readDocument(app, o.file, '--file'), { newId: () => '' });
        if (doc.policies.length !== 1 || doc.namedLocations.length || doc.problems.length)
          throw new ValidationError('InvalidFile', `${o.file} must hold exactly one conditionalAccessPolicy`, { target: '--file', hint: 'use tenantctl ca import for several objects' });
        base = doc.policies[0]!;
        // As Graph's POST: the id and timestamps are the service's.
        base.id = '';
        delete base.createdDateTime;
        delete base.modifiedDateTime;
      } else {
        if (o.name === undefined) throw new UsageError("required option '--name <name>' not specified", { hint: 'pass --name and condition flags, or --file <policy.json>' });
        base = f.emptyPolicy(o.name);
        if (o.state === undefined && o.file === undefined) base.state = 'enabledForReportingButNotEnforced';
      }
      const { policy: p } = f.applyPolicyFlags(store, base, o);
      if (p.state === undefined || p.state === null) p.state = 'enabledForReportingButNotEnforced';
      await guard(app, p, 'tenantctl ca policy create …');
      const cat = await caCatalogs();
      const { createPolicy } = await service();
      const result = s().mutate('ca policy create', (env) => {
        const saved = createPolicy(env, cat, p);
        return { data: saved, note: `created policy ${saved.displayName} (${stateLabel(String(saved.state))})` };
      });
      await s().emit(result);
    }),
    [
      'tenantctl ca policy create --name "Require MFA for all users" --include-users All --exclude-users breakglass@contoso.onmicrosoft.com --apps All --grant mfa --state enabled',
      'tenantctl ca policy create --name "Block legacy authentication" --include-users All --apps All --client-apps exchangeActiveSync,other --grant block',
      'tenantctl ca policy create --name "Finance needs a compliant device" --include-groups Finance --apps "Contoso Finance" --grant compliantDevice',
      'tenantctl ca policy create --name "Admins: phishing-resistant" --include-roles "Global Administrator" --apps MicrosoftAdminPortals --auth-strength "Phishing-resistant MFA"',
      'tenantctl ca policy create --file policy.json --state report-only',
    ],
  );

  examples(
    policy
      .command('show')
      .description('show a policy (display name or id) in Graph JSON shape')
      .argument('<policy>')
      .action(async (ref: string) => {
        await s().emit({ data: resolvePolicy(s().store, ref) });
      }),
    ['tenantctl ca policy show "Require MFA for all users" -o json'],
  );

  examples(
    policy
      .command('list')
      .description('list policies, ordered by display name')
      .action(async () => {
        await s().emit({ data: s().store.listCaPolicies(), columns: POLICY_COLUMNS });
      }),
    ['tenantctl ca policy list', 'tenantctl ca policy list -o tsv --query "[?state==\'enabled\'].displayName"'],
  );

  const update = policy.command('update').description("change a policy: each flag given replaces that part; --file replaces the whole policy").argument('<policy>');
  update.option('--file <file>', 'a Graph conditionalAccessPolicy as JSON or YAML replacing the stored one (id and createdDateTime kept)');
  update.option('--state <state>', 'enabled | disabled | report-only');
  examples(
    policyFlags(update).action(async (ref: string, o) => {
      const f = await flags();
      const store = s().store;
      const before = resolvePolicy(store, ref);
      let base: StoredPolicy = before;
      if (o.file !== undefined) {
        const { parseCaDocument } = await import('../../core/ca/normalize.js');
        const doc = parseCaDocument(await readDocument(app, o.file, '--file'), { newId: () => before.id });
        if (doc.policies.length !== 1 || doc.namedLocations.length || doc.problems.length)
          throw new ValidationError('InvalidFile', `${o.file} must hold exactly one conditionalAccessPolicy`, { target: '--file' });
        base = doc.policies[0]!;
      }
      const { policy: p, changed } = f.applyPolicyFlags(store, base, o);
      if (!changed && o.file === undefined) throw new UsageError('nothing to update', { hint: 'pass condition, grant or session flags, --state, or --file' });
      await guard(app, p, `tenantctl ca policy update ${JSON.stringify(ref)} …`);
      const cat = await caCatalogs();
      const { updatePolicy } = await service();
      const result = s().mutate('ca policy update', (env) => {
        const saved = updatePolicy(env, cat, env.store.getCaPolicy(before.id)!, p);
        return { data: saved, note: `updated policy ${saved.displayName}` };
      });
      await s().emit(result);
    }),
    [
      'tenantctl ca policy update "Require MFA for all users" --exclude-groups "Tier0 Admins"',
      'tenantctl ca policy update "Finance needs a compliant device" --grant compliantDevice,mfa --grant-operator OR',
      'tenantctl ca policy update "Block legacy authentication" --file block-legacy.json',
    ],
  );

  examples(
    policy
      .command('delete')
      .description('delete a policy')
      .argument('<policy>')
      .action(async (ref: string) => {
        const p = resolvePolicy(s().store, ref);
        await confirmDestructive(s(), `Delete policy ${p.displayName} (${p.id})?`, `tenantctl ca policy delete ${JSON.stringify(ref)}`);
        const { deletePolicy } = await service();
        const result = s().mutate('ca policy delete', (env) => {
          deletePolicy(env, env.store.getCaPolicy(p.id)!);
          return { data: { id: p.id, displayName: p.displayName, deleted: true }, note: `deleted policy ${p.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl ca policy delete "Old pilot" --yes'],
  );

  for (const [verb, state, help] of [
    ['enable', 'enabled', 'turn a policy on (enforced)'],
    ['disable', 'disabled', 'turn a policy off (not evaluated)'],
    ['report-only', 'enabledForReportingButNotEnforced', 'evaluate and log a policy without enforcing it'],
  ] as const) {
    examples(
      policy
        .command(verb)
        .description(help)
        .argument('<policy>')
        .action(async (ref: string) => {
          const before = resolvePolicy(s().store, ref);
          const next = { ...before, state };
          await guard(app, next, `tenantctl ca policy ${verb} ${JSON.stringify(ref)}`);
          const cat = await caCatalogs();
          const { updatePolicy } = await service();
          const result = s().mutate(`ca policy ${verb}`, (env) => {
            const cur = env.store.getCaPolicy(before.id)!;
            const saved = String(cur.state) === state ? cur : updatePolicy(env, cat, cur, { ...cur, state });
            return { data: saved, note: `policy ${saved.displayName} is ${stateLabel(state)}` };
          });
          await s().emit(result);
        }),
      [`tenantctl ca policy ${verb} "Require MFA for all users"`],
    );
  }

  // --- named locations -----------------------------------------------------------------------
  const location = group.command('location').description('named locations: trusted IP ranges and countries');
  const locationFlags = (cmd: Command, update: boolean) =>
    cmd
      .option('--ip <cidr>', 'IP range in CIDR form (repeatable, or a comma list); makes an IP location', collectList)
      .option('--trusted [bool]', 'mark the IP location trusted (counts for AllTrusted)')
      .option('--country <CC>', 'ISO 3166 two-letter code (repeatable, or a comma list); makes a country location', collectList)
      .option('--include-unknown [bool]', 'country location: also match IPs of unknown countries/regions')
      .option(update ? '--name <name>' : '--name <name>', update ? 'new display name' : 'display name');

  const boolFlag = (v: unknown, flag: string): boolean | undefined => {
    if (v === undefined) return undefined;
    if (v === true) return true;
    const t = String(v).toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw new UsageError(`'${v}' is not true or false`, { target: flag, hint: `use ${flag} or ${flag} false` });
  };
  const ipRange = (cidr: string) => ({ '@odata.type': cidr.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress: cidr });

  examples(
    locationFlags(location.command('create').description('create an IP-range or country named location'), false).action(async (o) => {
      if (o.name === undefined) throw new UsageError("required option '--name <name>' not specified");
      const ip = o.ip !== undefined;
      const country = o.country !== undefined;
      if (ip === country) throw new UsageError('pass either --ip <cidr>... or --country <CC>...', { hint: 'an IP location holds ranges, a country location countries' });
      if (ip && o.includeUnknown !== undefined) throw new UsageError('--include-unknown goes with --country', { target: '--include-unknown' });
      if (country && o.trusted !== undefined) throw new UsageError('country locations cannot be trusted (only IP ranges can)', { target: '--trusted' });
      const l = (ip
        ? { '@odata.type': '#microsoft.graph.ipNamedLocation', id: '', displayName: o.name, isTrusted: boolFlag(o.trusted, '--trusted') ?? false, ipRanges: (o.ip as string[]).map(ipRange) }
        : {
            '@odata.type': '#microsoft.graph.countryNamedLocation',
            id: '',
            displayName: o.name,
            countriesAndRegions: (o.country as string[]).map((c) => c.toUpperCase()),
            includeUnknownCountriesAndRegions: boolFlag(o.includeUnknown, '--include-unknown') ?? false,
            countryLookupMethod: 'clientIpAddress',
          }) as unknown as NamedLocation;
      const { createNamedLocation } = await service();
      const result = s().mutate('ca location create', (env) => {
        const saved = createNamedLocation(env, l);
        return { data: saved, note: `created named location ${saved.displayName}` };
      });
      await s().emit(result);
    }),
    [
      'tenantctl ca location create --name "Contoso HQ" --ip 203.0.113.0/24,198.51.100.0/24 --trusted',
      'tenantctl ca location create --name "Blocked countries" --country KP,IR --include-unknown',
    ],
  );

  examples(
    location
      .command('show')
      .description('show a named location (display name or id)')
      .argument('<location>')
      .action(async (ref: string) => {
        await s().emit({ data: resolveLocation(s().store, ref) });
      }),
    ['tenantctl ca location show "Contoso HQ" -o json'],
  );

  examples(
    location
      .command('list')
      .description('list named locations, ordered by display name')
      .action(async () => {
        await s().emit({ data: s().store.listNamedLocations(), columns: LOCATION_COLUMNS });
      }),
    ['tenantctl ca location list'],
  );

  examples(
    locationFlags(location.command('update').description("change a named location's name, ranges, countries or trust").argument('<location>'), true).action(async (ref: string, o) => {
      const before = resolveLocation(s().store, ref);
      const next = { ...before } as Record<string, unknown>;
      const isIp = before['@odata.type'] === '#microsoft.graph.ipNamedLocation';
      if (o.name !== undefined) next.displayName = o.name;
      if (isIp) {
        if (o.country !== undefined || o.includeUnknown !== undefined) throw new UsageError(`'${before.displayName}' is an IP location: --country and --include-unknown do not apply`);
        if (o.ip !== undefined) next.ipRanges = (o.ip as string[]).map(ipRange);
        if (o.trusted !== undefined) next.isTrusted = boolFlag(o.trusted, '--trusted');
      } else {
        if (o.ip !== undefined || o.trusted !== undefined) throw new UsageError(`'${before.displayName}' is a country location: --ip and --trusted do not apply`);
        if (o.country !== undefined) next.countriesAndRegions = (o.country as string[]).map((c) => c.toUpperCase());
        if (o.includeUnknown !== undefined) next.includeUnknownCountriesAndRegions = boolFlag(o.includeUnknown, '--include-unknown');
      }
      if (['name', 'ip', 'trusted', 'country', 'includeUnknown'].every((k) => o[k] === undefined)) throw new UsageError('nothing to update', { hint: 'pass --name, --ip, --trusted, --country or --include-unknown' });
      const { updateNamedLocation } = await service();
      const result = s().mutate('ca location update', (env) => {
        const saved = updateNamedLocation(env, env.store.getNamedLocation(before.id)!, next as unknown as NamedLocation);
        return { data: saved, note: `updated named location ${saved.displayName}` };
      });
      await s().emit(result);
    }),
    ['tenantctl ca location update "Contoso HQ" --ip 203.0.113.0/24,192.0.2.0/24', 'tenantctl ca location update "Contoso HQ" --trusted false'],
  );

  examples(
    location
      .command('delete')
      .description('delete a named location (refused while a policy uses it or while it is trusted)')
      .argument('<location>')
      .action(async (ref: string) => {
        const l = resolveLocation(s().store, ref);
        await confirmDestructive(s(), `Delete named location ${l.displayName} (${l.id})?`, `tenantctl ca location delete ${JSON.stringify(ref)}`);
        const { deleteNamedLocation } = await service();
        const result = s().mutate('ca location delete', (env) => {
          deleteNamedLocation(env, env.store.getNamedLocation(l.id)!);
          return { data: { id: l.id, displayName: l.displayName, deleted: true }, note: `deleted named location ${l.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl ca location delete "Old office" --yes'],
  );

  // --- authentication strengths --------------------------------------------------------------
  const strength = group.command('auth-strength').description('authentication strengths (the three built-ins, fixed ids)');
  examples(
    strength
      .command('list')
      .description('list the built-in authentication strengths')
      .action(async () => {
        const { BUILT_IN_AUTHENTICATION_STRENGTHS } = await import('../../core/ca/auth-strengths.js');
        await s().emit({
          data: BUILT_IN_AUTHENTICATION_STRENGTHS,
          columns: [
            { header: 'DisplayName', value: 'displayName' },
            { header: 'PolicyType', value: 'policyType' },
            { header: 'Combinations', value: (x: { allowedCombinations: string[] }) => x.allowedCombinations.length },
            { header: 'Id', value: 'id' },
          ],
        });
      }),
    ['tenantctl ca auth-strength list'],
  );
  examples(
    strength
      .command('show')
      .description('show an authentication strength (name or id) with its allowed method combinations')
      .argument('<strength>')
      .action(async (ref: string) => {
        const [{ authStrengthRef }, { builtInStrengthById }] = await Promise.all([import('../resolve-ca.js'), import('../../core/ca/auth-strengths.js')]);
        await s().emit({ data: builtInStrengthById(authStrengthRef(ref).id) });
      }),
    ['tenantctl ca auth-strength show "Phishing-resistant MFA" -o json'],
  );

  // --- import / export -----------------------------------------------------------------------
  examples(
    group
      .command('import')
      .description('import Graph JSON (one policy, an array, or {"value":[...]}; named locations too), all or nothing')
      .argument('<file>', 'JSON or YAML file, or - for standard input')
      .option('--create-missing', 'create placeholder users, groups, apps and named locations for ids the tenant lacks')
      .action(async (file: string, o) => {
        const json = await readDocument(app, file, '<file>');
        const { runImport } = await import('./ca-import.js');
        await s().emit(await runImport(s(), json, o.createMissing === true, file === '-' ? 'stdin' : file));
      }),
    ['tenantctl ca import policies.json', 'tenantctl ca import baseline.json --create-missing', 'tenantctl ca export | tenantctl --tenant copy.db ca import -'],
  );

  examples(
    group
      .command('export')
      .description('write every named location and policy as Graph JSON (what ca import reads)')
      .option('--format <format>', 'json or yaml', 'json')
      .action(async (o) => {
        if (o.format !== 'json' && o.format !== 'yaml') throw new UsageError(`'${o.format}' is not an export format`, { target: '--format', hint: 'use json or yaml' });
        const store = s().store;
        const { exportCaDocument } = await import('../../core/ca/normalize.js');
        const doc = exportCaDocument(store.listCaPolicies(), store.listNamedLocations());
        app.io.stdout.write(documentText(doc, o.format));
      }),
    ['tenantctl ca export > ca.json', 'tenantctl ca export --format yaml'],
  );

  // --- what if / lint ------------------------------------------------------------------------
  const whatif = group
    .command('whatif')
    .description('which policies apply to a sign-in, and the outcome: grant, block, interrupt (MFA etc. to complete) or fail')
    .option('--user <user>', 'who signs in: UPN or id')
    .option('--service-principal <sp>', 'or a workload identity: app name, appId or service principal id')
    .option('--all-users', 'the same sign-in for every user: a matrix of user, decision, required controls')
    .option('--group <group>', 'the same sign-in for every (transitive) member of a group')
    .option('--app <app>', 'the target resource: app name, appId or object id')
    .option('--user-action <action>', 'or a user action: registerSecurityInformation | registerOrJoinDevices')
    .option('--auth-context <c1..c99>', 'or an authentication context')
    .option('--ip <addr>', 'public IP address (country from the offline IP database unless --country)')
    .option('--country <CC>', 'ISO 3166 country code, or unknown')
    .option('--platform <platform>', 'android | iOS | windows | windowsPhone | macOS | linux | unknown (default: from --device, else unknown)')
    .option('--client-app <type>', 'browser | mobileAppsAndDesktopClients | exchangeActiveSync | other (default browser)')
    .option('--device <device>', 'a registered device: name, object id or deviceId (default: unregistered)')
    .option('--device-property <k=v>', 'or device attributes inline, e.g. isCompliant=true trustType=ServerAD (repeatable)', (v: string, prev: string[] = []) => prev.concat(v))
    .option('--sign-in-risk <level>', 'none | low | medium | high')
    .option('--user-risk <level>', 'none | low | medium | high')
    .option('--service-principal-risk <level>', 'none | low | medium | high')
    .option('--insider-risk <level>', 'none | minor | moderate | elevated')
    .option('--auth-flow <flow>', 'deviceCodeFlow | authenticationTransfer')
    .option('--auth-methods <m>', 'methods already completed, e.g. password,microsoftAuthenticatorPush (default password)', collectList)
    .option('--expect <outcome>', 'exit 7 unless the decision is this (grant|block|interrupt|fail) or requiredControls contain these controls');
  examples(
    whatif.action(async (o) => {
      const { runWhatIf } = await import('./ca-whatif.js');
      await runWhatIf(s(), o);
    }),
    [
      'tenantctl ca whatif --user adele@contoso.com --app "Office 365 Exchange Online" --ip 203.0.113.10 --platform windows',
      'tenantctl ca whatif --user diego@contoso.com --app "Contoso Finance" --device CONTOSO-LT-002 --expect fail',
      'tenantctl ca whatif --user alex@contoso.com --app "Office 365 Exchange Online" --client-app exchangeActiveSync --expect block',
      'tenantctl ca whatif --all-users --app "Azure Portal" --country US --auth-methods password,microsoftAuthenticatorPush -o tsv',
    ],
  );

  examples(
    group
      .command('lint')
      .description('check the policies for common gaps (no break-glass exclusion, legacy auth not blocked, admins without MFA, overlaps); errors exit 7')
      .action(async () => {
        const { runLint } = await import('./ca-whatif.js');
        await runLint(s());
      }),
    ['tenantctl ca lint', 'tenantctl ca lint -o json --query "[?level==\'error\']"'],
  );
};

