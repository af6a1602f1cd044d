// Human output. Lists become a table of the command's default columns; a single object becomes
// aligned "key  value" lines. cli-table3's own colours are switched off (it colours even when
// piped); headers are bold only when our colour decision allows.
import Table from 'cli-table3';
import type { Io } from '../io.js';
import type { Column } from './result.js';
import { cellText, columnValue, inferColumns } from './render.js';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Headers are bold on a colour terminal; chalk is loaded only then (start-up cost). */
export async function toTable(io: Io, data: unknown, columns: Column[] | undefined, asRow: boolean): Promise<string> {
  const chalk = io.colorOut ? new (await import('chalk')).Chalk({ level: 1 }) : { bold: (s: string) => s };
  if (data === null || data === undefined) return '';
  if (Array.isArray(data) || asRow) {
    const rows = Array.isArray(data) ? data : [data];
    if (rows.length === 0) return '';
    const cols = columns ?? inferColumns(rows);
    const head = cols.map((c) => chalk.bold(c.header));
    const body = rows.map((row) => (row !== null && typeof row === 'object' ? cols.map((c) => cellText(columnValue(row, c))) : [cellText(row)]));
    const out = (plainTableLines(head, body) ?? cliTableLines(head, body)).map((l) => l.replace(/\s+$/, ''));
    // Underline the header so the table reads without borders.
    const headerWidth = out[0] ? out[0].replace(/\x1b\[[0-9;]*m/g, '').length : 0;
    out.splice(1, 0, '-'.repeat(headerWidth));
    return `${out.join('\n')}\n`;
  }
  if (typeof data === 'object') {
    const entries = flattenForDisplay(data as Record<string, unknown>);
    const width = Math.max(...entries.map(([k]) => k.length), 0);
    return entries.map(([k, v]) => `${chalk.bold(k.padEnd(width))}  ${cellText(v)}`.replace(/\s+$/, '')).join('\n') + (entries.length ? '\n' : '');
  }
  return `${cellText(data)}\n`;
}

function cliTableLines(head: string[], body: string[][]): string[] {
  const table = new Table({ head, style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 }, chars: NO_BORDERS });
  for (const row of body) table.push(row);
  return table.toString().split('\n');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * cli-table3's lines for our borderless layout, computed directly when every cell is printable
 * ASCII (a cell's width is then its length) and every row is complete: cli-table3 took seconds
 * for the 10k rows of a user import. Undefined otherwise (colour codes, wide or control
 * characters, line breaks), for cli-table3 to lay out. test/unit/foundation/table.test.ts
 * compares the two.
 */
export function plainTableLines(head: string[], body: string[][]): string[] | undefined {
  const widths = head.map((h) => Math.max(1, h.length)); // cli-table3 gives an empty column one space
  for (const h of head) if (!PRINTABLE_ASCII.test(h)) return undefined;
  for (const row of body) {
    if (row.length !== head.length) return undefined;
    for (let i = 0; i < row.length; i++) {
      const c = row[i]!;
      if (!PRINTABLE_ASCII.test(c)) return undefined;
      if (c.length > widths[i]!) widths[i] = c.length;
    }
  }
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), ...body.map(line)];
}

/**
 * Key/value lines for one object: unset values (null, empty lists) are left out to keep `show`
 * readable; nested objects are shown as parent.child. JSON output keeps everything.
 */
function flattenForDisplay(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    // Long lists of objects (assignedPlans, …) do not fit a line; the JSON output has them whole.
    if (Array.isArray(v) && v.length > 3 && v.some((x) => x !== null && typeof x === 'object')) {
      out.push([`${prefix}${k}`, `${v.length} items (see -o json)`]);
      continue;
    }
    if (typeof v === 'object' && !Array.isArray(v)) {
      const inner = flattenForDisplay(v as Record<string, unknown>, `${prefix}${k}.`);
      out.push(...inner);
      continue;
    }
    out.push([`${prefix}${k}`, v]);
  }
  return out;
}
