// Rule validation errors. Entra's messages are vague ("Query compilation error."); we repeat the
// Entra sentence verbatim where one is known (rules.md §7), so that people searching for it find
// the same explanations, then add where and what exactly, and show the rule with a caret.

import { ValidationError } from '../errors.js';

/** The Entra message each kind of error maps to (rules.md §7), or null where Entra has none we know. */
export const ENTRA_RULE_MESSAGES = {
  attributeNotSupported: 'Attribute not supported.',
  operatorNotSupported: "Operator isn't supported on attribute.",
  queryCompilation: 'Query compilation error.',
  binaryExpressionFormat: 'Binary expression is not in right format.',
  unknownError: 'Unknown error occurred during setting up dynamic memberships.',
  invalidOperands: 'Invalid operands found for operator.',
  valueNotApplicable: "Value can't be applied to property.",
  noObjectType: 'No object type.',
  invalidObjectType: 'Invalid object type.',
  ruleTooLong: null,
  memberOfLimit: null,
} as const;

export type RuleErrorReason = keyof typeof ENTRA_RULE_MESSAGES;

export interface RulePosition {
  /** UTF-16 offset into the rule text. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export const positionAt = (text: string, offset: number): RulePosition => {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < o; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: o, line, column: o - lineStart + 1 };
};

const MAX_SHOWN = 100;
const CONTEXT = 45;

/** The rule line holding `offset`, and a caret line under it. Long lines are cut around the caret. */
export const caretLines = (text: string, offset: number): [string, string] => {
  const pos = positionAt(text, offset);
  const lineStart = pos.offset - (pos.column - 1);
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  let line = text.slice(lineStart, lineEnd).replace(/[\t\r\v\f]/g, ' ');
  let col = pos.column - 1;
  if (line.length > MAX_SHOWN) {
    const from = Math.max(0, col - CONTEXT);
    const to = Math.min(line.length, col + CONTEXT);
    const head = from > 0 ? '…' : '';
    const tail = to < line.length ? '…' : '';
    line = head + line.slice(from, to) + tail;
    col = col - from + head.length;
  }
  return [line, ' '.repeat(col) + '^'];
};

export class RuleSyntaxError extends ValidationError {
  readonly reason: RuleErrorReason;
  /** Entra's own sentence for this kind of error, or null. */
  readonly entraMessage: string | null;
  /** Our precise addition: what exactly, without the position. */
  readonly problem: string;
  readonly position: RulePosition;
  readonly rule: string;

  constructor(
    reason: RuleErrorReason,
    problem: string,
    rule: string,
    offset: number,
    opts: { hint?: string; prefix?: string } = {},
  ) {
    const position = positionAt(rule, offset);
    const entra = ENTRA_RULE_MESSAGES[reason];
    const prefix = opts.prefix ?? 'Dynamic membership rule validation error:';
    const where = `line ${position.line}, column ${position.column}`;
    const message = `${prefix} ${entra ? entra + ' ' : ''}${problem} (${where}).`;
    super('InvalidMembershipRule', message, { target: where, hint: opts.hint, details: caretLines(rule, offset) });
    this.reason = reason;
    this.entraMessage = entra;
    this.problem = problem;
    this.position = position;
    this.rule = rule;
  }

  /** Message, the offending rule line, a caret under the position, and the hint if any. */
  render(): string {
    const out = [this.message, ...this.details.map((d) => '  ' + d)];
    if (this.hint) out.push(`hint: ${this.hint}`);
    return out.join('\n');
  }
}
