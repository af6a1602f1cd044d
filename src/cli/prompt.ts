// Confirmation for destructive commands: --yes skips it; off a TTY (or with --no-input / CI) a
// missing --yes is a usage error rather than a hang. Prompts go to stderr.
import { UsageError } from '../core/errors.js';
import type { Session } from './session.js';
import { promptsModule } from './heavy-modules.js';

export async function confirmDestructive(session: Session, question: string, commandLine: string): Promise<void> {
  if (session.opts.yes || session.opts.dryRun) return;
  if (!session.canPrompt) {
    throw new UsageError(`${question.replace(/\?$/, '')}: this needs confirmation`, { hint: `re-run with --yes: ${commandLine} --yes` });
  }
  const { confirm } = promptsModule();
  const ok = await confirm({ message: question, default: false }, { input: session.io.stdin, output: process.stderr });
  if (!ok) throw new UsageError('cancelled', { hint: 'nothing was changed' });
}
