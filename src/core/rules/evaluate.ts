// Evaluation of a parsed rule against a user or device (rules.md §3, §4, §10).
// The AST is compiled once into nested closures with constants lowercased and regexes built, so
// that evaluating a rule is a few property reads and string comparisons: the reconcile engine
// runs every rule over every object.
//
// Semantics (rules.md §4, §11): no three-valued logic. A positive comparison (-eq "x",
// -startsWith, -endsWith, -contains, -match, -in) is false on null; every negated operator is the
// logical NOT of its positive form, so it is true on null. `-eq null` is true when unset.
// Strings compare case-insensitively; -contains is a substring test; -match is an unanchored
// case-insensitive JS regex. On a string collection a positive operator means "some element
// matches" and a negated one "no element matches the positive form" (§3.4 [UNDOCUMENTED]).
// -any on an empty collection is false, -all is vacuously true.

import type { Device } from '../model/device.js';
import type { User } from '../model/user.js';
import type { CompareExpr, CompareOp, ElementOperand, Expr, Operand, Rule, RuleDialect, ScalarLiteral } from './ast.js';
import { ciContains, ciEndsWith, ciEquals, ciStartsWith } from './ci.js';
import { shiftMs } from './literals.js';

/** The fields of a Graph assignedPlan a rule can read (rules.md §3.4). */
export interface RuleAssignedPlan {
  readonly servicePlanId: string;
  readonly service: string;
  readonly capabilityStatus: string;
}

export type RuleSubject = User | Device;

export interface EvalContext {
  /** ISO 8601 instant that system.now stands for. */
  readonly now: string;
  /** The user's assignedPlans (direct and group-based). Missing: no plans. */
  readonly assignedPlans?: (userId: string) => readonly RuleAssignedPlan[];
  /** Ids of the groups the object is a direct member of. Missing: none. */
  readonly memberOf?: (objectId: string) => readonly string[];
  /** Value of a directory extension property (extension_<appId>_<name>). Missing: read subject[name]. */
  readonly directoryExtension?: (objectId: string, name: string) => string | null | undefined;
}

export type CompiledRule = (subject: RuleSubject, ctx: EvalContext) => boolean;

/** Internal: subjects are read by property name; elements of -any/-all are strings or plans. */
type Subject = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Getter = (s: Subject, ctx: EvalContext) => unknown;
type Pred = (s: Subject, ctx: EvalContext) => boolean;

const NEGATED: Partial<Record<CompareOp, CompareOp>> = {
  ne: 'eq',
  notStartsWith: 'startsWith',
  notEndsWith: 'endsWith',
  notContains: 'contains',
  notMatch: 'match',
  notIn: 'in',
};

const regexCache = new Map<string, RegExp>();
/** Patterns were validated by the parser. Never global/sticky: test() must not keep state. */
const cachedRegex = (pattern: string): RegExp => {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'i');
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
};

/** The text a scalar literal stands for in a string comparison (numbers and dates as written). */
export const literalString = (v: ScalarLiteral): string | null => {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
    case 'datetime':
      return v.raw;
    case 'null':
      return null;
    case 'boolean':
      return v.value ? 'true' : 'false';
    case 'now':
      return null;
  }
};

const sipAddress = (proxyAddresses: unknown): string | null => {
  if (!Array.isArray(proxyAddresses)) return null;
  for (const a of proxyAddresses) {
    if (typeof a === 'string' && a.length > 4 && a.slice(0, 4).toLowerCase() === 'sip:') return a.slice(4);
  }
  return null;
};

const EMPTY: readonly never[] = [];

/** How to read an operand's value from the subject (or from the current element). */
export const operandGetter = (o: Operand): Getter => {
  if (o.kind === 'element') return elementGetter(o);
  const key = o.def.modelProperty;
  switch (o.def.source) {
    case 'direct':
      return (s) => s[key];
    case 'firstBusinessPhone':
      return (s) => {
        const phones = s.businessPhones;
        return Array.isArray(phones) && phones.length > 0 ? phones[0] : null;
      };
    case 'sipProxyAddress':
      return (s) => sipAddress(s.proxyAddresses);
    case 'assignedPlans':
      return (s, ctx) => (ctx.assignedPlans ? ctx.assignedPlans(s.id) : EMPTY);
    case 'memberOf':
      return (s, ctx) => (ctx.memberOf ? ctx.memberOf(s.id) : EMPTY);
    case 'directoryExtension':
      return (s, ctx) => {
        const v = ctx.directoryExtension ? ctx.directoryExtension(s.id, key) : s[key];
        return v ?? null;
      };
  }
};

