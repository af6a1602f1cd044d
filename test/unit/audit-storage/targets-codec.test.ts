// audit_log's stored targetResources: whatever the targets, reading back what was stored gives the
// same JSON (same keys, same order, same values), and the shapes the compact form does not cover are
// stored as plain JSON, so rows written before the compact form existed read as they always did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetResource } from '../../../src/core/audit/audit-record.js';
import { decodeTargets, encodeTargets } from '../../../src/store/audit-targets-codec.js';

const str = fc.oneof(fc.string(), fc.constantFrom('["a"]', 'x"y\\z', '', '[[', 'é → ü'));
const strOrNull = fc.option(str, { nil: null });
const property = fc.record({ displayName: str, oldValue: strOrNull, newValue: strOrNull });
const type = fc.constantFrom<TargetResource['type']>('User', 'Group', 'Application', 'Other');
const plain = fc.record({ id: strOrNull, displayName: strOrNull, type, modifiedProperties: fc.array(property, { maxLength: 6 }) });
const withUpn = fc.record({ id: strOrNull, displayName: strOrNull, type, userPrincipalName: strOrNull, modifiedProperties: fc.array(property, { maxLength: 6 }) });
// Shapes outside the compact form: another key, another order, a value JSON drops or that is not a string.
const odd: fc.Arbitrary<TargetResource> = fc.oneof(
  fc.record({ id: strOrNull, displayName: strOrNull, type, groupType: strOrNull, modifiedProperties: fc.array(property, { maxLength: 3 }) }),
  fc.record({ displayName: strOrNull, id: strOrNull, type, modifiedProperties: fc.constant([]) }),
  fc.record({ id: strOrNull, displayName: strOrNull, type, userPrincipalName: fc.constant(undefined), modifiedProperties: fc.constant([]) }),
  fc.record({ id: strOrNull, displayName: strOrNull, type, modifiedProperties: fc.array(fc.record({ displayName: str, oldValue: fc.constant(undefined), newValue: strOrNull }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ id: strOrNull, displayName: strOrNull, type, modifiedProperties: fc.array(fc.record({ displayName: str, newValue: strOrNull, oldValue: strOrNull }), { minLength: 1, maxLength: 2 }) }),
) as fc.Arbitrary<TargetResource>;
const targets = fc.array(fc.oneof(plain, withUpn, odd) as fc.Arbitrary<TargetResource>, { maxLength: 3 });

describe('audit targets codec', () => {
  it('reads back exactly what was written, in either form', () => {
    fc.assert(
      fc.property(targets, (ts) => {
        expect(JSON.stringify(decodeTargets(encodeTargets(ts)))).toBe(JSON.stringify(ts));
      }),
      { numRuns: 2000 },
    );
  });

  it('stores the common shape compactly and every other shape as plain JSON', () => {
    const user: TargetResource = {
      id: 'u1',
      displayName: 'Adele Vance',
      type: 'User',
      userPrincipalName: 'adele@contoso.com',
      modifiedProperties: [{ displayName: 'department', oldValue: null, newValue: '["Sales"]' }],
    };
    expect(encodeTargets([user])).toBe('[["u1","Adele Vance","User","adele@contoso.com",["department",null,"[\\"Sales\\"]"]]]');
    expect(encodeTargets([])).toBe('[]');
    const group = { id: 'g1', displayName: 'Sales', type: 'Group', groupType: 'Unified', modifiedProperties: [] } as TargetResource;
    expect(encodeTargets([user, group])).toBe(JSON.stringify([user, group]));
    // A row stored before the compact form: plain JSON, read as such.
    expect(decodeTargets(JSON.stringify([group]))).toEqual([group]);
  });
});
