import { describe, expect, it } from 'vitest';
import { RuleSyntaxError, tokenize } from '../../../src/core/rules/index.js';

const kinds = (text: string) => tokenize(text).map((t) => [t.kind, t.value]);

describe('tokenize', () => {
  it('splits words, strings and punctuation', () => {
    expect(kinds('(user.department -eq "Sales")')).toEqual([
      ['lparen', '('],
      ['word', 'user.department'],
      ['word', '-eq'],
      ['string', 'Sales'],
      ['rparen', ')'],
      ['eof', ''],
    ]);
  });

  it('reads lists, $null, datetimes and system.now as words', () => {
    expect(kinds('-in ["a", \'b\'] $null 2020-06-10T18:13:20Z system.now -plus p1d')).toEqual([
      ['word', '-in'],
      ['lbracket', '['],
      ['string', 'a'],
      ['comma', ','],
      ['string', 'b'],
      ['rbracket', ']'],
      ['word', '$null'],
      ['word', '2020-06-10T18:13:20Z'],
      ['word', 'system.now'],
      ['word', '-plus'],
      ['word', 'p1d'],
      ['eof', ''],
    ]);
  });

  it('treats newlines, tabs and no-break spaces as whitespace', () => {
    expect(kinds('a\n\tb\u00a0c').map(([, v]) => v)).toEqual(['a', 'b', 'c', '']);
  });

  it('records offsets and whether whitespace precedes a token', () => {
    const t = tokenize('x -eq"y"');
    expect(t.map((x) => [x.start, x.end, x.spaceBefore])).toEqual([
      [0, 1, true],
      [2, 5, true],
      [5, 8, false],
      [8, 8, true],
    ]);
  });

  describe('string escapes (rules.md §2.3)', () => {
    const value = (src: string) => tokenize(src)[0]!.value;
    it('backtick escapes a double quote', () => expect(value('"`"Sales`""')).toBe('"Sales"'));
    it('two backticks are one backtick', () => expect(value('"a``b"')).toBe('a`b'));
    it("'' is one apostrophe in double quotes", () => expect(value('"O\'\'Brien"')).toBe("O'Brien"));
    it("'' is one apostrophe in single quotes", () => expect(value("'O''Brien'")).toBe("O'Brien"));
    it('a lone apostrophe inside double quotes is literal', () => expect(value('"O\'Brien"')).toBe("O'Brien"));
    it('backslash is literal', () => expect(value('"@contoso\\.com$"')).toBe('@contoso\\.com$'));
    it('a backtick before another character is literal', () => expect(value('"a`b"')).toBe('a`b'));
    it('typographic quotes inside a string are data', () => expect(value('"O’Brien “x”"')).toBe('O’Brien “x”'));
    it('single-quoted strings may hold double quotes', () => expect(value('\'say "hi"\'')).toBe('say "hi"'));
  });

  it('rejects an unterminated string at its opening quote', () => {
    try {
      tokenize('user.city -eq "Paris');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSyntaxError);
      const err = e as RuleSyntaxError;
      expect(err.reason).toBe('queryCompilation');
      expect(err.position).toEqual({ offset: 14, line: 1, column: 15 });
      expect(err.message).toContain('has no closing "');
    }
  });

  it.each([
    ['user.department –eq "Sales"', 16, 'en dash – (U+2013)', 'hyphen-minus -'],
    ['user.department —eq "Sales"', 16, 'em dash — (U+2014)', 'hyphen-minus -'],
    ['user.department -eq “Sales”', 20, 'left double quotation mark “ (U+201C)', 'double quote "'],
    ["user.department -eq ‘Sales’", 20, 'left single quotation mark ‘ (U+2018)', "apostrophe '"],
    ['user.department -eq "Sales”', -1, '', ''],
  ])('names typographic character in %s', (text, offset, name, ascii) => {
    if (offset < 0) {
      // The closing curly quote is inside an unterminated ASCII string: that is the error.
      expect(() => tokenize(text)).toThrow(/no closing "/);
      return;
    }
    try {
      tokenize(text);
      expect.unreachable();
    } catch (e) {
      const err = e as RuleSyntaxError;
      expect(err.reason).toBe('binaryExpressionFormat');
      expect(err.position.offset).toBe(offset);
      expect(err.message).toContain(name);
      expect(err.message).toContain('Binary expression is not in right format.');
      expect(err.hint).toContain(ascii);
    }
  });

  it('finds a typographic character glued to a word', () => {
    try {
      tokenize('user.department-–eq');
      expect.unreachable();
    } catch (e) {
      expect((e as RuleSyntaxError).position.offset).toBe(16);
    }
  });
});
