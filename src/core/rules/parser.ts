// Recursive-descent parser for the rule language (grammar: rules.md §1.1, precedence §3.3).
// One token of look-ahead, no backtracking, bounded nesting: parsing is linear in the rule length.
// Every rejection is a RuleSyntaxError that names the Entra message (§7) and the exact position.

import type {
  CompareExpr,
  CompareOp,
  ElementOperand,
  Expr,
  Literal,
  ObjectType,
  Operand,
  PropertyOperand,
  QuantifierExpr,
  Rule,
  RuleDialect,
  ScalarLiteral,
  Span,
} from './ast.js';
import { RuleSyntaxError, type RuleErrorReason } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { NUMBER, isGuid, parseIsoDateTime, parseIsoDuration } from './literals.js';
import { dialectObjectTypes, lookupRuleProperty, type LookupOptions } from './properties.js';

/** rules.md §1 and §8 (older docs said 2,048). */
export const MAX_RULE_LENGTH = 3072;
/** rules.md §5.2. */
export const MAX_MEMBER_OF_GROUPS = 50;
/** Our own bound on parentheses/-not/-any nesting, so that hostile input cannot exhaust the stack. */
export const MAX_NESTING = 50;

export interface ParseOptions extends LookupOptions {
  /** Default 'membership'. */
  readonly dialect?: RuleDialect;
}

type OpWord =
  | { kind: 'compare'; op: CompareOp }
  | { kind: 'logical'; op: 'and' | 'or' | 'not' }
  | { kind: 'quantifier'; op: 'any' | 'all' }
  | { kind: 'dateArith'; op: 'plus' | 'minus' };

const OP_WORDS: ReadonlyMap<string, OpWord> = new Map<string, OpWord>([
  ...(
    [
      'eq',
      'ne',
      'startsWith',
      'notStartsWith',
      'endsWith',
      'notEndsWith',
      'contains',
      'notContains',
      'match',
      'notMatch',
      'in',
      'notIn',
      'ge',
      'le',
    ] as const
  ).map((op): [string, OpWord] => [op.toLowerCase(), { kind: 'compare', op }]),
  ['and', { kind: 'logical', op: 'and' }],
  ['or', { kind: 'logical', op: 'or' }],
  ['not', { kind: 'logical', op: 'not' }],
  ['any', { kind: 'quantifier', op: 'any' }],
  ['all', { kind: 'quantifier', op: 'all' }],
  ['plus', { kind: 'dateArith', op: 'plus' }],
  ['minus', { kind: 'dateArith', op: 'minus' }],
]);

/** Operators from other languages that people type, and what to write instead. */
const FOREIGN_OPS: Readonly<Record<string, string>> = {
  '==': '-eq',
  '=': '-eq',
  '!=': '-ne',
  '<>': '-ne',
  '&&': '-and',
  '||': '-or',
  '!': '-not',
  '>=': '-ge',
  '<=': '-le',
  '-gt': '-ge (there is no -gt; -ge and -le apply to employeeHireDate only)',
  '-lt': '-le (there is no -lt; -ge and -le apply to employeeHireDate only)',
  'gt': '-ge (there is no -gt)',
  'lt': '-le (there is no -lt)',
  '>': '-ge (there is no -gt)',
  '<': '-le (there is no -lt)',
  '-like': '-match with a regular expression, or -startsWith/-endsWith/-contains',
  'like': '-match with a regular expression, or -startsWith/-endsWith/-contains',
  '-notlike': '-notMatch',
  '-ieq': '-eq (comparisons are always case-insensitive)',
  '-ceq': '-eq (comparisons are always case-insensitive; there is no case-sensitive form)',
};

/** An operator keyword written with or without the hyphen, in any case (rules.md §1.1). */
export const classifyOpWord = (word: string): OpWord | undefined => {
  const bare = word.startsWith('-') ? word.slice(1) : word;
  return OP_WORDS.get(bare.toLowerCase());
};


const STRING_OPS: ReadonlySet<CompareOp> = new Set<CompareOp>([
  'eq',
  'ne',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'contains',
  'notContains',
  'match',
  'notMatch',
  'in',
  'notIn',
]);

