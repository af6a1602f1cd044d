import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainTableLines } from '../../../src/cli/output/table.js';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** What toTable printed before the fast path: cli-table3 with the same options. */
function cliTable3(head: string[], body: string[][]): string[] {
  const t = new Table({ head, style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 }, chars: NO_BORDERS });
  for (const r of body) t.push(r);
  return t.toString().split('\n');
}

describe('plainTableLines', () => {
  it('pads each column to its widest cell, two spaces apart', () => {
    expect(plainTableLines(['Line', 'UPN', 'Error'], [['2', 'a@contoso.com', ''], ['10', 'b@c.d', 'bad']])).toEqual([
      'Line  UPN            Error',
      '2     a@contoso.com       ',
      '10    b@c.d          bad  ',
    ]);
  });

  it('leaves colour, wide characters, line breaks and ragged rows to cli-table3', () => {
    expect(plainTableLines(['\x1b[1mA\x1b[22m'], [['x']])).toBeUndefined();
    expect(plainTableLines(['A'], [['日本']])).toBeUndefined();
    expect(plainTableLines(['A'], [['x\ny']])).toBeUndefined();
    expect(plainTableLines(['A', 'B'], [['x']])).toBeUndefined();
  });

  it('lays out printable ASCII exactly as cli-table3 does', () => {
    const cell = fc.stringMatching(/^[ -~]{0,12}$/);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 6 }), fc.array(cell, { minLength: 5, maxLength: 5 }), (n, rows, head) => {
        const h = head.slice(0, n);
        const body = rows.map((r) => r.slice(0, n));
        expect(plainTableLines(h, body)).toEqual(cliTable3(h, body));
      }),
      { numRuns: 3000 },
    );
  });
});
