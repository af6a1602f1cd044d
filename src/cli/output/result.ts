// What a command handler returns: plain data with Graph property names, plus hints for the
// human formats. One generic layer turns it into table/json/yaml/tsv and applies --query.

export interface Column {
  header: string;
  /** A property name, or a function of the row. */
  value: string | ((row: any) => unknown);
}

export interface CommandResult {
  data: unknown;
  /** Columns for table/tsv output of a list (or of a single object printed as one row). */
  columns?: Column[];
  /** Print an object as a one-row table instead of key/value lines. */
  asRow?: boolean;
  /** A short human line for stderr (table format only, suppressed by --quiet). */
  note?: string;
  /** Printed to stderr in every format: secrets shown once, warnings. */
  notice?: string;
}

export const listResult = (data: unknown[], columns: Column[], note?: string): CommandResult => ({ data, columns, note });
export const objectResult = (data: unknown, note?: string): CommandResult => ({ data, note });
