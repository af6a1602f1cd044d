// `user import`: parse the CSV (src/cli/csv.ts), check every row, hash passwords in
// parallel off the transaction, then create the users in one transaction. All or nothing unless
// --continue-on-error; every bad row is reported with its line number.
import { randomInt } from 'node:crypto';
import { PartialFailureError, TenantError, ValidationError } from '../../core/errors.js';
import { isBulkTemplate, mapHeaders, rowToChanges, type ImportRow } from '../../core/users/bulk-template.js';
import { checkPasswordComplexity, generatePassword } from '../../core/users/password-policy.js';
import { foldUpn, planBulkCreate, type BulkLookups, type BulkRow } from '../../core/users/bulk-create.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { hashSecretAsync } from '../../platform/secrets.js';
import { parseCsv, type CsvRecord } from '../csv.js';
import { readTextArgument } from '../io.js';
import type { App } from '../main.js';
import type { Column } from '../output/result.js';

interface Row extends ImportRow {
  line: number;
  hash: string | null;
  generated: string | null;
  error: string | null;
}

export type { CsvRecord };

export async function readCsv(app: App, file: string): Promise<CsvRecord[]> {
  const text = await readTextArgument(app.io, file, 'the CSV', 'pass the path of a CSV file, or - for standard input');
  return parseCsv(text, file);
}

export async function runUserImport(app: App, file: string, opts: { continueOnError: boolean; generatePasswords: boolean; withoutPasswords?: boolean }): Promise<void> {
  const session = app.session();
  session.store; // a missing tenant is reported before the file is read
  const records = await readCsv(app, file);
  let i = 0;
  const isTemplate = records.length > 0 && isBulkTemplate(records[0]!.cells.join(','));
  if (isTemplate) i++;
  const header = records[i++];
  if (!header) throw new ValidationError('InvalidCsv', `${file} has no header row`, { target: file });
  let map;
  try {
    map = mapHeaders(header.cells, isTemplate);
  } catch (e) {
    if (e instanceof TenantError) e.message = `${file}, line ${header.line}: ${e.message}`;
    throw e;
  }
  // Entra's downloadable template carries an example row; skip it if it is still there.
  if (isTemplate && records[i] && /^example/i.test(records[i]!.cells[0] ?? '')) i++;

  const rows: Row[] = [];
  for (const rec of records.slice(i)) {
    let row: Row;
    try {
      row = { ...rowToChanges(map, rec.cells), line: rec.line, hash: null, generated: null, error: null };
      if (row.password) checkPasswordComplexity(row.password);
    } catch (e) {
      if (!(e instanceof TenantError)) throw e;
      row = { changes: { userPrincipalName: rec.cells[map.targets.indexOf('userPrincipalName')] ?? null }, password: null, manager: null, line: rec.line, hash: null, generated: null, error: e.message };
    }
    // Entra creates no user without a password (the template marks it Required; Graph needs
    // passwordProfile). --without-passwords is tenantctl's own opt-out for modelling imports.
    if (!row.error && !row.password && !opts.withoutPasswords) {
      if (opts.generatePasswords) row.generated = row.password = generatePassword(randomInt);
      else row.error = 'no password: fill in the password column, or pass --generate-passwords (or --without-passwords)';
    }
    rows.push(row);
  }

  // scrypt is deliberately slow; run it on the thread pool, in parallel, before the transaction.
  const progress = progressBar(app, rows.length);
  const pending = rows.filter((r) => r.password && !r.error);
  for (let k = 0; k < pending.length; k += 64) {
    await Promise.all(pending.slice(k, k + 64).map(async (r) => (r.hash = await hashSecretAsync(r.password!))));
  }

  let results: Record<string, unknown>[] = [];
  session.store.useLargeCache();
  const result = session.mutate('user import', (env) => {
    const bulk: BulkRow[] = rows.map((r) => ({
      line: r.line,
      changes: r.changes,
      password: r.hash ? { kind: 'hashed', hash: r.hash } : { kind: 'none' },
      manager: r.manager,
      error: r.error,
    }));
    const users = planBulkCreate(env, bulk, { continueOnError: opts.continueOnError, lookups: upnLookups(env.store, rows.length), onRow: progress });
    bulk.forEach((b, n) => (rows[n]!.error = b.error));
    progress(rows.length, true);
    const bad = rows.filter((r) => r.error);
    if (bad.length > 0 && !opts.continueOnError) {
      throw new ValidationError('ImportFailed', `${bad.length} of ${rows.length} rows are bad; nothing was imported`, {
        target: file,
        details: bad.map((r) => `line ${r.line}: ${r.error}`),
        hint: 'fix the rows and run again, or pass --continue-on-error to import the good rows',
      });
    }
    env.store.insertUsers(users);
    results = bulk.map((b) => ({
      line: b.line,
      userPrincipalName: (b.changes.userPrincipalName as string | null) ?? null,
      id: b.user?.id ?? null,
      status: b.error ? 'failed' : 'created',
      error: b.error,
    }));
    const columns: Column[] = [
      { header: 'Line', value: 'line' },
      { header: 'UserPrincipalName', value: 'userPrincipalName' },
      { header: 'Status', value: 'status' },
      { header: 'Error', value: 'error' },
    ];
    return { data: results, columns };
    // With --continue-on-error, planBulkCreate takes back the records of rows it drops.
  }, { streamRecords: !opts.continueOnError });
  const generated = rows.filter((r) => r.generated && !r.error).map((r) => `password for ${String(r.changes.userPrincipalName)} (shown once): ${r.generated}`);
  const failed = rows.filter((r) => r.error);
  // Under --dry-run nothing was imported: keep the dry-run notice and show no password.
  await session.emit(session.opts.dryRun ? result : { ...result, notice: [...generated, `imported ${rows.length - failed.length} of ${rows.length} users`].join('\n') });
  if (failed.length > 0 && !session.opts.dryRun) {
    throw new PartialFailureError(`${failed.length} of ${rows.length} rows failed`, { details: failed.map((r) => `line ${r.line}: ${r.error}`) });
  }
}

/** Whether a UPN is taken: one index lookup per row, or for a large import one pass over the users. */
function upnLookups(store: TenantStore, rows: number): BulkLookups {
  if (rows < 1000 || store.countUsers() > rows * 4) return store;
  const byUpn = new Map<string, string>();
  for (const u of store.liveUpns()) byUpn.set(foldUpn(u.userPrincipalName), u.id);
  return { liveUserIdByUpn: (upn) => byUpn.get(foldUpn(upn)) };
}

/** A progress line on stderr, only on a TTY. */
function progressBar(app: App, total: number): (done: number, final?: boolean) => void {
  if (!app.io.stderrIsTTY || total < 1000) return () => {};
  return (done, final) => {
    if (!final && done % 1000 !== 0) return;
    app.io.stderr.write(`\rimporting ${done}/${total}${final ? '\n' : ''}`);
  };
}
