// Every file of the reference CA baselines imports without loss and validates, except the ones named
// below with the reason they are genuinely invalid per the spec.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { documentItems, exportCaDocument, parseCaDocument, stripODataControlInfo } from '../../../src/core/ca/normalize.js';
import { validatePolicy } from '../../../src/core/ca/validate.js';
import { validateNamedLocation } from '../../../src/core/ca/named-locations.js';

const ROOT = '/work/shared/reference/data/ca-baselines';
const files: string[] = [];
const walk = (d: string) => {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.json')) files.push(relative(ROOT, p));
  }
};
walk(ROOT);

/** Not Conditional Access objects: j0eyv's group definitions and its migration table. */
const NOT_CA = (f: string) => f.startsWith('j0eyv-ConditionalAccessBaseline/Config/Groups/') || f.endsWith('MigrationTable.json');

/** Genuinely invalid as published, and why. */
const KNOWN_INVALID: Record<string, string> = {
  // CA-as-code templates: "<AdministratorGroup>", "<ExclusionTempGroup>", "ToU" ... must be replaced by real ids.
  'AlexFilipin-ConditionalAccess/': 'InvalidId',
  // /8 is not allowed: CIDR masks must be longer than /8 (L-net).
  'kovergard-ConditionalAccess/Baseline/Prototype1/Locations/TrustedNetworks.json': 'CidrTooLarge',
};
/** AlexFilipin templates that use no placeholder and are valid as published. */
const ALEX_VALID = ['600 - RING', '700 - RING', '701 - RING'];
const expectedInvalid = (f: string) =>
  ALEX_VALID.some((v) => f.includes(`/${v}`)) ? undefined : Object.entries(KNOWN_INVALID).find(([k]) => f.startsWith(k))?.[1];

let seq = 0;
const opts = { newId: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}` };

describe('CA baselines (data/ca-baselines)', () => {
  it('finds the whole corpus', () => {
    expect(files.length).toBe(208);
  });

  for (const f of files) {
    it(f, () => {
      const json = JSON.parse(readFileSync(join(ROOT, f), 'utf8'));
      const doc = parseCaDocument(json, opts);
      if (NOT_CA(f)) {
        expect(doc.problems.length).toBeGreaterThan(0);
        expect(doc.policies.length + doc.namedLocations.length).toBe(0);
        return;
      }
      expect(doc.problems).toEqual([]);
      expect(doc.policies.length + doc.namedLocations.length).toBe(documentItems(json).length);

      const issues = [...doc.policies.flatMap((p) => validatePolicy(p)), ...doc.namedLocations.flatMap((l) => validateNamedLocation(l))];
      const bad = expectedInvalid(f);
      if (bad) {
        expect(issues.map((i) => i.code)).toContain(bad);
        // nothing wrong besides the named reason (AlexFilipin 801/802/211 are valid once ids are real)
        expect(issues.filter((i) => i.code !== bad)).toEqual([]);
      } else {
        expect(issues).toEqual([]);
      }

      // Lossless: every property survives except OData control information; ids are kept.
      const items = documentItems(json);
      const all = [...doc.namedLocations, ...doc.policies];
      for (const obj of all) {
        const src = items.find((x) => (x as { id?: string }).id === obj.id || (x as { displayName?: string }).displayName === obj.displayName);
        const stripped = stripODataControlInfo(src, 'ipRanges' in (obj as object) || 'countriesAndRegions' in (obj as object) || 'compliantNetworkType' in (obj as object)) as Record<string, unknown>;
        const { id: _id, '@odata.type': _t, ...rest } = obj as unknown as Record<string, unknown>;
        const { id: _sid, '@odata.type': _st, ...srest } = stripped;
        expect(rest).toEqual(srest);
      }

      // export → import gives the same objects.
      const again = parseCaDocument(exportCaDocument(doc.policies, doc.namedLocations), opts);
      expect(again.policies).toEqual(doc.policies);
      expect(again.namedLocations).toEqual(doc.namedLocations);
      expect(again.problems).toEqual([]);
    });
  }
});

describe('normalisation details', () => {
  it('strips OData annotations and action links, keeps beta properties', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'j0eyv-ConditionalAccessBaseline/Config/ConditionalAccess/CA004-Global-IdentityProtection-AnyApp-AnyPlatform-AuthenticationFlows.json'), 'utf8'));
    const p = parseCaDocument(raw, opts).policies[0]!;
    expect(p.id).toBe('1bf06972-bd5c-4d06-98ce-6b5bf5f1959f');
    expect(Object.keys(p)).not.toContain('@odata.context');
    expect(Object.keys(p)).not.toContain('#microsoft.graph.restore');
    expect(Object.keys(p)).not.toContain('state@odata.type');
    expect(p.partialEnablementStrategy).toBeNull();
    expect(p.conditions.authenticationFlows).toEqual({ transferMethods: 'deviceCodeFlow,authenticationTransfer' });
    expect((p.conditions as unknown as Record<string, unknown>).times).toBeNull();
    expect(Object.keys(p.grantControls!)).toEqual(['operator', 'builtInControls', 'customAuthenticationFactors', 'termsOfUse', 'authenticationStrength']);
  });
  it('canonicalises the case of known property names (GrantControls)', () => {
    const doc = parseCaDocument({ displayName: 'x', state: 'enabled', conditions: { applications: { includeApplications: ['All'] } }, GrantControls: { operator: 'OR', builtInControls: ['mfa'] } }, opts);
    expect(doc.policies[0]!.grantControls).toEqual({ operator: 'OR', builtInControls: ['mfa'] });
  });
  it('accepts one object, an array, and {"value":[...]} with mixed kinds', () => {
    const loc = { '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'C', countriesAndRegions: ['US'], includeUnknownCountriesAndRegions: false };
    const pol = { displayName: 'P', state: 'enabled', conditions: {} };
    expect(parseCaDocument(pol, opts).policies).toHaveLength(1);
    const d = parseCaDocument({ value: [loc, pol, { foo: 1 }] }, opts);
    expect([d.namedLocations.length, d.policies.length]).toEqual([1, 1]);
    expect(d.problems).toEqual([expect.objectContaining({ code: 'NotAConditionalAccessObject', path: '[2]' })]);
    expect(parseCaDocument([loc], opts).namedLocations[0]!['@odata.type']).toBe('#microsoft.graph.countryNamedLocation');
  });
  it('infers the @odata.type of a named location exported without one', () => {
    const d = parseCaDocument({ displayName: 'N', ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }], isTrusted: true }, opts);
    expect(d.namedLocations[0]!['@odata.type']).toBe('#microsoft.graph.ipNamedLocation');
    expect((d.namedLocations[0] as { ipRanges: unknown[] }).ipRanges[0]).toEqual({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' });
  });
});
