// The base of the tenant store: the connection, a prepared-statement cache and the tenant's
// meta values. Repositories (one module per object kind) are mixed into TenantStore.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export class Store {
  private readonly statements = new Map<string, Statement>();
  /** Counters read once per connection; each increment is still written (see nextCounter). */
  private readonly counters = new Map<string, number>();

  constructor(readonly db: Db) {}

  /** A cached prepared statement: preparing is a large share of a short command's cost. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s as unknown as Statement<P, R>;
  }

  getMeta(key: string): string | undefined {
    const row = this.stmt<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Next value of a persistent counter (membership order, deterministic ids). */
  nextCounter(key: string, by = 1): number {
    // A rolled-back transaction (--dry-run) leaves the cached value ahead of the file: a gap in the
    // sequence, which only has to be increasing. Commands run one per process.
    const cur = this.counters.get(key) ?? Number(this.getMeta(key) ?? '0');
    this.counters.set(key, cur + by);
    this.setMeta(key, String(cur + by));
    return cur + 1;
  }

  /**
   * After a rolled-back transaction: counters are read from the file again, so that a change run
   * once to check it (Session.simulate) and then for real gets the same ids and order.
   */
  forgetCounters(): void {
    this.counters.clear();
  }

  /**
   * For a change that writes far more than SQLite's default 2 MB page cache holds (user import):
   * without room, pages are spilled to the WAL and read back again and again mid-transaction (a
   * 100k import into a 100k-user tenant with dynamic groups spent half its CPU time in the kernel).
   * Pages are allocated only as they are used.
   */
  useLargeCache(mib = 512): void {
    this.db.pragma(`cache_size = -${mib * 1024}`);
  }

  close(): void {
    this.db.close();
  }
}

export const toBool = (v: unknown): boolean => v === 1 || v === true;
export const fromBool = (v: boolean | null | undefined): number | null => (v === null || v === undefined ? null : v ? 1 : 0);
