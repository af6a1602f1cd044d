// Filter for devices (conditional-access.md §2.8, E12). The rule uses the dynamic-membership rule
// syntax (rules.md). The evaluator only needs the interface `DeviceFilterMatcher`; the small parser
// below implements the subset CA filters use so the CA core is testable on its own. The lead can
// swap in the shared rule-language engine by passing another matcher to evaluateSignIn.
//
// Subset: `device.<property> <op> <value>` with -eq -ne -startsWith -notStartsWith -endsWith
// -notEndsWith -contains -notContains -in -notIn (-match/-notMatch too), combined with -and, -or,
// -not and parentheses. Operators, property names and string comparison are case-insensitive
// (rules.md §2.2). Null semantics (rules.md §4, L-devfilter): positive operators are false on a
// null property, negative operators are their NOT, so true on null; an unregistered device has
// every property null. On collections (physicalIds, systemLabels) -contains means "has an element
// equal to" (§2.8 / rules.md §10b), on strings it is a substring test.

/** Device attributes by their Graph names (§2.8 table); null/undefined = not set. */
export type DeviceFilterProps = Readonly<Record<string, string | boolean | readonly string[] | null | undefined>>;

/** `device === null` means an unregistered device. */
export type DeviceFilterMatcher = (rule: string, device: DeviceFilterProps | null) => boolean;

/** Max rule length (L-devfilter). */
export const MAX_FILTER_RULE_LENGTH = 3072;

/** Properties the CA device filter knows (§2.8 table). */
export const DEVICE_FILTER_PROPERTIES = [
  'deviceId', 'displayName', 'deviceOwnership', 'enrollmentProfileName', 'isCompliant', 'manufacturer',
  'mdmAppId', 'model', 'operatingSystem', 'operatingSystemVersion', 'physicalIds', 'profileType',
  'systemLabels', 'trustType',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
] as const;

type Value = string | boolean | null | string[];
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; expr: Node }
  | { kind: 'cmp'; property: string; op: string; value: Value };

const OPERATORS = [
  'eq', 'ne', 'startswith', 'notstartswith', 'endswith', 'notendswith', 'contains', 'notcontains',
  'in', 'notin', 'match', 'notmatch',
];
const NEGATIVE: Record<string, string> = {
  ne: 'eq', notstartswith: 'startswith', notendswith: 'endswith', notcontains: 'contains', notin: 'in', notmatch: 'match',
};

export class DeviceFilterSyntaxError extends Error {}

type Tok = { t: 'op' | 'word' | 'str' | '(' | ')' | '[' | ']' | ','; v: string; at: number };

