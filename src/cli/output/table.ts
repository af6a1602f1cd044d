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
    const body = rows.map((row) => (row !== null && typeof row === 'object' ? cols.map((c) => cellText(columnValue(row, c))) : [cellText(row)]));
    const head = cols.map((c) => c.header);
    return plainTable(head, body, chalk.bold) ?? laidOutTable(head, body, chalk.bold);
  }
  if (typeof data === 'object') {
    const entries = flattenForDisplay(data as Record<string, unknown>);
    const width = Math.max(...entries.map(([k]) => k.length), 0);
    return entries.map(([k, v]) => `${chalk.bold(k.padEnd(width))}  ${cellText(v)}`.replace(/\s+$/, '')).join('\n') + (entries.length ? '\n' : '');
  }
  return `${cellText(data)}\n`;
}

/** The table cli-table3 lays out: no borders, columns two spaces apart, the header underlined. */
export function laidOutTable(head: readonly string[], body: readonly (readonly string[])[], bold: (s: string) => string): string {
  const table = new Table({
    head: head.map((h) => bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
    chars: NO_BORDERS,
  });
  for (const cells of body) table.push([...cells]);
  const out = table.toString().split('\n').map((l) => l.replace(/\s+$/, ''));
  out.splice(1, 0, underline(out[0] ?? ''));
  return `${out.join('\n')}\n`;
}

/** The line under the header, so the table reads without borders: as wide as the header prints. */
const underline = (header: string): string => '-'.repeat(header.replace(/\x1b\[[0-9;]*m/g, '').length);

/** Printable ASCII: one column per character, no escape sequences, no line breaks. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * The table cli-table3 lays out (above), made directly when every cell and header is plain ASCII
 * and every row has one cell per column: a character is then one column wide, and the layout is
 * just padding. cli-table3 measures every cell's display width (wide characters, escape codes)
 * and took ~3.5 s for a 10k-row import result; it still lays out anything else.
 * test/unit/foundation/plain-table.test.ts checks both give the same bytes.
 */
export function plainTable(head: readonly string[], body: readonly (readonly string[])[], bold: (s: string) => string): string | undefined {
  // cli-table3 gives an empty column one character.
  const widths = head.map((h) => Math.max(1, h.length));
  if (!head.every((h) => PLAIN.test(h))) return undefined;
  for (const cells of body) {
    if (cells.length !== head.length) return undefined;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      if (!PLAIN.test(c)) return undefined;
      if (c.length > widths[k]!) widths[k] = c.length;
    }
  }
  const line = (cells: readonly string[], style: (s: string) => string): string =>
    cells.map((c, k) => style(c) + ' '.repeat(widths[k]! - c.length)).join('  ').replace(/\s+$/, '');
  const header = line(head, bold);
  const out = [header, underline(header)];
  for (const cells of body) out.push(line(cells, (c) => c));
  return `${out.join('\n')}\n`;
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
