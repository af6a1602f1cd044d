import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvFast } from '../../../src/cli/csv-fast.js';

const OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true } as const;

/** What user import read before the fast path: csv-parse's records and line numbers, or its error. */
function reference(text: string): { cells: string[]; line: number }[] | 'error' {
  try {
    return (parse(text, OPTIONS) as unknown as { record: string[]; info: { lines: number } }[]).map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch {
    return 'error';
  }
}

describe('parseCsvFast', () => {
  it('reads quoted cells, empty lines and a missing final line end as csv-parse does', () => {
    const text = '\uFEFFa,"b,c"\n\n"x\ny",""\n,\n"say ""hi""",z';
    expect(parseCsvFast(text)).toEqual([
      { cells: ['a', 'b,c'], line: 1 },
      { cells: ['x\ny', ''], line: 4 },
      { cells: ['', ''], line: 5 },
      { cells: ['say "hi"', 'z'], line: 6 },
    ]);
    expect(parseCsvFast(text)).toEqual(reference(text));
  });

  it('leaves what it does not handle to csv-parse', () => {
    for (const text of ['a\r\nb', 'a"b', '"a"b', '"a', 'a,"b"c\n']) expect(parseCsvFast(text)).toBeUndefined();
  });

  it('agrees with csv-parse on every input it accepts', () => {
    const char = fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '\uFEFF');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const fast = parseCsvFast(text);
        if (fast !== undefined) expect(fast).toEqual(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts the well-formed files it exists for', () => {
    const cell = fc.oneof(fc.stringMatching(/^[a-z é]{0,5}$/), fc.stringMatching(/^[a-z,"\n]{0,5}$/).map((s) => `"${s.replace(/"/g, '""')}"`));
    const record = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.boolean(), (records, finalLf) => {
        const text = records.join('\n') + (finalLf ? '\n' : '');
        const fast = parseCsvFast(text);
        expect(fast).toBeDefined();
        expect(fast).toEqual(reference(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