const elementGetter = (o: ElementOperand): Getter => {
  const field = o.field;
  return field ? (e) => (e == null ? null : e[field]) : (e) => e;
};

const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : EMPTY);

/**
 * The positive form of a string operator, split in two: `onString` for a string value, and
 * `onNull` for the result when the value is null/unset (or not a string).
 */
interface StringTest {
  readonly onString: (v: string) => boolean;
  readonly onNull: boolean;
}

const NEVER = (): boolean => false;

const stringTest = (op: CompareOp, right: ScalarLiteral | readonly ScalarLiteral[], collectionEq: boolean): StringTest => {
  if (op === 'in') {
    const items = right as readonly ScalarLiteral[];
    const set = new Set<string>();
    let hasNull = false;
    for (const it of items) {
      const s = literalString(it);
      if (s === null) hasNull = true;
      else set.add(s.toLowerCase());
    }
    return { onString: (v) => set.has(v) || set.has(v.toLowerCase()), onNull: hasNull };
  }
  const raw = literalString(right as ScalarLiteral);
  if (op === 'match') {
    const re = cachedRegex(raw ?? '');
    return { onString: (v) => re.test(v), onNull: false };
  }
  if (raw === null) return { onString: NEVER, onNull: true }; // -eq null
  const c = raw.toLowerCase();
  switch (op) {
    case 'eq':
      return { onString: ciEquals(c), onNull: false };
    case 'startsWith':
      return { onString: ciStartsWith(c), onNull: false };
    case 'endsWith':
      return { onString: ciEndsWith(c), onNull: false };
    case 'contains':
      // CA device filters: -contains on a collection element means equality (rules.md §10b).
      return { onString: collectionEq ? ciEquals(c) : ciContains(c), onNull: false };
    default:
      throw new Error(`unreachable: string op ${op}`);
  }
};

/** Some element of a string collection passes `f`. */
const someString = (arr: unknown, f: (v: string) => boolean): boolean => {
  if (!Array.isArray(arr)) return false;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === 'string' && f(v)) return true;
  }
  return false;
};

const parsedDates = new Map<string, number>();
/** Stored date-times repeat across rules and runs; Date.parse showed up in profiles. */
const datetimeMs = (v: unknown): number => {
  if (typeof v !== 'string') return NaN;
  let ms = parsedDates.get(v);
  if (ms === undefined) {
    ms = Date.parse(v);
    if (parsedDates.size >= 200_000) parsedDates.clear();
    parsedDates.set(v, ms);
  }
  return ms;
};

/** Resolves a datetime literal against ctx.now, caching the last `now` seen. */
const thresholdOf = (v: ScalarLiteral): ((ctx: EvalContext) => number) => {
  if (v.kind === 'datetime') {
    const ms = Date.parse(v.iso);
    return () => ms;
  }
  if (v.kind === 'now') {
    let lastNow: string | null = null;
    let lastMs = NaN;
    return (ctx) => {
      if (ctx.now !== lastNow) {
        lastNow = ctx.now;
        lastMs = shiftMs(Date.parse(ctx.now), v.sign, v.offset);
      }
      return lastMs;
    };
  }
  return () => NaN;
};

