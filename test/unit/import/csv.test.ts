import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/cli/csv.js';
import { ValidationError } from '../../../src/core/errors.js';

describe('parseCsv', () => {
  it('reads records with the line each ends on, skipping empty lines', () => {
    expect(parseCsv('a,b\n\n1,2\n', 'f.csv')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 3 },
    ]);
  });

  it('strips a BOM, reads CRLF files and quoted fields spanning lines', () => {
    expect(parseCsv('\ufeffa,b\r\n1,"x\r\ny"\r\n\r\n3,"q""q"', 'f.csv')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', 'x\r\ny'], line: 3 },
      { cells: ['3', 'q"q'], line: 5 },
    ]);
  });

  it('splits on commas only (no delimiter guessing)', () => {
    expect(parseCsv('a;b\n1;2', 'f.csv').map((r) => r.cells)).toEqual([['a;b'], ['1;2']]);
  });

  it('keeps rows of any length (the importer checks them against the header)', () => {
    expect(parseCsv('a,b\n1\n1,2,3', 'f.csv').map((r) => r.cells.length)).toEqual([2, 1, 3]);
  });

  it('reports an unclosed quote at the line it opens on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow(ValidationError);
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow('f.csv, line 2: a quoted field opened on this line is not closed');
  });

  it('reports text after a closing quote', () => {
    expect(() => parseCsv('a\n"x"y\n', 'f.csv')).toThrow('f.csv, line 2: a quoted field has text after its closing quote');
  });
});
