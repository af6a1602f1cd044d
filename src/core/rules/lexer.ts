// Tokens of the rule language (rules.md §2). Words are runs of anything that is not whitespace, a
// bracket, a comma or a quote; the parser decides whether a word is an operator, a property or a
// bare literal. That keeps `user.department-eq"Sales"` as one word so the parser can name the
// missing space instead of reporting a puzzling unknown property. Linear, no backtracking.

import { RuleSyntaxError } from './errors.js';

export type TokenKind = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'string' | 'word' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** For 'string': the unescaped value; otherwise the source text. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Whitespace (or the start of the rule) comes right before this token. */
  readonly spaceBefore: boolean;
}

/** Look-alike characters that word processors and the docs themselves put into rules (rules.md §2.3). */
const TYPOGRAPHIC: ReadonlyMap<string, { name: string; ascii: string }> = new Map([
  ['\u201C', { name: 'left double quotation mark “ (U+201C)', ascii: '"' }],
  ['\u201D', { name: 'right double quotation mark ” (U+201D)', ascii: '"' }],
  ['\u201E', { name: 'double low-9 quotation mark „ (U+201E)', ascii: '"' }],
  ['\u201F', { name: 'double high-reversed-9 quotation mark ‟ (U+201F)', ascii: '"' }],
  ['\u2033', { name: 'double prime ″ (U+2033)', ascii: '"' }],
  ['\u00AB', { name: 'left-pointing double angle quotation mark « (U+00AB)', ascii: '"' }],
  ['\u00BB', { name: 'right-pointing double angle quotation mark » (U+00BB)', ascii: '"' }],
  ['\u2018', { name: 'left single quotation mark ‘ (U+2018)', ascii: "'" }],
  ['\u2019', { name: 'right single quotation mark ’ (U+2019)', ascii: "'" }],
  ['\u201A', { name: 'single low-9 quotation mark ‚ (U+201A)', ascii: "'" }],
  ['\u201B', { name: 'single high-reversed-9 quotation mark ‛ (U+201B)', ascii: "'" }],
  ['\u2032', { name: 'prime ′ (U+2032)', ascii: "'" }],
  ['\u2010', { name: 'hyphen ‐ (U+2010)', ascii: '-' }],
  ['\u2011', { name: 'non-breaking hyphen ‑ (U+2011)', ascii: '-' }],
  ['\u2012', { name: 'figure dash ‒ (U+2012)', ascii: '-' }],
  ['\u2013', { name: 'en dash – (U+2013)', ascii: '-' }],
  ['\u2014', { name: 'em dash — (U+2014)', ascii: '-' }],
  ['\u2015', { name: 'horizontal bar ― (U+2015)', ascii: '-' }],
  ['\u2212', { name: 'minus sign − (U+2212)', ascii: '-' }],
  ['\uFE63', { name: 'small hyphen-minus ﹣ (U+FE63)', ascii: '-' }],
  ['\uFF0D', { name: 'fullwidth hyphen-minus － (U+FF0D)', ascii: '-' }],
  ['\u200B', { name: 'zero-width space (U+200B)', ascii: '' }],
  ['\u200C', { name: 'zero-width non-joiner (U+200C)', ascii: '' }],
  ['\u200D', { name: 'zero-width joiner (U+200D)', ascii: '' }],
  ['\u2060', { name: 'word joiner (U+2060)', ascii: '' }],
]);

const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;

const PUNCT: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ',': 'comma' };

const isWordBreak = (ch: string, code: number): boolean =>
  isSpace(code) || ch in PUNCT || ch === '"' || ch === "'" || TYPOGRAPHIC.has(ch);

export const typographicError = (text: string, offset: number, prefix?: string): RuleSyntaxError => {
  const t = TYPOGRAPHIC.get(text[offset]!)!;
  const fix = t.ascii ? `use the ASCII ${t.ascii === '-' ? 'hyphen-minus -' : t.ascii === '"' ? 'double quote "' : "apostrophe '"}` : 'delete it';
  return new RuleSyntaxError('binaryExpressionFormat', `The rule contains the ${t.name}`, text, offset, {
    hint: `${fix[0]!.toUpperCase()}${fix.slice(1)} instead; word processors and web pages often swap these in.`,
    prefix,
  });
};

/**
 * Reads a quoted string starting at `start` (which holds the delimiter). Escapes (rules.md §2.3):
 * a backtick followed by either quote or a backtick stands for that character (PowerShell style,
 * the documented form), and a doubled apostrophe '' stands for one apostrophe in both kinds of
 * string. A lone apostrophe inside "..." is kept literally, and a backslash is always literal so
 * that regexes like "@contoso\.com$" are written naturally.
 */
const readString = (text: string, start: number, prefix?: string): { value: string; end: number } => {
  const quote = text[start]!;
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '`' && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === "'" || text[i + 1] === '`')) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "'" && text[i + 1] === "'") {
      out += "'";
      i += 2;
      continue;
    }
    if (ch === quote) return { value: out, end: i + 1 };
    out += ch;
    i++;
  }
  throw new RuleSyntaxError('queryCompilation', `The string that starts here has no closing ${quote}`, text, start, {
    hint: quote === '"' ? 'Close the value with ", and write a quote inside it as `".' : "Close the value with ', and write an apostrophe inside it as ''.",
    prefix,
  });
};

export const tokenize = (text: string, prefix?: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  let spaceBefore = true;
  while (i < text.length) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      spaceBefore = true;
      i++;
      continue;
    }
    if (TYPOGRAPHIC.has(ch)) throw typographicError(text, i, prefix);
    const punct = PUNCT[ch];
    if (punct) {
      tokens.push({ kind: punct, value: ch, start: i, end: i + 1, spaceBefore });
      i++;
    } else if (ch === '"' || ch === "'") {
      const { value, end } = readString(text, i, prefix);
      tokens.push({ kind: 'string', value, start: i, end, spaceBefore });
      i = end;
    } else {
      let j = i + 1;
      while (j < text.length && !isWordBreak(text[j]!, text.charCodeAt(j))) j++;
      if (j < text.length && TYPOGRAPHIC.has(text[j]!)) throw typographicError(text, j, prefix);
      tokens.push({ kind: 'word', value: text.slice(i, j), start: i, end: j, spaceBefore });
      i = j;
    }
    spaceBefore = false;
  }
  tokens.push({ kind: 'eof', value: '', start: text.length, end: text.length, spaceBefore: true });
  return tokens;
};