const compileCompare = (e: CompareExpr, dialect: RuleDialect): Pred => {
  const get = operandGetter(e.left);
  const type = e.left.kind === 'element' ? 'string' : e.left.def.type;
  const positiveOp = NEGATED[e.op] ?? e.op;
  const negate = positiveOp !== e.op;
  const right = e.right.kind === 'list' ? e.right.items : e.right;

  if (type === 'boolean') {
    const v = e.right as ScalarLiteral;
    const want = v.kind === 'boolean' ? v.value : null;
    const test: Pred = want === null ? (s, c) => get(s, c) == null : (s, c) => get(s, c) === want;
    return negate ? (s, c) => !test(s, c) : test;
  }

  if (type === 'datetime') {
    const v = e.right as ScalarLiteral;
    if (v.kind === 'null') return (s, c) => get(s, c) == null;
    const th = thresholdOf(v);
    switch (positiveOp) {
      case 'ge':
        return (s, c) => datetimeMs(get(s, c)) >= th(c);
      case 'le':
        return (s, c) => datetimeMs(get(s, c)) <= th(c);
      default:
        return (s, c) => datetimeMs(get(s, c)) === th(c);
    }
  }

  if (type === 'stringCollection') {
    const isNullCompare = !Array.isArray(right) && (right as ScalarLiteral).kind === 'null';
    if (isNullCompare) {
      return negate ? (s, c) => asArray(get(s, c)).length !== 0 : (s, c) => asArray(get(s, c)).length === 0;
    }
    const f = stringTest(positiveOp, right, dialect === 'deviceFilter').onString;
    return negate ? (s, c) => !someString(get(s, c), f) : (s, c) => someString(get(s, c), f);
  }

  const { onString, onNull } = stringTest(positiveOp, right, false);
  // Direct properties are read inline: one closure call per comparison instead of three.
  if (e.left.kind === 'property' && e.left.def.source === 'direct') {
    const key = e.left.def.modelProperty;
    if (negate) {
      return (s) => {
        const v = s[key];
        return typeof v === 'string' ? !onString(v) : !(onNull && v == null);
      };
    }
    return (s) => {
      const v = s[key];
      return typeof v === 'string' ? onString(v) : onNull && v == null;
    };
  }
  if (negate) {
    return (s, c) => {
      const v = get(s, c);
      return typeof v === 'string' ? !onString(v) : !(onNull && v == null);
    };
  }
  return (s, c) => {
    const v = get(s, c);
    return typeof v === 'string' ? onString(v) : onNull && v == null;
  };
};

/** `-any (_ <op> <value>)`: test the strings directly rather than through an element closure. */
const simpleElementTest = (e: Expr): ((v: string) => boolean) | null => {
  if (e.kind !== 'compare' || e.left.kind !== 'element' || e.left.field !== null) return null;
  if (e.right.kind === 'null') return null;
  const positiveOp = NEGATED[e.op] ?? e.op;
  if (positiveOp !== e.op) return null;
  return stringTest(e.op, e.right.kind === 'list' ? e.right.items : e.right, false).onString;
};

export const compileExpr = (e: Expr, dialect: RuleDialect): Pred => {
  switch (e.kind) {
    case 'compare':
      return compileCompare(e, dialect);
    case 'not': {
      const p = compileExpr(e.operand, dialect);
      return (s, c) => !p(s, c);
    }
    case 'and': {
      const ps = e.operands.map((o) => compileExpr(o, dialect));
      if (ps.length === 2) {
        const [a, b] = ps as [Pred, Pred];
        return (s, c) => a(s, c) && b(s, c);
      }
      return (s, c) => {
        for (let i = 0; i < ps.length; i++) if (!ps[i]!(s, c)) return false;
        return true;
      };
    }
    case 'or': {
      const ps = e.operands.map((o) => compileExpr(o, dialect));
      if (ps.length === 2) {
        const [a, b] = ps as [Pred, Pred];
        return (s, c) => a(s, c) || b(s, c);
      }
      return (s, c) => {
        for (let i = 0; i < ps.length; i++) if (ps[i]!(s, c)) return true;
        return false;
      };
    }
    case 'quantifier': {
      const get = operandGetter(e.collection);
      const simple = simpleElementTest(e.predicate);
      if (simple && e.quantifier === 'any') return (s, c) => someString(get(s, c), simple);
      const p = compileExpr(e.predicate, dialect);
      if (e.quantifier === 'any') {
        return (s, c) => {
          const arr = asArray(get(s, c));
          for (let i = 0; i < arr.length; i++) if (p(arr[i], c)) return true;
          return false;
        };
      }
      return (s, c) => {
        const arr = asArray(get(s, c));
        for (let i = 0; i < arr.length; i++) if (!p(arr[i], c)) return false;
        return true;
      };
    }
  }
};

/**
 * Compiles a rule into a predicate. Compile once per rule and reuse it for every object: the
 * closure holds lowercased constants and built regexes. A user rule never matches a device and
 * vice versa; callers should pass only objects of rule.objectType.
 */
export const compileRule = (rule: Rule): CompiledRule => {
  switch (rule.kind) {
    case 'directReports': {
      const id = rule.managerId;
      return (s) => {
        const m = (s as Subject).managerId;
        return typeof m === 'string' && (m === id || m.toLowerCase() === id);
      };
    }
    case 'memberOf':
    case 'expression':
      return compileExpr(rule.root, rule.dialect);
  }
};

/** One-off evaluation. For many objects, use compileRule once and call the result. */
export const evaluateRule = (rule: Rule, subject: RuleSubject, ctx: EvalContext): boolean => compileRule(rule)(subject, ctx);
