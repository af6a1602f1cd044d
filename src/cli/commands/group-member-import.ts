// `group member import`: Entra's bulk member template ("Member object ID or user principal name
// [memberObjectIdOrUpn] Required") or one UPN/id per line. All or nothing unless
// --continue-on-error.
import { PartialFailureError, TenantError, ValidationError } from '../../core/errors.js';
import { addMember } from '../../core/groups/group-service.js';
import type { App } from '../main.js';
import { resolveGroup, resolveMember } from '../resolve.js';
import { readCsv } from './user-import.js';

export async function runMemberImport(app: App, groupRef: string, file: string, opts: { continueOnError: boolean }): Promise<void> {
  const session = app.session();
  resolveGroup(session.store, groupRef); // report a missing group before reading the file
  const records = await readCsv(app, file);
  let i = 0;
  if (records[0] && /^\s*version\s*:\s*v1\.0/i.test(records[0].cells.join(','))) i++;
  // A header row names the column; a plain list has none.
  if (records[i] && /memberObjectIdOrUpn|^\s*(upn|id|member|userprincipalname)\s*$/i.test(records[i]!.cells[0] ?? '')) i++;
  const rows = records.slice(i).filter((r) => (r.cells[0] ?? '').trim() !== '' && !/^example/i.test(r.cells[0]!.trim()));

  const results: Record<string, unknown>[] = [];
  const result = session.mutate('group member import', (env) => {
    const group = resolveGroup(env.store, groupRef);
    const add = env.store.db.transaction((ref: string) => addMember(env, group, resolveMember(env.store, ref)));
    for (const r of rows) {
      const ref = r.cells[0]!.trim();
      try {
        const added = add(ref);
        results.push({ line: r.line, member: ref, status: added ? 'added' : 'alreadyMember', error: null });
      } catch (e) {
        if (!(e instanceof TenantError)) throw e;
        results.push({ line: r.line, member: ref, status: 'failed', error: e.message });
      }
    }
    const bad = results.filter((r) => r.status === 'failed');
    if (bad.length > 0 && !opts.continueOnError) {
      throw new ValidationError('ImportFailed', `${bad.length} of ${rows.length} rows are bad; no member was added`, {
        target: file,
        details: bad.map((r) => `line ${String(r.line)}: ${String(r.error)}`),
        hint: 'fix the rows and run again, or pass --continue-on-error to add the good rows',
      });
    }
    return {
      data: results,
      columns: [
        { header: 'Line', value: 'line' },
        { header: 'Member', value: 'member' },
        { header: 'Status', value: 'status' },
        { header: 'Error', value: 'error' },
      ],
    };
  });
  const failed = results.filter((r) => r.status === 'failed');
  // Under --dry-run nothing was added: keep the dry-run notice.
  await session.emit(session.opts.dryRun ? result : { ...result, notice: `added ${results.filter((r) => r.status === 'added').length} of ${rows.length} members` });
  if (failed.length > 0 && !session.opts.dryRun) {
    throw new PartialFailureError(`${failed.length} of ${rows.length} rows failed`, { details: failed.map((r) => `line ${String(r.line)}: ${String(r.error)}`) });
  }
}
