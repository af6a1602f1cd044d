// Differential test: the compiled closures (with their allocation-free case-insensitive fast
// paths) must agree with a naive interpreter that lowercases everything, on random valid rules.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { compileRule, parseRule } from '../../../src/core/rules/index.js';
import { ctxWith, makeUser } from './fixtures.js';

type Node =
  | { k: 'cmp'; prop: 'department' | 'city'; op: string; value: string | null }
  | { k: 'coll'; op: string; value: string }
  | { k: 'any' | 'all'; op: string; value: string }
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not'; a: Node };

const WORDS = ['sales', 'SALES', 'Sa', 'les', 'İstanbul', 'i̇stanbul', 'istanbul', 'ß', 'SS', 'Ünïcode', 'ünÏcode', '', 'a', 'contoso.com', 'SMTP:'];
const STR_OPS = ['eq', 'ne', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'contains', 'notContains', 'in', 'notIn'];

const node: fc.Arbitrary<Node> = fc.letrec<{ n: Node }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('cmp' as const), prop: fc.constantFrom('department' as const, 'city' as const), op: fc.constantFrom(...STR_OPS), value: fc.constantFrom(...WORDS) }),
    fc.record({ k: fc.constant('cmp' as const), prop: fc.constantFrom('department' as const, 'city' as const), op: fc.constantFrom('eq', 'ne'), value: fc.constant(null) }),
    fc.record({ k: fc.constant('coll' as const), op: fc.constantFrom(...STR_OPS), value: fc.constantFrom(...WORDS) }),
    fc.record({ k: fc.constantFrom('any' as const, 'all' as const), op: fc.constantFrom(...STR_OPS), value: fc.constantFrom(...WORDS) }),
    fc.record({ k: fc.constantFrom('and' as const, 'or' as const), a: tie('n'), b: tie('n') }),
    fc.record({ k: fc.constant('not' as const), a: tie('n') }),
  ),
})).n;

const lit = (op: string, v: string | null) => (v === null ? 'null' : op === 'in' || op === 'notIn' ? `["${v}", "zz"]` : `"${v}"`);
const render = (n: Node): string => {
  switch (n.k) {
    case 'cmp':
      return `user.${n.prop} -${n.op} ${lit(n.op, n.value)}`;
    case 'coll':
      return `user.proxyAddresses -${n.op} ${lit(n.op, n.value)}`;
    case 'any':
    case 'all':
      return `user.proxyAddresses -${n.k} (_ -${n.op} ${lit(n.op, n.value)})`;
    case 'and':
    case 'or':
      return `(${render(n.a)}) -${n.k} (${render(n.b)})`;
    case 'not':
      return `-not (${render(n.a)})`;
  }
};

const positive = (op: string, v: string, c: string): boolean => {
  const lv = v.toLowerCase();
  const lc = c.toLowerCase();
  switch (op.replace(/^not/, '').toLowerCase()) {
    case 'eq':
    case 'ne':
    case 'in':
      return lv === lc;
    case 'startswith':
      return lv.startsWith(lc);
    case 'endswith':
      return lv.endsWith(lc);
    case 'contains':
      return lv.includes(lc);
  }
  throw new Error(op);
};
const negated = (op: string) => op === 'ne' || op.startsWith('not');

const reference = (n: Node, u: { department: string | null; city: string | null; proxyAddresses: string[] }): boolean => {
  switch (n.k) {
    case 'cmp': {
      const v = u[n.prop];
      if (n.value === null) return (v === null) !== (n.op === 'ne');
      const pos = v !== null && positive(n.op, v, n.value);
      return negated(n.op) ? !pos : pos;
    }
    case 'coll': {
      const pos = u.proxyAddresses.some((v) => positive(n.op, v, n.value));
      return negated(n.op) ? !pos : pos;
    }
    case 'any':
    case 'all': {
      const test = (v: string) => (negated(n.op) ? !positive(n.op, v, n.value) : positive(n.op, v, n.value));
      return n.k === 'any' ? u.proxyAddresses.some(test) : u.proxyAddresses.every(test);
    }
    case 'and':
      return reference(n.a, u) && reference(n.b, u);
    case 'or':
      return reference(n.a, u) || reference(n.b, u);
    case 'not':
      return !reference(n.a, u);
  }
};

const value = fc.option(fc.constantFrom(...WORDS, 'Sales Europe', 'İSTANBUL', 'strasse', 'Straße', 'smtp:a@CONTOSO.com'), { nil: null });
const user = fc.record({ department: value, city: value, proxyAddresses: fc.array(fc.constantFrom(...WORDS, 'SMTP:a@contoso.com'), { maxLength: 3 }) });

it('compiled rules agree with a naive interpreter', () => {
  fc.assert(
    fc.property(node, fc.array(user, { minLength: 1, maxLength: 5 }), (n, users) => {
      const text = render(n);
      fc.pre(text.length <= 3072);
      const f = compileRule(parseRule(text));
      for (const u of users) {
        expect(f(makeUser({ ...u, department: u.department || null, city: u.city || null }), ctxWith())).toBe(
          reference(n, { ...u, department: u.department || null, city: u.city || null }),
        );
      }
    }),
    { numRuns: 3000 },
  );
});
