// Rows buffered for multi-row INSERTs: one statement run per `batch` rows instead of per row (a
// run costs more than a row; bulk changes write millions: audit rows, memberships).
import type { Store } from './store.js';

const insertSql = (verb: string, table: string, columns: string, row: string, n: number): string =>
  `${verb} INTO ${table} ${columns} VALUES ${Array<string>(n).fill(row).join(',')}`;

/** Buffered rows of one table, written `batch` rows per statement (the rest by `flush`). */
export class RowBuffer {
  private readonly args: unknown[] = [];
  private rows = 0;
  private readonly fullSql: string;

  constructor(
    private readonly store: Store,
    private readonly table: string,
    /** e.g. '(a, b)'. */
    private readonly columns: string,
    /** One row's placeholders, e.g. '(?,?)'; `batch` of them must stay under SQLite's 32766 host parameters. */
    private readonly row: string,
    private readonly batch: number,
    /** 'INSERT' or 'INSERT OR IGNORE'. */
    private readonly verb = 'INSERT',
  ) {
    this.fullSql = insertSql(verb, table, columns, row, batch);
  }

  /** Where a row's values go (then call `added`): no array per row. */
  get values(): unknown[] {
    return this.args;
  }

  added(): void {
    if (++this.rows === this.batch) this.flush();
  }

  flush(): void {
    if (this.rows === 0) return;
    this.store.stmt(this.rows === this.batch ? this.fullSql : insertSql(this.verb, this.table, this.columns, this.row, this.rows)).run(this.args);
    this.args.length = 0;
    this.rows = 0;
  }
}
