// `ca import` (cli-contract.md): Graph JSON with policies and named locations, all or nothing.
// Every object is validated first and every problem is listed at once; references to objects the
// tenant lacks are reported, or, with placeholders, replaced by the id of a placeholder object
// created for them (one per referenced id). Objects whose id already exists are replaced, so
// importing an export into the same tenant changes nothing.
import { ValidationError } from '../errors.js';
import type { MutationEnv } from '../mutation.js';
import type { ValidationIssue } from './issues.js';
import { validateNamedLocation } from './named-locations.js';
import { classify, documentItems, parseCaDocument } from './normalize.js';
import { createNamedLocation, createPolicy, policyIssues, withGraphDefaults, withLocationDefaults, updateNamedLocation, updatePolicy, type CaCatalogs, type CaDirectory } from './service.js';
import type { NamedLocation, StoredPolicy } from './types.js';

export type PlaceholderKind = 'user' | 'group' | 'servicePrincipal' | 'application' | 'namedLocation';

/** Creates a placeholder object standing in for a missing reference; returns the id to store. */
export type PlaceholderFactory = (kind: PlaceholderKind, referencedId: string) => { id: string; displayName: string };

export interface ImportOptions {
  /** `--create-missing`: make placeholders instead of reporting missing references. */
  placeholders?: PlaceholderFactory;
}

export interface ImportedObject {
  kind: 'policy' | 'namedLocation' | 'placeholder';
  id: string;
  displayName: string;
  /** created | updated, or for placeholders the kind of object made. */
  action: string;
  /** Placeholders: the id the document referred to. */
  referencedId?: string;
}

const REFERENCE_PATHS: [RegExp, PlaceholderKind][] = [
  [/^conditions\.users\.(include|exclude)Users\[(\d+)\]$/, 'user'],
  [/^conditions\.users\.(include|exclude)Groups\[(\d+)\]$/, 'group'],
  [/^conditions\.clientApplications\.(include|exclude)ServicePrincipals\[(\d+)\]$/, 'servicePrincipal'],
  [/^conditions\.applications\.(include|exclude)Applications\[(\d+)\]$/, 'application'],
  [/^conditions\.locations\.(include|exclude)Locations\[(\d+)\]$/, 'namedLocation'],
];

/** The array holding a reference, from an issue path such as conditions.users.includeUsers[2]. */
function referenceSlot(p: StoredPolicy, path: string): { list: string[]; index: number; kind: PlaceholderKind } | undefined {
  for (const [re, kind] of REFERENCE_PATHS) {
    const m = re.exec(path);
    if (!m) continue;
    const parts = path.replace(/\[\d+\]$/, '').split('.');
    let cur: unknown = p;
    for (const k of parts) cur = (cur as Record<string, unknown> | null | undefined)?.[k];
    if (!Array.isArray(cur)) return undefined;
    return { list: cur as string[], index: Number(m[2]), kind };
  }
  return undefined;
}

/** Same object, timestamps and key order aside: re-importing an export changes nothing. */
function same(a: object, b: object): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).filter((k) => k !== 'createdDateTime' && k !== 'modifiedDateTime' && (v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
      : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

const label = (kind: string, o: { displayName?: unknown }, i: number) =>
  `[${i}] ${kind} ${typeof o.displayName === 'string' ? `"${o.displayName}"` : '(no displayName)'}`;

export function importCaDocument(env: MutationEnv, cat: CaCatalogs, json: unknown, opts: ImportOptions = {}): ImportedObject[] {
  const dir = env.dir as unknown as CaDirectory;
  const doc = parseCaDocument(json, { newId: () => env.ids.newId() });
  const problems: string[] = doc.problems.map((i) => `${i.path}: ${i.message}`);
  // Problems name objects by their index in the document, as the user sees it.
  const kinds = documentItems(json).map((item, i) => [classify(item), i] as const);
  const docIndex = (kind: 'policy' | 'namedLocation', n: number) => kinds.filter(([k]) => k === kind)[n]?.[1] ?? n;
  const out: ImportedObject[] = [];

  const locations: NamedLocation[] = doc.namedLocations;
  locations.forEach((l, i) => {
    for (const x of validateNamedLocation(l)) problems.push(`${label('named location', l, docIndex('namedLocation', i))}: ${x.path}: ${x.message}`);
  });

  const made = new Map<string, string>();
  const policies: StoredPolicy[] = doc.policies;
  policies.forEach((p, i) => {
    let issues: ValidationIssue[] = policyIssues(dir, p, cat, locations);
    if (opts.placeholders && issues.some((x) => x.code === 'UnknownId')) {
      for (const x of issues) {
        if (x.code !== 'UnknownId') continue;
        const slot = referenceSlot(p, x.path);
        if (!slot) continue;
        const ref = slot.list[slot.index]!;
        const key = `${slot.kind}:${ref.toLowerCase()}`;
        let id = made.get(key);
        if (!id) {
          const ph = opts.placeholders(slot.kind, ref);
          id = ph.id;
          made.set(key, id);
          out.push({ kind: 'placeholder', id, displayName: ph.displayName, action: slot.kind, referencedId: ref });
        }
        slot.list[slot.index] = id;
      }
      issues = policyIssues(dir, p, cat, locations);
    }
    for (const x of issues) problems.push(`${label('policy', p, docIndex('policy', i))}: ${x.path}: ${x.message}`);
  });

  if (problems.length > 0) {
    const n = problems.length;
    throw new ValidationError('ImportFailed', `ca import: ${n} problem${n === 1 ? '' : 's'} found; nothing was imported (first: ${problems[0]})`, {
      hint: problems.some((x) => x.includes('exists in the tenant')) ? 'create the missing objects, or pass --create-missing to create placeholders for them' : 'fix the file and import it again',
      details: problems,
    });
  }

  // Named locations first: policies refer to them by id.
  for (const l of locations) {
    const existing = dir.getNamedLocation(l.id.toLowerCase());
    if (existing && same(existing, withLocationDefaults(l))) {
      out.push({ kind: 'namedLocation', id: existing.id, displayName: existing.displayName, action: 'unchanged' });
      continue;
    }
    const saved = existing ? updateNamedLocation(env, existing, l) : createNamedLocation(env, l, { keepTimestamps: true });
    out.push({ kind: 'namedLocation', id: saved.id, displayName: saved.displayName, action: existing ? 'updated' : 'created' });
  }
  for (const p of policies) {
    const existing = dir.getCaPolicy(p.id.toLowerCase());
    if (existing && same(existing, withGraphDefaults(p))) {
      out.push({ kind: 'policy', id: existing.id, displayName: existing.displayName, action: 'unchanged' });
      continue;
    }
    const saved = existing ? updatePolicy(env, cat, existing, p) : createPolicy(env, cat, p, { keepTimestamps: true });
    out.push({ kind: 'policy', id: saved.id, displayName: saved.displayName, action: existing ? 'updated' : 'created' });
  }
  return out;
}
