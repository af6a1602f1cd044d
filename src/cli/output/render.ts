// Formats a command result for stdout. JSON is the contract; table and tsv are for people and
// for `cut`; yaml mirrors JSON. --query (JMESPath) runs on the JSON data before any format.
import type { Io } from '../io.js';
import type { Column, CommandResult } from './result.js';
import { yamlModule } from '../heavy-modules.js';

/**
 * JSON or YAML text of a document: command output and the export commands share it. YAML repeats
 * an object met twice (records of one actor share initiatedBy) rather than writing &a1/*a1 anchors.
 */
export function documentText(doc: unknown, format: 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return yamlModule().stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export type OutputFormat = 'table' | 'json' | 'yaml' | 'tsv' | 'none';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'tsv', 'none'];

export async function render(io: Io, result: CommandResult, format: OutputFormat, query: string | undefined): Promise<string> {
  let data = result.data;
  let columns = result.columns;
  if (query !== undefined) {
    const { applyQuery } = await import('./query.js');
    data = applyQuery(data, query);
    columns = undefined; // the shape is the query's now
  }
  switch (format) {
    case 'none':
      return '';
    case 'json':
    case 'yaml':
      return documentText(data, format);
    case 'tsv':
      return toTsv(data, columns);
    case 'table': {
      const { toTable } = await import('./table.js');
      return await toTable(io, data, columns, result.asRow === true);
    }
  }
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function columnValue(row: unknown, c: Column): unknown {
  if (typeof c.value === 'function') return c.value(row);
  return row && typeof row === 'object' ? (row as Record<string, unknown>)[c.value] : undefined;
}

/** Columns for data that has none declared: the scalar keys of the first row. */
export function inferColumns(rows: unknown[]): Column[] {
  const first = rows.find((r) => r !== null && typeof r === 'object') as Record<string, unknown> | undefined;
  if (!first) return [{ header: 'Result', value: (r: unknown) => r }];
  return Object.keys(first).map((k) => ({ header: k, value: k }));
}

function tsvCell(v: unknown): string {
  return cellText(v).replace(/[\t\r\n]/g, ' ');
}

function toTsv(data: unknown, columns: Column[] | undefined): string {
  if (data === null || data === undefined) return '';
  if (Array.isArray(data)) {
    const cols = columns ?? inferColumns(data);
    return data.map((row) => (row !== null && typeof row === 'object' ? cols.map((c) => tsvCell(columnValue(row, c))).join('\t') : tsvCell(row))).join('\n') + (data.length ? '\n' : '');
  }
  if (typeof data === 'object') {
    const cols = columns ?? Object.keys(data).map((k) => ({ header: k, value: k }));
    return `${cols.map((c) => tsvCell(columnValue(data, c))).join('\t')}\n`;
  }
  return `${tsvCell(data)}\n`;
}
