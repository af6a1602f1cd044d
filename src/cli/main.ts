// Entry point: global options, the command groups (each loaded only when it runs), and the one
// place where errors become stderr text and exit codes.
import { Command, CommanderError, Option } from 'commander';
import { TenantError, UsageError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { systemIo, type Io } from './io.js';
import { OUTPUT_FORMATS } from './output/render.js';
import type { Session } from './session.js';

export interface CommandGroupModule {
  register(group: Command, app: App): void;
}

/** Handed to command modules: builds the session lazily from the parsed global options. */
export interface App {
  io: Io;
  /** The session of this invocation; exists once a command's action runs. */
  session(): Session;
  /**
   * False when this invocation certainly runs another subcommand of the group, so that a command
   * with many flags (user create/update) can skip registering them: a start-up saving. Help and
   * unrecognised subcommands see everything.
   */
  mayRun(subcommand: string): boolean;
}

const GROUPS: Record<string, { description: string; load: () => Promise<CommandGroupModule> }> = {
  tenant: { description: 'create and inspect the tenant file, its domains and audit log', load: () => import('./commands/tenant.js') },
  user: { description: 'users: create, update, delete and restore, invite guests, bulk import', load: () => import('./commands/user.js') },
  group: { description: 'security and Microsoft 365 groups, members and owners, dynamic membership rules', load: () => import('./commands/group.js') },
  device: { description: 'devices: register, update, delete; dynamic device groups read them', load: () => import('./commands/device.js') },
  app: { description: 'app registrations, enterprise apps, managed identities, assignments, consent, secrets', load: () => import('./commands/app.js') },
  role: { description: 'admin roles, assignments, PIM activation, --as checks, administrative units', load: () => import('./commands/role.js') },
  license: { description: 'products, subscriptions, direct and group-based license assignment', load: () => import('./commands/license.js') },
  ca: { description: 'Conditional Access: policies, named locations, what if, import/export, lint', load: () => import('./commands/ca.js') },
};

/**
 * Subcommands that never write: they skip loading the reconcile pipeline. A mutating command
 * missing from here only costs start-up time; a read listed here by mistake fails loudly
 * (Session.mutate refuses to run without the pipeline). bin/tenantctl.cjs keeps a copy to pick its
 * code cache (test/unit/foundation/launcher-cache.test.ts checks that they are equal).
 */
export const READ_ONLY_VERBS = new Set(['show', 'list', 'groups', 'licenses', 'roles', 'audit', 'export', 'validate', 'check', 'whatif', 'lint', 'access', 'assignments', 'permissions', 'errors']);

/** Global options that take a value: needed to find the command group before parsing. */
const VALUE_OPTIONS = new Set(['--tenant', '-o', '--output', '--query', '--as']);

/** The index of the first positional argument at or after `from` (skipping global options' values). */
function firstPositional(argv: string[], from = 0): number {
  for (let i = from; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1;
    if (VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return i;
  }
  return argv.length;
}

function outputFormatFromArgv(argv: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-o' || a === '--output') found = argv[i + 1];
    else if (a.startsWith('--output=')) found = a.slice(9);
    else if (a.startsWith('-o') && a.length > 2 && !a.startsWith('--')) found = a.slice(2);
  }
  return found;
}

export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

export async function main(argv: string[], io: Io = systemIo()): Promise<number> {
  let captured = '';
  const program = new Command('tenantctl')
    .description('A Microsoft Entra ID-style tenant in one local SQLite file.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--tenant <file>', 'tenant file (env TENANTCTL_TENANT; default ./tenant.db)'))
    .addOption(new Option('-o, --output <format>', 'output format (env TENANTCTL_OUTPUT; default table)').choices(OUTPUT_FORMATS))
    .option('--query <jmespath>', 'JMESPath applied to the JSON result before formatting')
    .option('--as <upn>', "run with this admin's active roles (env TENANTCTL_AS)")
    .option('-y, --yes', 'confirm destructive actions without a prompt')
    .option('--no-input', 'never prompt (also TENANTCTL_NO_INPUT or CI)')
    .option('--dry-run', 'compute and print what a mutation would change, then roll back')
    .option('-q, --quiet', 'less on stderr')
    .option('--verbose', 'more on stderr')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander's own errors are re-printed by us below, in the format the user asked for.
      outputError: (s) => {
        captured += s;
      },
      getOutHelpWidth: () => Math.min(io.columns, 120),
      getErrHelpWidth: () => Math.min(io.columns, 120),
      getOutHasColors: () => io.colorOut,
      getErrHasColors: () => io.colorErr,
    });
  examples(program, [
    'tenantctl tenant init --domain contoso.onmicrosoft.com --tenant demo.db',
    'tenantctl --tenant demo.db user list -o json',
    'tenantctl --tenant demo.db group member add Sales adele@contoso.onmicrosoft.com',
  ]);
  program.addHelpText(
    'after',
    '\nEnvironment: TENANTCTL_TENANT, TENANTCTL_OUTPUT, TENANTCTL_AS, TENANTCTL_NO_INPUT, CI, NO_COLOR, FORCE_COLOR,\n' +
      '  TENANTCTL_NOW (fixed clock, ISO 8601), TENANTCTL_ID_SEED (deterministic ids).\n' +
      'Exit codes: 0 ok, 1 refused, 2 usage, 3 not found, 4 conflict, 5 partial, 6 denied, 7 check failed, 130 interrupted.\n',
  );

  let session: Session | undefined;
  const groupAt = firstPositional(argv);
  const wanted = argv[groupAt];
  const helpAsked = argv.some((a) => a === '-h' || a === '--help' || a === 'help');
  const subcommand = wanted === undefined ? undefined : argv[firstPositional(argv, groupAt + 1)];
  const app: App = {
    io,
    session() {
      if (!session) throw new Error('session not initialised');
      return session;
    },
    mayRun: (name) => helpAsked || subcommand === undefined || subcommand === name,
  };

  for (const [name, g] of Object.entries(GROUPS)) {
    const cmd = program.command(name).description(g.description);
    if (name === wanted) (await g.load()).register(cmd, app);
  }

  let format = outputFormatFromArgv(argv) ?? io.env.TENANTCTL_OUTPUT ?? 'table';
  try {
    program.hook('preAction', async (_this, actionCmd) => {
      // Loaded here rather than at the top so that --version and --help stay fast.
      const { Session, resolveGlobalOptions } = await import('./session.js');
      const opts = resolveGlobalOptions(actionCmd.optsWithGlobals(), io.env);
      format = opts.output;
      session = new Session(io, opts);
      await session.prepare();
      if (!READ_ONLY_VERBS.has(actionCmd.name())) await session.loadReconcileSteps();
    });
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return reportError(io, e, captured, format);
  } finally {
    session?.close();
  }
}

