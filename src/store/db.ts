// Opening, creating and migrating a tenant file. A tenant file is a SQLite database whose
// application_id is ours; its user_version counts the migrations applied.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

export type Db = Database.Database;

/** "TCTL" — marks a SQLite file as a tenantctl tenant. */
export const APPLICATION_ID = 0x5443544c;

const BUSY_TIMEOUT_MS = Number(process.env.TENANTCTL_BUSY_TIMEOUT_MS ?? 30_000);

/**
 * The addon's path, when it is where npm builds it. Left to itself better-sqlite3 finds its addon
 * with the `bindings` package, which walks a stack trace and probes a dozen paths: up to ~10 ms
 * of every command's start-up. Undefined (let bindings search) for unusual installs.
 */
function nativeBinding(): string | undefined {
  // Where it is in this package's own node_modules (dist/store/db.js and the bundle
  // dist/bundle/tenantctl.cjs both sit two levels below the package root): one stat instead of a
  // module resolution (~1 ms).
  try {
    const own = fileURLToPath(new URL('../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url));
    if (existsSync(own)) return own;
  } catch {
    // not a file: URL (tests bundle differently); resolve below
  }
  try {
    const addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    return existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
}

function openDatabase(path: string, options: Database.Options = {}): Db {
  return new Database(path, { ...options, nativeBinding: nativeBinding() });
}

function configure(db: Db): void {
  // One exec rather than four db.pragma calls (each prepares a statement): every command opens the
  // tenant. Concurrent scripts wait for the write lock instead of failing with SQLITE_BUSY.
  // cache_size: a large write (a full reconcile adds 1.5M memberships at 100k users / 300 dynamic
  // groups) inserts at random places in the member index; with SQLite's default 2 MB page cache the
  // same pages are spilled to the WAL and read back over and over. Pages are allocated as they are
  // used, so a small command does not pay for the larger limit.
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;`);
}

/** Creates a new, empty tenant file (mode 0600) with the current schema. */
export function createTenantFile(path: string): Db {
  if (existsSync(path) && statSync(path).size > 0) {
    throw new ConflictError('TenantExists', `tenant file ${path} already exists`, {
      target: path,
      hint: 'choose another --tenant path, or delete the file first',
    });
  }
  // Create the file ourselves so that it is owner-only from the first byte; SQLite gives the
  // -wal and -shm files the same permissions as the database.
  closeSync(openSync(path, 'w', 0o600));
  const db = openDatabase(path);
  try {
    db.pragma('journal_mode = WAL');
    configure(db);
    db.transaction(() => {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      migrate(db, 0);
    }).immediate();
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens an existing tenant file, migrating it forward if it is from an older tenantctl. */
export function openTenantFile(path: string, opts: { readonly?: boolean } = {}): Db {
  if (!existsSync(path)) {
    throw new NotFoundError(`tenant file ${path} does not exist`, {
      target: path,
      hint: `create it with: tenantctl tenant init --domain <name>.onmicrosoft.com --tenant ${path}`,
    });
  }
  let db: Db;
  try {
    db = openDatabase(path, { fileMustExist: true, readonly: false });
  } catch {
    throw notATenant(path);
  }
  try {
    // Read-only checks first: nothing may be written to a file that is not ours.
    let appId: number;
    let version: number;
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
      version = db.pragma('user_version', { simple: true }) as number;
    } catch {
      throw notATenant(path);
    }
    if (appId !== APPLICATION_ID) throw notATenant(path);
    if (version > SCHEMA_VERSION) {
      throw new ValidationError('TenantFromNewerVersion', `tenant file ${path} has schema version ${version}; this tenantctl understands up to ${SCHEMA_VERSION}`, {
        target: path,
        hint: 'upgrade tenantctl to open this file',
      });
    }
    configure(db);
    if (version < SCHEMA_VERSION && !opts.readonly) {
      db.transaction(() => migrate(db, version)).immediate();
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function notATenant(path: string): ValidationError {
  return new ValidationError('NotATenantFile', `${path} is not a tenantctl tenant file`, {
    target: path,
    hint: 'pass the file made by `tenantctl tenant init` with --tenant',
  });
}

function migrate(db: Db, from: number): void {
  for (let v = from; v < MIGRATIONS.length; v++) {
    db.exec(MIGRATIONS[v]!.sql);
    db.pragma(`user_version = ${v + 1}`);
  }
}