/** rules.md §10b: CA device filters have no -match, -ge, -le. */
const DEVICE_FILTER_OPS: ReadonlySet<CompareOp> = new Set<CompareOp>([
  'eq',
  'ne',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'contains',
  'notContains',
  'in',
  'notIn',
]);

type Scope = ElementOperand['collection'];

const ASSIGNED_PLAN_FIELDS: ReadonlyMap<string, 'servicePlanId' | 'service' | 'capabilityStatus'> = new Map([
  ['serviceplanid', 'servicePlanId'],
  ['service', 'service'],
  ['capabilitystatus', 'capabilityStatus'],
]);

class Parser {
  private pos = 0;
  private depth = 0;
  private scope: Scope | null = null;
  private objectType: ObjectType | null = null;
  private readonly tokens: Token[];
  private readonly prefix: string;

  constructor(
    private readonly text: string,
    private readonly dialect: RuleDialect,
    private readonly opts: LookupOptions,
  ) {
    this.prefix = dialect === 'deviceFilter' ? 'Device filter rule validation error:' : 'Dynamic membership rule validation error:';
    this.tokens = tokenize(text, this.prefix);
  }

  fail(reason: RuleErrorReason, problem: string, offset: number, hint?: string): never {
    throw new RuleSyntaxError(reason, problem, this.text, offset, { hint, prefix: this.prefix });
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'the end of the rule';
    if (t.kind === 'string') return `the string ${JSON.stringify(t.value)}`;
    return `'${t.value.length > 40 ? t.value.slice(0, 40) + '…' : t.value}'`;
  }

  private isOp(t: Token, kind: OpWord['kind'], op?: string): boolean {
    if (t.kind !== 'word') return false;
    const w = classifyOpWord(t.value);
    return !!w && w.kind === kind && (op === undefined || w.op === op);
  }

