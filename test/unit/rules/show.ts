import type { Expr, Literal, Rule } from '../../../src/core/rules/index.js';

const lit = (l: Literal): string => {
  switch (l.kind) {
    case 'string':
      return JSON.stringify(l.value);
    case 'number':
      return `#${l.raw}`;
    case 'boolean':
      return String(l.value);
    case 'null':
      return 'null';
    case 'datetime':
      return `@${l.iso}`;
    case 'now':
      return l.offset ? `now${l.sign > 0 ? '+' : '-'}${l.offset.raw}` : 'now';
    case 'list':
      return `[${l.items.map(lit).join(' ')}]`;
  }
};

/** A compact S-expression of the AST, for assertions. Properties show their canonical rule name. */
export const show = (e: Expr): string => {
  switch (e.kind) {
    case 'compare':
      return `(${e.op} ${e.left.kind === 'property' ? e.left.def.name : e.left.written} ${lit(e.right)})`;
    case 'and':
    case 'or':
      return `(${e.kind} ${e.operands.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'quantifier':
      return `(${e.quantifier} ${e.collection.def.name} ${show(e.predicate)})`;
  }
};

export const showRule = (r: Rule): string =>
  r.kind === 'directReports' ? `(directReports ${r.managerId})` : show(r.root);
