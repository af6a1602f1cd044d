// Every live user (or device) loaded once per command, for recomputing many groups at once
// (tenant reconcile recomputes all of them): the objects in id order, numbered, with per-property
// value indexes built on first use. Rules then work on ordinals (small integers) instead of ids,
// so candidates, results and the difference with the stored members need no string sets.
import type { Expr, Rule } from '../rules/ast.js';
import type { CandidateFilter } from '../rules/index.js';
import type { RuleObjectType, RuleSubjectRow } from './ports.js';

/** How many objects to look at before deciding that a property's values are mostly distinct. */
const DISTINCT_SAMPLE = 4096;

export class Population {
  /** Ordinal of each object id (the position in `subjects`). */
  private readonly ordinals = new Map<string, number>();
  /** Lowercased string value → ordinals, per property (candidate filters). */
  private readonly foldedIndexes = new Map<string, Map<string, number[]>>();
  /** Exact value → ordinals, per property (rules that read one property: one test per value). */
  private readonly exactIndexes = new Map<string, Map<unknown, number[]> | null>();

  /**
   * @param subjects live objects sorted by id (JS string order), holding at least `properties`.
   * @param properties the model properties loaded on each object.
   */
  constructor(
    readonly type: RuleObjectType,
    readonly subjects: readonly RuleSubjectRow[],
    readonly properties: ReadonlySet<string>,
  ) {
    for (let i = 0; i < subjects.length; i++) this.ordinals.set(subjects[i]!.id, i);
  }

  get size(): number {
    return this.subjects.length;
  }

  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(id);
  }

  /** Whether every property a rule reads was loaded. */
  covers(properties: Iterable<string>): boolean {
    for (const p of properties) if (!this.properties.has(p)) return false;
    return true;
  }

  /**
   * Ordinals (ascending) of the objects that satisfy an equality, -in or prefix filter on a plain
   * string property, from a case-folded index; undefined for filters it cannot answer (memberOf,
   * properties that are not strings or were not loaded).
   */
  candidates(filter: CandidateFilter): number[] | undefined {
    if (filter.property === 'memberOf' || !this.properties.has(filter.property)) return undefined;
    const index = this.foldedIndex(filter.property);
    if (!index) return undefined;
    const parts: number[][] = [];
    if (filter.op === 'prefix') {
      for (const [k, list] of index) if (filter.values.some((p) => k.startsWith(p))) parts.push(list);
    } else {
      for (const v of new Set(filter.values)) {
        const list = index.get(v);
        if (list) parts.push(list);
      }
    }
    // Each object sits in one bucket, so the union has no duplicates; buckets are ascending.
    if (parts.length === 1) return parts[0]!;
    const out = parts.flat();
    return out.sort((a, b) => a - b);
  }

  /**
   * For a rule whose result depends on one property's value alone: the ordinals (ascending) of
   * the objects it matches, testing one object per distinct value. Undefined when the rule reads
   * more than that, or when the property's values are nearly all distinct (no gain).
   */
  matchByValue(rule: Rule, test: (subject: RuleSubjectRow) => boolean): number[] | undefined {
    const property = singleValueProperty(rule);
    if (property === null || !this.properties.has(property)) return undefined;
    const index = this.exactIndex(property);
    if (!index) return undefined;
    const parts: number[][] = [];
    for (const list of index.values()) if (test(this.subjects[list[0]!]!)) parts.push(list);
    if (parts.length === 1) return parts[0]!;
    return parts.flat().sort((a, b) => a - b);
  }

  private foldedIndex(property: string): Map<string, number[]> | undefined {
    let index = this.foldedIndexes.get(property);
    if (index) return index;
    index = new Map();
    for (let i = 0; i < this.subjects.length; i++) {
      const v = this.subjects[i]![property];
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string') return undefined;
      const k = v.toLowerCase();
      const list = index.get(k);
      if (list) list.push(i);
      else index.set(k, [i]);
    }
    this.foldedIndexes.set(property, index);
    return index;
  }

  private exactIndex(property: string): Map<unknown, number[]> | null {
    let index = this.exactIndexes.get(property);
    if (index !== undefined) return index;
    index = new Map();
    for (let i = 0; i < this.subjects.length; i++) {
      const v = this.subjects[i]![property];
      // Only primitive values group (an array is a different key every time). Mostly distinct
      // values (mail, objectId): testing every object directly is as cheap, so give up early.
      if ((v !== null && typeof v === 'object') || (i === DISTINCT_SAMPLE && index.size * 2 > i)) {
        index = null;
        break;
      }
      const list = index.get(v);
      if (list) list.push(i);
      else index.set(v, [i]);
    }
    if (index && index.size * 2 > this.subjects.length) index = null;
    this.exactIndexes.set(property, index);
    return index;
  }
}

/**
 * The one model property a rule's result is a function of, or null: an expression whose every
 * comparison reads the same directly stored, single-valued property (no collections, no
 * assignedPlans/memberOf/directory extensions, which come from elsewhere).
 */
const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'boolean', 'datetime']);

export function singleValueProperty(rule: Rule): string | null {
  if (rule.kind !== 'expression') return null;
  let property: string | null = null;
  const visit = (e: Expr): boolean => {
    switch (e.kind) {
      case 'compare': {
        if (e.left.kind !== 'property' || e.left.def.source !== 'direct' || !SCALAR_TYPES.has(e.left.def.type)) return false;
        if (property !== null && property !== e.left.def.modelProperty) return false;
        property = e.left.def.modelProperty;
        return true;
      }
      case 'not':
        return visit(e.operand);
      case 'and':
      case 'or':
        return e.operands.every(visit);
      case 'quantifier':
        return false;
    }
  };
  return visit(rule.root) ? property : null;
}
