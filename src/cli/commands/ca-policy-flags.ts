// `ca policy create|update` condition, grant and session flags (cli-contract.md): their
// declaration, which every `ca` command loads to register the group, is kept here; turning given
// flags into a Graph conditionalAccessPolicy is in ca-policy-apply.ts, loaded by create/update only.
import type { Command } from 'commander';
import { BUILT_IN_CONTROLS, CLIENT_APP_TYPES, DEVICE_PLATFORMS, INSIDER_RISK_LEVELS } from '../../core/ca/types.js';
import { UsageError } from '../../core/errors.js';
import { collectList } from './options.js';

/** `--state` words (cli-contract.md) and Graph's values. */
export const STATE_WORDS: Record<string, string> = {
  enabled: 'enabled',
  disabled: 'disabled',
  'report-only': 'enabledForReportingButNotEnforced',
  enabledforreportingbutnotenforced: 'enabledForReportingButNotEnforced',
};

export function stateFromWord(word: string): string {
  const s = STATE_WORDS[word.toLowerCase()];
  if (!s) throw new UsageError(`'${word}' is not a policy state`, { target: '--state', hint: 'use one of: enabled, disabled, report-only' });
  return s;
}

/** Adds the condition/grant/session flags to a command. */
export function addPolicyFlags(cmd: Command): Command {
  const list = (flag: string, help: string) => cmd.option(flag, help, collectList);
  cmd.option('--name <name>', 'display name').option('--description <text>', 'description');
  list('--include-users <user>', 'All | GuestsOrExternalUsers | None | user UPNs or ids (repeatable, or a comma list)');
  list('--exclude-users <user>', 'GuestsOrExternalUsers | user UPNs or ids');
  list('--include-groups <group>', 'group names or ids (members count transitively)');
  list('--exclude-groups <group>', 'group names or ids');
  list('--include-roles <role>', 'built-in directory role names or template ids (active tenant-wide assignments count)');
  list('--exclude-roles <role>', 'built-in directory role names or template ids');
  list('--include-service-principals <sp>', 'workload identities: ServicePrincipalsInMyTenant | app names or ids (block only)');
  list('--exclude-service-principals <sp>', 'workload identities to leave out');
  list('--apps <app>', 'All | Office365 | MicrosoftAdminPortals | None | app names, appIds or object ids');
  list('--exclude-apps <app>', 'Office365 | MicrosoftAdminPortals | app names, appIds or object ids');
  list('--user-action <action>', 'registerSecurityInformation | registerOrJoinDevices (instead of --apps)');
  list('--auth-context <c1..c99>', 'authentication context class references (instead of --apps)');
  list('--client-apps <type>', `client app types: ${CLIENT_APP_TYPES.join(', ')}`);
  list('--platforms <platform>', `device platforms: ${DEVICE_PLATFORMS.join(', ')}`);
  list('--exclude-platforms <platform>', 'device platforms to leave out');
  list('--locations <location>', 'All | AllTrusted | named location names or ids');
  list('--exclude-locations <location>', 'AllTrusted | named location names or ids');
  list('--sign-in-risk <level>', 'sign-in risk levels: low, medium, high, none');
  list('--user-risk <level>', 'user risk levels: low, medium, high, none');
  list('--insider-risk <level>', `insider risk levels: ${INSIDER_RISK_LEVELS.join(', ')}`);
  cmd.option('--device-filter <rule>', 'filter for devices, e.g. \'device.trustType -eq "ServerAD"\' ("" removes it)');
  cmd.option('--device-filter-mode <mode>', 'include | exclude (default include)');
  list('--grant <control>', `block | ${BUILT_IN_CONTROLS.filter((c) => c !== 'block').join(' | ')} (comma list)`);
  cmd.option('--grant-operator <op>', 'AND (all selected controls) | OR (one of them); default AND for several controls');
  cmd.option('--auth-strength <name>', 'require an authentication strength: "Multifactor authentication", "Passwordless MFA", "Phishing-resistant MFA" ("" removes it)');
  list('--terms-of-use <id>', 'terms of use agreement ids to accept');
  cmd.option('--sign-in-frequency <duration>', 'session: reauthenticate every 4h, 7d, PT8H, or everyTime ("" removes it)');
  cmd.option('--persistent-browser <mode>', 'session: always | never ("" removes it)');
  return cmd;
}