function tokenize(rule: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if ('()[],'.includes(c)) { out.push({ t: c as Tok['t'], v: c, at: i }); i++; continue; }
    if (c === '"' || c === "'") {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= rule.length) throw new DeviceFilterSyntaxError(`unterminated string starting at position ${i + 1}`);
        const d = rule[j]!;
        if (c === '"' && d === '`' && j + 1 < rule.length) { s += rule[j + 1]; j += 2; continue; }
        if (d === c) {
          if (rule[j + 1] === c) { s += c; j += 2; continue; }
          break;
        }
        s += d;
        j++;
      }
      out.push({ t: 'str', v: s, at: i });
      i = j + 1;
      continue;
    }
    if (c === '-' && /[A-Za-z]/.test(rule[i + 1] ?? '')) {
      let j = i + 1;
      while (j < rule.length && /[A-Za-z]/.test(rule[j]!)) j++;
      out.push({ t: 'op', v: rule.slice(i + 1, j).toLowerCase(), at: i });
      i = j;
      continue;
    }
    if (/[A-Za-z0-9_$.]/.test(c)) {
      let j = i;
      while (j < rule.length && /[A-Za-z0-9_$.]/.test(rule[j]!)) j++;
      out.push({ t: 'word', v: rule.slice(i, j), at: i });
      i = j;
      continue;
    }
    throw new DeviceFilterSyntaxError(`unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
  }
  return out;
}

/** Parses a device filter rule; throws DeviceFilterSyntaxError with a one-line message. */
export function parseDeviceFilter(rule: string): Node {
  return parseFilter(rule, 'device');
}

/**
 * `device`: CA device filter. `customSecurityAttribute`: the application / service-principal filter
 * (§2.2, L-appfilter), whose properties are `CustomSecurityAttribute.<Set>_<Attribute>` (string only).
 */
export type FilterDialect = 'device' | 'customSecurityAttribute';

export function parseFilter(rule: string, dialect: FilterDialect): Node {
  if (rule.length > MAX_FILTER_RULE_LENGTH)
    throw new DeviceFilterSyntaxError(`the rule is ${rule.length} characters; the limit is ${MAX_FILTER_RULE_LENGTH}`);
  const toks = tokenize(rule);
  let p = 0;
  const peek = () => toks[p];
  const fail = (what: string): never => {
    const t = peek();
    throw new DeviceFilterSyntaxError(t ? `${what} at position ${t.at + 1} (found ${JSON.stringify(t.v)})` : `${what} at the end of the rule`);
  };
  const parseOr = (): Node => {
    let left = parseAnd();
    while (peek()?.t === 'op' && peek()!.v === 'or') { p++; left = { kind: 'or', left, right: parseAnd() }; }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseUnary();
    while (peek()?.t === 'op' && peek()!.v === 'and') { p++; left = { kind: 'and', left, right: parseUnary() }; }
    return left;
  };
  const parseUnary = (): Node => {
    const t = peek();
    if (t?.t === 'op' && t.v === 'not') { p++; return { kind: 'not', expr: parseUnary() }; }
    if (t?.t === '(') {
      p++;
      const e = parseOr();
      if (peek()?.t !== ')') fail('expected ")"');
      p++;
      return e;
    }
    return parseComparison();
  };
  const parseComparison = (): Node => {
    const prop = peek();
    const example = dialect === 'device' ? 'device.trustType' : 'CustomSecurityAttribute.Set_Attribute';
    if (prop?.t !== 'word') return fail(`expected a property such as ${example}`);
    const m = (dialect === 'device' ? /^device\.([A-Za-z0-9_]+)$/i : /^CustomSecurityAttribute\.([A-Za-z0-9_]+)$/i).exec(prop.v);
    if (!m) return fail(`expected a property such as ${example}`);
    const known = dialect === 'device' ? DEVICE_FILTER_PROPERTIES.find((k) => k.toLowerCase() === m[1]!.toLowerCase()) : m[1];
    if (!known) throw new DeviceFilterSyntaxError(`unknown device property ${JSON.stringify(m[1])}; use one of: ${DEVICE_FILTER_PROPERTIES.join(', ')}`);
    p++;
    const op = peek();
    if (op?.t !== 'op' || !OPERATORS.includes(op.v)) return fail(`expected an operator (-${OPERATORS.join(', -')})`);
    p++;
    let value: Value;
    if (op.v === 'in' || op.v === 'notin') {
      if (peek()?.t !== '[') fail(`-${op.v} needs a list such as ["a", "b"]`);
      p++;
      const items: string[] = [];
      while (peek()?.t !== ']') {
        const v = peek();
        if (v?.t !== 'str') fail('expected a quoted string in the list');
        items.push(v!.v);
        p++;
        if (peek()?.t === ',') p++;
        else if (peek()?.t !== ']') fail('expected "," or "]"');
      }
      p++;
      value = items;
    } else {
      const v = peek();
      if (v?.t === 'str') value = v.v;
      else if (v?.t === 'word' && /^(true|false)$/i.test(v.v)) value = v.v.toLowerCase() === 'true';
      else if (v?.t === 'word' && /^\$?null$/i.test(v.v)) value = null;
      else return fail('expected a quoted value');
      p++;
    }
    return { kind: 'cmp', property: known, op: op.v, value };
  };
  if (toks.length === 0) throw new DeviceFilterSyntaxError('the rule is empty');
  const node = parseOr();
  if (p < toks.length) fail('unexpected token');
  return node;
}

const str = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);

function positive(op: string, actual: DeviceFilterProps[string], value: Value): boolean {
  if (value === null) return op === 'eq' ? actual === null || actual === undefined : false;
  if (actual === null || actual === undefined) return false;
  if (Array.isArray(actual)) {
    // Collections: whole-element comparison (L-devfilter).
    return actual.some((el) => positive(op === 'contains' ? 'eq' : op, el, value));
  }
  const a = str(actual)!.toLowerCase();
  switch (op) {
    case 'eq': return typeof value === 'string' || typeof value === 'boolean' ? a === str(value)!.toLowerCase() : false;
    case 'startswith': return typeof value === 'string' && a.startsWith(value.toLowerCase());
    case 'endswith': return typeof value === 'string' && a.endsWith(value.toLowerCase());
    case 'contains': return typeof value === 'string' && a.includes(value.toLowerCase());
    case 'in': return Array.isArray(value) && value.some((v) => v.toLowerCase() === a);
    case 'match': return typeof value === 'string' && new RegExp(value, 'i').test(str(actual)!);
    default: return false;
  }
}

function evalNode(n: Node, device: DeviceFilterProps | null): boolean {
  switch (n.kind) {
    case 'and': return evalNode(n.left, device) && evalNode(n.right, device);
    case 'or': return evalNode(n.left, device) || evalNode(n.right, device);
    case 'not': return !evalNode(n.expr, device);
    case 'cmp': {
      const key = device ? Object.keys(device).find((k) => k.toLowerCase() === n.property.toLowerCase()) : undefined;
      const actual = device && key !== undefined ? device[key] : null;
      const base = NEGATIVE[n.op];
      return base !== undefined ? !positive(base, actual, n.value) : positive(n.op, actual, n.value);
    }
  }
}

/** The built-in matcher (see the module comment). Throws DeviceFilterSyntaxError on a bad rule. */
export const deviceFilterMatches: DeviceFilterMatcher = (rule, device) => evalNode(parseDeviceFilter(rule), device);

/**
 * Matches an application filter against an app's custom security attributes, keyed `Set_Attribute`.
 * `attributes === null` means none are known: every property is null.
 */
export const customSecurityAttributeFilterMatches = (rule: string, attributes: DeviceFilterProps | null): boolean =>
  evalNode(parseFilter(rule, 'customSecurityAttribute'), attributes);

/** Undefined when the rule parses, else the one-line reason. */
export function filterError(rule: string, dialect: FilterDialect = 'device'): string | undefined {
  try {
    parseFilter(rule, dialect);
    return undefined;
  } catch (e) {
    if (e instanceof DeviceFilterSyntaxError) return e.message;
    throw e;
  }
}