  /** rules.md §2.1: operator keywords need whitespace around them (`-eq"Sales"` is an error). */
  private checkSpacing(opTok: Token): void {
    const prev = this.tokens[this.pos - 2];
    if (prev && prev.end === opTok.start && (prev.kind === 'string' || prev.kind === 'word')) {
      this.fail('binaryExpressionFormat', `Missing space before ${opTok.value}`, opTok.start, 'Put spaces around operators: user.department -eq "Sales".');
    }
    const after = this.peek();
    if (!after.spaceBefore && (after.kind === 'string' || after.kind === 'word')) {
      this.fail('binaryExpressionFormat', `Missing space after ${opTok.value}`, after.start, 'Put spaces around operators: user.department -eq "Sales".');
    }
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING) {
      this.fail('queryCompilation', `Expressions are nested more than ${MAX_NESTING} levels deep`, at, 'Remove redundant parentheses or -not.');
    }
  }

  parseRule(): Rule {
    const first = this.peek();
    if (first.kind === 'eof') this.fail('queryCompilation', 'The rule is empty', 0, 'Write a rule such as user.department -eq "Sales".');
    if (first.kind === 'word' && first.value.toLowerCase() === 'direct') return this.parseDirectReports();
    const root = this.parseOr();
    const end = this.peek();
    if (end.kind !== 'eof') this.failUnexpectedAfterExpression(end);
    if (!this.objectType) this.fail('noObjectType', 'The rule names no user. or device. property', 0);
    return this.finish(root);
  }

  private failUnexpectedAfterExpression(t: Token, inParens = false): never {
    if (t.kind === 'rparen') this.fail('queryCompilation', 'This ) has no matching (', t.start);
    if (t.kind === 'word' && classifyOpWord(t.value)?.kind === 'compare') {
      this.fail('queryCompilation', `Unexpected ${t.value} here: a comparison has one operator`, t.start);
    }
    if (t.kind === 'word' && t.value.toLowerCase() === 'direct') this.failDirectReportsCombined(t);
    const close = inParens ? ', -or or )' : ' or -or';
    this.fail(
      'queryCompilation',
      `Expected -and${close} before ${this.describe(t)}`,
      t.start,
      'Join expressions with -and or -or: (a) -and (b).',
    );
  }

  private failDirectReportsCombined(t: Token): never {
    this.fail(
      'queryCompilation',
      'Direct Reports for "<id>" must be the whole rule; it can\'t be combined with other expressions',
      t.start,
    );
  }

  // rules.md §5.1
  private parseDirectReports(): Rule {
    const words = ['direct', 'reports', 'for'];
    const start = this.peek().start;
    for (const w of words) {
      const t = this.next();
      if (t.kind !== 'word' || t.value.toLowerCase() !== w) {
        this.fail('queryCompilation', `Expected '${w[0]!.toUpperCase()}${w.slice(1)}' in Direct Reports for "<manager object id>", found ${this.describe(t)}`, t.start);
      }
    }
    const idTok = this.next();
    if (idTok.kind !== 'string') {
      this.fail('queryCompilation', `Expected the manager's object id in quotes after Direct Reports for, found ${this.describe(idTok)}`, idTok.start);
    }
    const id = idTok.value.trim();
    if (!isGuid(id)) {
      this.fail('valueNotApplicable', `Direct Reports for needs the manager's object id (a GUID), not ${JSON.stringify(idTok.value)}`, idTok.start, 'Look the id up with: tenantctl user show <manager>.');
    }
    const rest = this.peek();
    if (rest.kind !== 'eof') this.failDirectReportsCombined(rest);
    return {
      kind: 'directReports',
      text: this.text,
      dialect: this.dialect,
      objectType: 'user',
      managerId: id.toLowerCase(),
      span: { start, end: idTok.end },
    };
  }

  private parseOr(): Expr {
    return this.parseChain('or', () => this.parseAnd());
  }

  private parseAnd(): Expr {
    return this.parseChain('and', () => this.parseUnary());
  }

  /** operand (OP operand)*, flattened into one n-ary node (precedence comes from the callers' nesting). */
  private parseChain(op: 'and' | 'or', operand: () => Expr): Expr {
    const first = operand();
    if (!this.isOp(this.peek(), 'logical', op)) return first;
    const operands = [first];
    while (this.isOp(this.peek(), 'logical', op)) {
      this.next();
      this.checkSpacing(this.tokens[this.pos - 1]!);
      operands.push(operand());
    }
    const span = { start: first.outer.start, end: operands[operands.length - 1]!.outer.end };
    return { kind: op, operands, span, outer: span };
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (this.isOp(t, 'logical', 'not')) {
      this.next();
      this.enter(t.start);
      const operand = this.parseUnary();
      this.depth--;
      const span = { start: t.start, end: operand.outer.end };
      return { kind: 'not', operand, span, outer: span };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      this.enter(t.start);
      if (this.peek().kind === 'rparen') this.fail('queryCompilation', 'Empty parentheses', t.start);
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== 'rparen') {
        if (close.kind === 'eof') this.fail('queryCompilation', 'This ( is never closed', t.start, 'Add the missing ).');
        this.failUnexpectedAfterExpression(close, true);
      }
      this.next();
      this.depth--;
      return { ...inner, outer: { start: t.start, end: close.end } };
    }
    if (t.kind === 'word') {
      if (classifyOpWord(t.value)) {
        this.fail('queryCompilation', `Expected an expression such as user.department -eq "Sales", found the operator ${t.value}`, t.start);
      }
      if (t.value.toLowerCase() === 'direct' && this.peek(1).kind === 'word' && this.peek(1).value.toLowerCase() === 'reports') {
        this.failDirectReportsCombined(t);
      }
      return this.parsePredicate();
    }
    if (t.kind === 'eof') {
      const prev = this.tokens[this.pos - 1];
      this.fail('queryCompilation', `The rule ends where an expression was expected${prev ? ` after ${prev.value}` : ''}`, t.start);
    }
    if (t.kind === 'string') {
      this.fail('queryCompilation', `Expected a property such as user.department, found ${this.describe(t)}`, t.start, 'Write the property on the left: user.department -eq "Sales".');
    }
    this.fail('queryCompilation', `Expected an expression, found ${this.describe(t)}`, t.start);
  }

  private parsePredicate(): Expr {
    const propTok = this.next();
    const left = this.resolveOperand(propTok);
    const opTok = this.peek();
    if (opTok.kind !== 'word') {
      if (opTok.kind === 'string' && !opTok.spaceBefore) {
        this.fail('binaryExpressionFormat', `Missing operator and spaces between ${propTok.value} and the value`, opTok.start);
      }
      this.fail('queryCompilation', `Expected an operator such as -eq after ${propTok.value}, found ${this.describe(opTok)}`, opTok.start);
    }
    const w = classifyOpWord(opTok.value);
    if (!w) {
      const suggestion = FOREIGN_OPS[opTok.value.toLowerCase()];
      this.fail(
        'queryCompilation',
        `Unknown operator ${opTok.value}`,
        opTok.start,
        suggestion
          ? `Write ${suggestion}.`
          : 'Operators: -eq -ne -startsWith -notStartsWith -endsWith -notEndsWith -contains -notContains -match -notMatch -in -notIn -ge -le -any -all.',
      );
    }
    this.next();
    if (w.kind === 'logical') {
      if (w.op === 'not') {
        this.fail(
          'invalidOperands',
          `-not is not a comparison operator (operator ${opTok.value} after ${propTok.value})`,
          opTok.start,
          `To test for a value, write ${propTok.value} -ne null; to negate an expression, put -not in front of it.`,
        );
      }
      this.fail('queryCompilation', `Expected a comparison after ${propTok.value}, found ${opTok.value}`, opTok.start);
    }
    if (w.kind === 'dateArith') {
      this.fail('queryCompilation', `${opTok.value} can only follow system.now`, opTok.start);
    }
    this.checkSpacing(opTok);
    if (w.kind === 'quantifier') return this.parseQuantifier(left, w.op, opTok);
    const right = this.parseRight(w.op, opTok);
    const checked = this.checkCompare(left, w.op, right, opTok);
    const span = { start: propTok.start, end: right.span.end };
    const expr: CompareExpr = { kind: 'compare', op: w.op, left, right: checked, span, outer: span };
    return expr;
  }

  private resolveOperand(t: Token): Operand {
    const word = t.value;
    const lower = word.toLowerCase();
    const span: Span = { start: t.start, end: t.end };
    // `user.department-eq"Sales"` lexes as one word: name the missing space (rules.md §2.1).
    const hyphen = word.indexOf('-', 1);
    if (hyphen > 0) {
      const rest = /^-[A-Za-z]+/.exec(word.slice(hyphen));
      if (rest && classifyOpWord(rest[0])) {
        this.fail('binaryExpressionFormat', `Missing space before ${rest[0]}`, t.start + hyphen, 'Put spaces around operators: user.department -eq "Sales".');
      }
    }
    const dot = word.indexOf('.');
    const head = dot < 0 ? lower : lower.slice(0, dot);
    const tail = dot < 0 ? '' : word.slice(dot + 1);
    const isElement = lower === '_' || head === 'assignedplan' || (head === 'group' && dot > 0);
    if (this.scope) {
      if (lower === '_' && this.scope === 'strings') return { kind: 'element', collection: 'strings', field: null, written: word, span };
      if (head === 'assignedplan' && this.scope === 'assignedPlans') {
        const field = ASSIGNED_PLAN_FIELDS.get(tail.toLowerCase());
        if (!field) {
          this.fail('attributeNotSupported', `assignedPlan has no field ${tail || '(empty)'}`, t.start, 'Fields: assignedPlan.servicePlanId, assignedPlan.service, assignedPlan.capabilityStatus.');
        }
        return { kind: 'element', collection: 'assignedPlans', field, written: word, span };
      }
      if (head === 'group' && this.scope === 'memberOf') {
        if (tail.toLowerCase() !== 'objectid') this.fail('attributeNotSupported', `Only group.objectId can be used inside memberOf, not ${word}`, t.start);
        return { kind: 'element', collection: 'memberOf', field: null, written: word, span };
      }
      const expected =
        this.scope === 'strings' ? '_ (the current value)' : this.scope === 'assignedPlans' ? 'assignedPlan.<field>' : 'group.objectId';
      this.fail('invalidOperands', `Inside this -any/-all only ${expected} can be used, not ${word}`, t.start);
    }
    if (isElement) {
      this.fail('invalidOperands', `${word} can only be used inside -any (...) or -all (...)`, t.start, 'For example: user.proxyAddresses -any (_ -startsWith "smtp:").');
    }
    if (dot < 0) {
      const guess = dialectObjectTypes(this.dialect).map((o) => `${o}.${word}`).join(' or ');
      this.fail('noObjectType', `${word} has no object prefix`, t.start, `Write ${guess}.`);
    }
    if (head === 'system') {
      this.fail('queryCompilation', `${word} can only be used as a value on the right of -eq, -ge or -le`, t.start);
    }
    if (head !== 'user' && head !== 'device') {
      this.fail('noObjectType', `${word.slice(0, dot)} is not an object type`, t.start, `Properties start with ${dialectObjectTypes(this.dialect).map((o) => o + '.').join(' or ')}`);
    }
    const objectType: ObjectType = head;
    if (!dialectObjectTypes(this.dialect).includes(objectType)) {
      this.fail('invalidObjectType', `A device filter can only use device. properties, not ${word}`, t.start);
    }
    const found = lookupRuleProperty(this.dialect, objectType, tail, this.opts);
    if (!found.ok) {
      this.fail('attributeNotSupported', `${word} is not a supported ${objectType} property`, t.start + dot + 1, found.hint);
    }
    if (this.objectType && this.objectType !== objectType) {
      this.fail(
        'invalidObjectType',
        `The rule mixes ${this.objectType}. and ${objectType}. properties; a rule selects either users or devices`,
        t.start,
      );
    }
    this.objectType = objectType;
    const operand: PropertyOperand = { kind: 'property', objectType, written: word, def: found.def, span };
    return operand;
  }

  private parseQuantifier(left: Operand, quantifier: 'any' | 'all', opTok: Token): QuantifierExpr {
    const opName = `-${quantifier}`;
    if (this.dialect === 'deviceFilter') {
      this.fail('operatorNotSupported', `${opTok.value} is not available in device filters`, opTok.start);
    }
    if (left.kind !== 'property') {
      this.fail('invalidOperands', `${opTok.value} can't be nested inside another -any/-all`, opTok.start);
    }
    const type = left.def.type;
    if (type !== 'stringCollection' && type !== 'objectCollection') {
      this.fail(
        'invalidOperands',
        `${opName} needs a multi-valued property, and ${left.written} holds a single ${type} value`,
        opTok.start,
        'Compare it directly instead, e.g. user.department -eq "Sales".',
      );
    }
    const scope: Scope = left.def.source === 'assignedPlans' ? 'assignedPlans' : left.def.source === 'memberOf' ? 'memberOf' : 'strings';
    const saved = this.scope;
    this.scope = scope;
    this.enter(opTok.start);
    let predicate: Expr;
    const open = this.peek();
    if (open.kind === 'lparen') {
      predicate = this.parsePrimary();
    } else if (open.kind === 'word' && !classifyOpWord(open.value)) {
      // The unparenthesised documented form `-any _ -eq "x"` applies to the one comparison that
      // follows (rules.md §3.3); we normalise it to the parenthesised form.
      predicate = this.parsePredicate();
    } else {
      this.fail('invalidOperands', `Expected (condition) after ${opTok.value}, found ${this.describe(open)}`, open.start, `For example: ${left.written} ${opName} (_ -eq "value").`);
    }
    this.depth--;
    this.scope = saved;
    const span = { start: left.span.start, end: predicate.outer.end };
    return { kind: 'quantifier', quantifier, collection: left, predicate, span, outer: span };
  }

  private parseRight(op: CompareOp, opTok: Token): Literal {
    const t = this.peek();
    if (op === 'in' || op === 'notIn') {
      if (t.kind !== 'lbracket') {
        this.fail('valueNotApplicable', `${opTok.value} needs a list in brackets, found ${this.describe(t)}`, t.start, `Write ${opTok.value} ["a", "b"].`);
      }
      this.next();
      const items: ScalarLiteral[] = [];
      if (this.peek().kind === 'rbracket') this.fail('queryCompilation', 'The list is empty', t.start);
      for (;;) {
        items.push(this.parseScalar(opTok));
        const sep = this.next();
        if (sep.kind === 'rbracket') return { kind: 'list', items, span: { start: t.start, end: sep.end } };
        if (sep.kind !== 'comma') {
          if (sep.kind === 'eof') this.fail('queryCompilation', 'This [ is never closed', t.start, 'Add the missing ].');
          this.fail('queryCompilation', `Expected , or ] in the list, found ${this.describe(sep)}`, sep.start);
        }
      }
    }
    if (t.kind === 'lbracket') {
      this.fail('valueNotApplicable', `A list [...] can only follow -in or -notIn, not ${opTok.value}`, t.start, op === 'eq' ? 'Use -in ["a", "b"].' : 'Join several comparisons with -or.');
    }
    return this.parseScalar(opTok);
  }

  private parseScalar(opTok: Token): ScalarLiteral {
    const t = this.next();
    const span = { start: t.start, end: t.end };
    if (t.kind === 'string') return { kind: 'string', value: t.value, span };
    if (t.kind !== 'word') {
      this.fail('queryCompilation', `Expected a value after ${opTok.value}, found ${this.describe(t)}`, t.start);
    }
    const lower = t.value.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', span };
    if (lower === 'null' || lower === '$null') return { kind: 'null', span };
    if (lower === 'system.now') {
      const arith = this.peek();
      if (this.isOp(arith, 'dateArith')) {
        this.next();
        this.checkSpacing(arith);
        const durTok = this.next();
        const dur = durTok.kind === 'word' ? parseIsoDuration(durTok.value) : null;
        if (!dur) {
          this.fail('queryCompilation', `Expected an ISO 8601 duration such as P30D after ${arith.value}, found ${this.describe(durTok)}`, durTok.start, 'Durations: P1D (a day), P30D, PT12H, P1Y.');
        }
        const sign = classifyOpWord(arith.value)!.op === 'plus' ? 1 : -1;
        return { kind: 'now', sign, offset: dur, span: { start: t.start, end: durTok.end } };
      }
      return { kind: 'now', sign: 1, offset: null, span };
    }
    if (NUMBER.test(t.value)) return { kind: 'number', raw: t.value, span };
    if (/^\d{4}-/.test(t.value)) {
      const iso = parseIsoDateTime(t.value);
      if (!iso) this.fail('queryCompilation', `${t.value} is not a valid ISO 8601 date-time`, t.start, 'For example 2024-06-10T18:13:20Z.');
      return { kind: 'datetime', raw: t.value, iso, span };
    }
    if (classifyOpWord(t.value)) {
      this.fail('queryCompilation', `Expected a value after ${opTok.value}, found the operator ${t.value}`, t.start);
    }
    if (/^(user|device)\./i.test(t.value)) {
      this.fail('queryCompilation', `The right side of ${opTok.value} must be a value, not the property ${t.value}`, t.start, 'Rules compare a property with constants only.');
    }
    this.fail('noObjectType', `Unquoted value ${t.value}`, t.start, `Put strings in double quotes: "${t.value}".`);
  }

  /** rules.md §6.3: which operators and values each type of property takes. */
  private checkCompare(left: Operand, op: CompareOp, right: Literal, opTok: Token): Literal {
    const type = left.kind === 'element' ? 'string' : left.def.type;
    const name = left.kind === 'element' ? left.written : left.written;
    const items = right.kind === 'list' ? right.items : [right];
    if (this.dialect === 'deviceFilter' && !DEVICE_FILTER_OPS.has(op)) {
      this.fail('operatorNotSupported', `${opTok.value} is not available in device filters`, opTok.start);
    }
    switch (type) {
      case 'objectCollection':
        this.fail('operatorNotSupported', `${name} is a collection of objects and takes only -any or -all, not ${opTok.value}`, opTok.start, `For example: ${name} -any (assignedPlan.capabilityStatus -eq "Enabled").`);
      case 'boolean': {
        if (op !== 'eq' && op !== 'ne') {
          this.fail('operatorNotSupported', `${name} is boolean and takes only -eq or -ne, not ${opTok.value}`, opTok.start);
        }
        const v = items[0]!;
        if (v.kind === 'boolean' || v.kind === 'null') return right;
        if (v.kind === 'string' && /^(true|false)$/i.test(v.value)) {
          // CA device filters document isCompliant -eq "True" (rules.md §10b); dynamic groups fail
          // on a quoted boolean with this odd message (DM-2017, rules.md §2.4).
          if (this.dialect === 'deviceFilter') return { kind: 'boolean', value: v.value.toLowerCase() === 'true', span: v.span };
          this.fail('unknownError', `${name} is boolean: write ${v.value.toLowerCase()} without quotes`, v.span.start);
        }
        this.fail('valueNotApplicable', `${name} is boolean and takes true, false or null, not ${this.literalText(v)}`, v.span.start);
      }
      case 'datetime': {
        if (op !== 'eq' && op !== 'ge' && op !== 'le') {
          this.fail('operatorNotSupported', `${name} is a date-time and takes only -eq, -ge or -le, not ${opTok.value}`, opTok.start, op === 'ne' ? `Write -not (${name} -eq <date>).` : undefined);
        }
        const v = items[0]!;
        if (v.kind === 'datetime' || v.kind === 'now') return right;
        if (v.kind === 'null') {
          if (op !== 'eq') this.fail('valueNotApplicable', `null can only be compared with -eq or -ne`, v.span.start);
          return right;
        }
        if (v.kind === 'string') {
          const iso = parseIsoDateTime(v.value.trim());
          if (iso) return { kind: 'datetime', raw: v.value, iso, span: v.span };
        }
        this.fail('valueNotApplicable', `${name} is a date-time and takes an ISO 8601 date-time or system.now, not ${this.literalText(v)}`, v.span.start, 'For example 2024-06-10T00:00:00Z or system.now -minus P30D.');
      }
      case 'string':
      case 'stringCollection': {
        if (!STRING_OPS.has(op)) {
          this.fail('operatorNotSupported', `${opTok.value} applies only to date-time properties (employeeHireDate), not to ${name}`, opTok.start);
        }
        for (const v of items) {
          if (v.kind === 'string' || v.kind === 'number' || v.kind === 'datetime') continue;
          if (v.kind === 'null' && (op === 'eq' || op === 'ne')) continue;
          if (v.kind === 'null') this.fail('valueNotApplicable', `null can only be compared with -eq or -ne, not ${opTok.value}`, v.span.start);
          this.fail('valueNotApplicable', `${name} holds text and can't be compared with ${this.literalText(v)}`, v.span.start, v.kind === 'boolean' ? `Quote it if you mean the text: "${v.value}".` : undefined);
        }
        if (op === 'match' || op === 'notMatch') {
          const v = items[0]!;
          const pattern = v.kind === 'string' ? v.value : v.kind === 'null' ? null : this.literalText(v);
          if (pattern === null) this.fail('valueNotApplicable', `${opTok.value} needs a regular expression, not null`, v.span.start);
          const err = regexError(pattern);
          if (err) {
            this.fail('queryCompilation', `Invalid regular expression ${JSON.stringify(pattern)}: ${err}`, v.span.start, pattern.startsWith('*') ? `A regex can't start with *; write ".${pattern}" or use -endsWith.` : undefined);
          }
        }
        return right;
      }
    }
  }

  private literalText(v: ScalarLiteral): string {
    return this.text.slice(v.span.start, v.span.end);
  }

  private finish(root: Expr): Rule {
    const memberOf = findMemberOf(root);
    if (memberOf) {
      const unwrapped = root;
      const ok = unwrapped.kind === 'quantifier' && unwrapped === memberOf;
      if (!ok) {
        this.fail(
          'queryCompilation',
          `${memberOf.collection.written} can't be combined with other expressions or operators; it must be the whole rule`,
          memberOf.span.start,
          'Create one group with the memberOf rule and filter further in another rule or by hand.',
        );
      }
      const pred = memberOf.predicate;
      if (memberOf.quantifier !== 'any' || pred.kind !== 'compare' || pred.op !== 'in' || pred.right.kind !== 'list') {
        this.fail(
          'queryCompilation',
          `memberOf takes exactly one form: ${memberOf.collection.written} -any (group.objectId -in ['<id>', ...])`,
          memberOf.quantifier !== 'any' ? memberOf.collection.span.end + 1 : pred.span.start,
        );
      }
      const ids: string[] = [];
      for (const item of pred.right.items) {
        const raw = item.kind === 'string' ? item.value.trim() : this.literalText(item);
        if (!isGuid(raw)) this.fail('valueNotApplicable', `memberOf lists group object ids (GUIDs), not ${this.literalText(item)}`, item.span.start);
        const id = raw.toLowerCase();
        if (!ids.includes(id)) ids.push(id);
        if (ids.length > MAX_MEMBER_OF_GROUPS) {
          this.fail('memberOfLimit', `A memberOf rule can name at most ${MAX_MEMBER_OF_GROUPS} groups`, item.span.start);
        }
      }
      return { kind: 'memberOf', text: this.text, dialect: this.dialect, objectType: this.objectType!, groupIds: ids, root: memberOf };
    }
    return { kind: 'expression', text: this.text, dialect: this.dialect, objectType: this.objectType!, root };
  }
}