function reportError(io: Io, e: unknown, commanderText: string, format: string): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    // Commander prints "error: …" and sometimes "(Did you mean …?)"; keep both, drop its exit code 1.
    const text = commanderText.trim() || e.message;
    const lines = text.split('\n');
    const message = lines[0]!.replace(/^error: /, '');
    const suggestion = /\(Did you mean (.+)\?\)/.exec(lines.slice(1).join(' '));
    const hint = suggestion ? `did you mean ${suggestion[1]}?` : "see 'tenantctl --help'";
    writeError(io, new UsageError(message, { hint }), format);
    return EXIT.usage;
  }
  if (e instanceof TenantError) {
    writeError(io, e, format);
    return exitCodeFor(e.kind);
  }
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err && typeof err.code === 'string' && err.code.startsWith('SQLITE_BUSY')) {
    writeError(io, new TenantError('conflict', 'TenantBusy', 'the tenant file is locked by another process', { hint: 'retry, or raise TENANTCTL_BUSY_TIMEOUT_MS' }), format);
    return EXIT.conflict;
  }
  if (err?.name === 'ExitPromptError' || err?.name === 'AbortPromptError') {
    writeError(io, new TenantError('interrupted', 'Interrupted', 'interrupted'), format);
    return EXIT.interrupted;
  }
  io.stderr.write(`error: internal error: ${err?.stack ?? String(e)}\n`);
  return EXIT.invalid;
}

function writeError(io: Io, e: TenantError, format: string): void {
  if (format === 'json' || format === 'yaml') {
    const body: Record<string, unknown> = { code: e.code, message: e.message };
    if (e.target) body.target = e.target;
    if (e.hint) body.hint = e.hint;
    if (e.details.length) body.details = e.details.map((d) => ({ message: d }));
    io.stderr.write(`${JSON.stringify({ error: body })}\n`);
    return;
  }
  io.stderr.write(`error: ${e.message}\n`);
  for (const d of e.details) io.stderr.write(`  ${d}\n`);
  if (e.hint) io.stderr.write(`hint: ${e.hint}\n`);
}
