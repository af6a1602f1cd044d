import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditValue, diffProperties, initiatedBy } from '../../../src/core/audit/audit-record.js';
import { AuditTrail } from '../../../src/core/audit/audit-trail.js';
import { fixedClock } from '../../../src/core/clock.js';

describe('auditValue', () => {
  it('encodes values as Entra does: a JSON array of the value(s)', () => {
    expect(auditValue('Sales')).toBe('["Sales"]');
    expect(auditValue(true)).toBe('[true]');
    expect(auditValue(['a', 'b'])).toBe('["a","b"]');
    expect(auditValue([])).toBe('[]');
    expect(auditValue(null)).toBeNull();
    expect(auditValue(undefined)).toBeNull();
  });
});

describe('diffProperties', () => {
  it('lists only the named properties whose value changed, in the order named', () => {
    const before = { department: 'Sales', jobTitle: 'Rep', city: 'Leeds', secret: 'x' };
    const after = { department: 'Marketing', jobTitle: 'Rep', city: null, secret: 'y' };
    expect(diffProperties(before, after, ['city', 'department', 'jobTitle'])).toEqual([
      { displayName: 'city', oldValue: '["Leeds"]', newValue: null },
      { displayName: 'department', oldValue: '["Sales"]', newValue: '["Marketing"]' },
    ]);
  });

  it('treats a missing snapshot as all values unset (creation and deletion)', () => {
    expect(diffProperties(null, { a: 1, b: null }, ['a', 'b'])).toEqual([{ displayName: 'a', oldValue: null, newValue: '[1]' }]);
    expect(diffProperties({ a: 1 }, null, ['a'])).toEqual([{ displayName: 'a', oldValue: '[1]', newValue: null }]);
  });

  it('treats an empty collection as unset, and compares collections by content', () => {
    expect(diffProperties(null, { otherMails: [], groupTypes: [] }, ['otherMails', 'groupTypes'])).toEqual([]);
    expect(diffProperties({ otherMails: ['a'] }, { otherMails: ['a'] }, ['otherMails'])).toEqual([]);
    expect(diffProperties({ otherMails: ['a'] }, { otherMails: [] }, ['otherMails'])).toEqual([{ displayName: 'otherMails', oldValue: '["a"]', newValue: '[]' }]);
    expect(diffProperties({ otherMails: [] }, { otherMails: ['b'] }, ['otherMails'])).toEqual([{ displayName: 'otherMails', oldValue: '[]', newValue: '["b"]' }]);
  });

  it('sees false and 0 as values, distinct from unset', () => {
    expect(diffProperties(null, { accountEnabled: false }, ['accountEnabled'])).toEqual([{ displayName: 'accountEnabled', oldValue: null, newValue: '[false]' }]);
  });
});

describe('initiatedBy', () => {
  it('shapes the owner, an --as user and a system process like Entra', () => {
    expect(initiatedBy({ kind: 'owner' })).toEqual({ user: null, app: { appId: null, displayName: 'tenantctl', servicePrincipalId: null } });
    expect(initiatedBy({ kind: 'user', id: 'u1', userPrincipalName: 'a@contoso.com', displayName: 'A' })).toEqual({
      user: { id: 'u1', displayName: 'A', userPrincipalName: 'a@contoso.com' },
      app: null,
    });
    expect(initiatedBy({ kind: 'system', displayName: 'Dynamic membership processor' }).app?.displayName).toBe('Dynamic membership processor');
  });
});

describe('AuditTrail', () => {
  it('records every entry with the clock, fresh ids and one correlation id per command', () => {
    let n = 0;
    const trail = new AuditTrail(fixedClock('2026-03-02T09:00:00Z'), { newId: () => `id-${++n}` }, { kind: 'owner' });
    const target = { id: 'g1', displayName: 'Sales', type: 'Group' as const, modifiedProperties: [] };
    trail.add({ activity: 'Add group', category: 'GroupManagement', operationType: 'Add', targets: [target] });
    trail.add({ activity: 'Add member to group', category: 'GroupManagement', operationType: 'Assign', targets: [target], actor: { kind: 'system', displayName: 'X' } });
    expect(trail.records.map((r) => [r.id, r.correlationId, r.activityDisplayName, r.activityDateTime])).toEqual([
      ['id-2', 'id-1', 'Add group', '2026-03-02T09:00:00.000Z'],
      ['id-3', 'id-1', 'Add member to group', '2026-03-02T09:00:00.000Z'],
    ]);
    expect(trail.records[0]).toMatchObject({ result: 'success', loggedByService: 'Core Directory', additionalDetails: [], initiatedBy: { user: null, app: { displayName: 'tenantctl' } } });
    expect(trail.records[1]!.initiatedBy.app?.displayName).toBe('X');
  });

  it('has no records until something is added', () => {
    expect(new AuditTrail(fixedClock('2026-01-01T00:00:00Z'), { newId: () => 'x' }, { kind: 'owner' }).records).toEqual([]);
  });
});

describe('auditValue', () => {
  it('encodes a string as JSON.stringify([value]) does, escapes included', () => {
    for (const v of ['plain', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0001', 'é日本', '\ud83d\ude00', 'lone \ud800 surrogate', '']) {
      expect(auditValue(v)).toBe(JSON.stringify([v]));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => {
        expect(auditValue(v)).toBe(JSON.stringify([v]));
      }),
      { numRuns: 2000 },
    );
  });
});