const findMemberOf = (e: Expr): QuantifierExpr | null => {
  switch (e.kind) {
    case 'quantifier':
      return e.collection.def.source === 'memberOf' ? e : null;
    case 'not':
      return findMemberOf(e.operand);
    case 'and':
    case 'or':
      for (const o of e.operands) {
        const f = findMemberOf(o);
        if (f) return f;
      }
      return null;
    case 'compare':
      return null;
  }
};

/** Why JS can't compile `pattern` as a case-insensitive regex, or null if it can. */
export const regexError = (pattern: string): string | null => {
  try {
    new RegExp(pattern, 'i');
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // "Invalid regular expression: /*x/i: Nothing to repeat" -> "Nothing to repeat"
    const cut = msg.lastIndexOf(': ');
    return cut >= 0 ? msg.slice(cut + 2) : msg;
  }
};

/**
 * Parses and validates a rule. Throws RuleSyntaxError (a ValidationError) for anything Entra would
 * refuse; never throws anything else for any input string.
 */
export const parseRule = (text: string, options: ParseOptions = {}): Rule => {
  const dialect = options.dialect ?? 'membership';
  const prefix = dialect === 'deviceFilter' ? 'Device filter rule validation error:' : undefined;
  if (text.length > MAX_RULE_LENGTH) {
    throw new RuleSyntaxError('ruleTooLong', `The rule is ${text.length} characters long; the limit is 3,072`, text, MAX_RULE_LENGTH, {
      hint: 'Use -in [...] instead of chains of -or, and drop redundant parentheses.',
      prefix,
    });
  }
  return new Parser(text, dialect, options).parseRule();
};

/** rules.md §10 ex. 7: Microsoft 365 groups hold users only. */
export const assertRuleFitsGroup = (rule: Rule, group: { groupTypes: readonly string[] }): void => {
  if (rule.objectType === 'device' && group.groupTypes.includes('Unified')) {
    throw new RuleSyntaxError('invalidObjectType', 'A Microsoft 365 group holds only users, and this rule selects devices', rule.text, firstPropertyOffset(rule), {
      hint: 'Use a security group for devices.',
    });
  }
};

const firstPropertyOffset = (rule: Rule): number => {
  const m = /device\./i.exec(rule.text);
  return m ? m.index : 0;
};
