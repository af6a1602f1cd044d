// Tables of plain ASCII are laid out directly (plainTable) instead of by cli-table3, which measured
// every cell's display width (~3.5 s for a 10k-row import result). Both must print the same bytes,
// header colour included; anything else (wide or accented characters, escape codes, line breaks,
// ragged rows) is left to cli-table3.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laidOutTable, plainTable, toTable } from '../../../src/cli/output/table.js';
import type { Io } from '../../../src/cli/io.js';

const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const plain = (s: string) => s;
// Printable ASCII, with spaces at the edges and empty cells made likely.
const cell = fc.oneof(fc.constant(''), fc.constantFrom(' ', '  x', 'y  ', 'a b'), fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 }));

describe('plainTable', () => {
  it('prints what cli-table3 prints for plain ASCII tables, bold headers or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.array(cell, { minLength: n, maxLength: n }), fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }))), ([head, body]) => {
        for (const style of [plain, bold]) expect(plainTable(head, body, style)).toBe(laidOutTable(head, body, style));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves wide, accented, coloured and multi-line cells and ragged rows to cli-table3', () => {
    for (const odd of ['Zoë', '日本', '\x1b[31mred\x1b[39m', 'two\nlines', 'tab\there']) {
      expect(plainTable(['Name'], [[odd]], plain)).toBeUndefined();
      expect(plainTable([odd], [['x']], plain)).toBeUndefined();
    }
    expect(plainTable(['A', 'B'], [['1']], plain)).toBeUndefined();
  });

  it('is what toTable prints for a list', async () => {
    const io = { colorOut: false } as Io;
    const rows = [
      { upn: 'adele@contoso.com', status: 'created', error: null },
      { upn: 'zoë@contoso.com', status: 'failed', error: 'bad' },
    ];
    const columns = [
      { header: 'UserPrincipalName', value: 'upn' },
      { header: 'Status', value: 'status' },
      { header: 'Error', value: 'error' },
    ];
    expect(await toTable(io, rows.slice(0, 1), columns, false)).toBe('UserPrincipalName  Status   Error\n---------------------------------\nadele@contoso.com  created\n');
    // With a non-ASCII cell cli-table3 lays it out: same shape.
    expect(await toTable(io, rows, columns, false)).toBe(
      'UserPrincipalName  Status   Error\n---------------------------------\nadele@contoso.com  created\nzoë@contoso.com    failed   bad\n',
    );
  });
});
