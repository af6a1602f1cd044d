import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { Device } from '../../../src/core/model/device.js';
import { DEVICE_PROPERTIES } from '../../../src/core/model/device.js';
import type { Group } from '../../../src/core/model/group.js';
import { EXTENSION_ATTRIBUTE_NAMES, USER_PROPERTIES } from '../../../src/core/model/user.js';
import type { UserRecord } from '../../../src/core/ports.js';
import { PHASE, planTenantApply, type TenantSnapshot } from '../../../src/core/tenant/apply.js';

// A small tenant, built by hand: the planner is pure, so no store is needed.
function user(upn: string, props: Partial<UserRecord> = {}): UserRecord {
  const u: Record<string, unknown> = {};
  for (const p of USER_PROPERTIES) u[p.name] = p.type === 'stringCollection' ? [] : null;
  for (const n of EXTENSION_ATTRIBUTE_NAMES) u[n] = null;
  Object.assign(u, { id: `id-${upn}`, userPrincipalName: upn, displayName: upn.split('@')[0], accountEnabled: true, userType: 'Member', managerId: null, createdDateTime: 'T', deletedDateTime: null }, props);
  return u as unknown as UserRecord;
}

function group(name: string, props: Partial<Group> = {}): Group {
  return {
    id: `gid-${name}`,
    displayName: name,
    description: null,
    mailEnabled: false,
    mailNickname: name.replace(/\W/g, ''),
    mail: null,
    securityEnabled: true,
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: false,
    visibility: null,
    createdDateTime: 'T',
    ...props,
  };
}

function device(name: string, props: Partial<Device> = {}): Device {
  const d: Record<string, unknown> = {};
  for (const p of DEVICE_PROPERTIES) d[p.name] = p.type === 'stringCollection' ? [] : null;
  for (const n of EXTENSION_ATTRIBUTE_NAMES) d[n] = null;
  return Object.assign(d, { id: `did-${name}`, displayName: name, accountEnabled: true, registeredOwnerIds: [], createdDateTime: 'T' }, props) as unknown as Device;
}

function snapshot(): TenantSnapshot {
  const megan = user('megan@contoso.com', { displayName: 'Megan Bowen', department: 'Executive', usageLocation: 'US' });
  const adele = user('adele@contoso.com', { displayName: 'Adele Vance', department: 'Sales', managerId: 'id-megan@contoso.com' });
  const alex = user('alex@contoso.com', { displayName: 'Alex Wilber', department: 'Sales', managerId: 'id-adele@contoso.com' });
  const guest = user('ann_fabrikam.com#EXT#@contoso.onmicrosoft.com', { displayName: 'Ann', userType: 'Guest' });
  return {
    organization: { id: 'org', initialDomain: 'contoso.onmicrosoft.com', displayName: 'Contoso', countryLetterCode: 'US' },
    domains: [
      { name: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true },
      { name: 'contoso.com', isVerified: true, isInitial: false },
    ],
    users: [
      { record: adele, manager: 'megan@contoso.com' },
      { record: alex, manager: 'adele@contoso.com' },
      { record: guest, manager: null },
      { record: megan, manager: null },
    ],
    groups: [
      {
        group: group('Sales', { description: 'Sales team' }),
        members: [
          { id: adele.id, type: 'user', key: adele.userPrincipalName },
          { id: alex.id, type: 'user', key: alex.userPrincipalName },
        ],
        owners: [{ id: adele.id, upn: adele.userPrincipalName }],
      },
      { group: group('All Staff'), members: [{ id: 'gid-Sales', type: 'group', key: 'Sales' }], owners: [] },
      {
        group: group('Sales (dynamic)', { groupTypes: ['DynamicMembership'], membershipRule: 'user.department -eq "Sales"', membershipRuleProcessingState: 'On' }),
        members: [{ id: adele.id, type: 'user', key: adele.userPrincipalName }],
        owners: [],
      },
    ],
    devices: [{ device: device('LT-001', { deviceId: 'dev-1', operatingSystem: 'Windows', isCompliant: true, registeredOwnerIds: [adele.id] }), owners: [{ id: adele.id, upn: adele.userPrincipalName }] }],
  };
}

/** The description of snapshot() (what tenant export would write for it). */
function converged(): Record<string, unknown> {
  return {
    tenant: { domain: 'contoso.onmicrosoft.com', name: 'Contoso', country: 'US' },
    domains: [{ name: 'contoso.com', verified: true }],
    users: [
      { userPrincipalName: 'adele@contoso.com', displayName: 'Adele Vance', department: 'Sales', manager: 'megan@contoso.com' },
      { userPrincipalName: 'alex@contoso.com', displayName: 'Alex Wilber', department: 'Sales', manager: 'adele@contoso.com' },
      { userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen', department: 'Executive', usageLocation: 'US' },
    ],
    groups: [
      { displayName: 'All Staff', members: ['Sales'] },
      { displayName: 'Sales', description: 'Sales team', members: ['adele@contoso.com', 'alex@contoso.com'], owners: ['adele@contoso.com'] },
      { displayName: 'Sales (dynamic)', membershipRule: 'user.department -eq "Sales"' },
    ],
    devices: [{ deviceId: 'dev-1', displayName: 'LT-001', operatingSystem: 'Windows', isCompliant: true, registeredOwners: ['adele@contoso.com'] }],
  };
}

const plan = (doc: unknown, snap = snapshot()) => planTenantApply({ source: 'x.yaml', snapshot: snap, doc, dir: undefined, now: '2026-03-02T09:00:00Z' });
const rows = (doc: unknown) => plan(doc).rows;
const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('tenant apply planner: convergence', () => {
  it('plans nothing for a description of the tenant as it is', () => {
    const p = plan(converged());
    expect(p.rows).toEqual([]);
    expect(p.destructive).toBe(false);
  });

  it('compares typed values: a lowercase usage location, a number and list order of members are no change', () => {
    const doc = converged();
    const users = doc.users as Record<string, unknown>[];
    users[2]!.usageLocation = 'us';
    (doc.groups as Record<string, unknown>[])[1]!.members = ['alex@contoso.com', 'ADELE@contoso.com'];
    expect(rows(doc)).toEqual([]);
    users[2]!.employeeId = 1004;
    expect(rows(doc)).toEqual([{ action: 'update', objectType: 'user', key: 'megan@contoso.com', properties: ['employeeId'] }]);
  });

  it('leaves properties the file does not state alone, and touches only sections the file has', () => {
    expect(rows({ users: [{ userPrincipalName: 'adele@contoso.com' }, { userPrincipalName: 'alex@contoso.com' }, { userPrincipalName: 'megan@contoso.com' }] })).toEqual([]);
    expect(rows({ groups: converged().groups })).toEqual([]);
    expect(rows({})).toEqual([]);
  });
});

describe('tenant apply planner: changes', () => {
  it('creates, updates and deletes users; guests are not part of a description and stay', () => {
    const doc = converged();
    doc.users = [
      { userPrincipalName: 'adele@contoso.com', displayName: 'Adele Vance', department: 'Marketing', jobTitle: null, manager: 'megan@contoso.com' },
      { userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen', department: 'Executive', usageLocation: 'US' },
      { userPrincipalName: 'nestor@contoso.com', displayName: 'Nestor Wilke', manager: 'adele@contoso.com', password: 'x' },
    ];
    doc.groups = undefined;
    doc.devices = undefined;
    const p = plan(JSON.parse(JSON.stringify(doc)));
    expect(p.rows).toEqual([
      { action: 'create', objectType: 'user', key: 'nestor@contoso.com', properties: ['displayName', 'manager', 'passwordProfile'] },
      { action: 'update', objectType: 'user', key: 'adele@contoso.com', properties: ['department'] },
      { action: 'delete', objectType: 'user', key: 'alex@contoso.com', properties: [] },
    ]);
    expect(p.destructive).toBe(true);
    // Deletes run after every create and update; a new user's manager is set after users exist.
    const phases = p.changes.map((c) => c.steps.map((s) => s.phase));
    expect(phases).toEqual([[PHASE.users, PHASE.managers], [PHASE.users], [PHASE.userDeletes]]);
  });

  it('sets managers top-down so that a swap never passes through a cycle', () => {
    const doc = converged();
    doc.users = [
      { userPrincipalName: 'adele@contoso.com', manager: null },
      { userPrincipalName: 'alex@contoso.com' },
      { userPrincipalName: 'megan@contoso.com', manager: 'adele@contoso.com' },
    ];
    const p = plan({ users: doc.users });
    const managerSteps = p.changes.flatMap((c) => c.steps.filter((s) => s.phase === PHASE.managers).map((s) => ({ key: c.key, order: s.order })));
    expect(managerSteps).toEqual([
      { key: 'adele@contoso.com', order: 0 },
      { key: 'megan@contoso.com', order: 1 },
    ]);
  });

  it('refuses a manager cycle in the final graph', () => {
    const e = thrown(() => plan({ users: [{ userPrincipalName: 'adele@contoso.com' }, { userPrincipalName: 'alex@contoso.com' }, { userPrincipalName: 'megan@contoso.com', manager: 'alex@contoso.com' }] }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toBe('x.yaml: users[2] (megan@contoso.com).manager: these managers would make a cycle: megan@contoso.com → alex@contoso.com → adele@contoso.com → megan@contoso.com');
  });

  it('treats listed members and owners as the full list, and deletes unlisted groups', () => {
    const p = plan({
      groups: [
        { displayName: 'Sales', members: ['alex@contoso.com', 'megan@contoso.com'], owners: [] },
        { displayName: 'All Staff', description: 'Everyone', members: ['Sales', 'Finance'] },
        { displayName: 'Finance', type: 'security', members: ['megan@contoso.com'] },
      ],
    });
    expect(p.rows).toEqual([
      { action: 'create', objectType: 'group', key: 'Finance', properties: ['displayName', 'groupTypes', 'members'] },
      { action: 'update', objectType: 'group', key: 'All Staff', properties: ['description', 'members'] },
      { action: 'update', objectType: 'group', key: 'Sales', properties: ['members', 'owners'] },
      { action: 'delete', objectType: 'group', key: 'Sales (dynamic)', properties: [] },
    ]);
    const sales = p.changes.find((c) => c.key === 'Sales')!;
    expect(sales.steps.map((s) => s.phase)).toEqual([PHASE.memberRemovals, PHASE.memberAdds, PHASE.memberRemovals]);
  });

  it('changes a rule as a property and never lists a dynamic group\'s members', () => {
    const doc = converged();
    (doc.groups as Record<string, unknown>[])[2]!.membershipRule = 'user.department -eq "Marketing"';
    expect(rows({ groups: doc.groups })).toEqual([{ action: 'update', objectType: 'group', key: 'Sales (dynamic)', properties: ['membershipRule'] }]);
    const e = thrown(() => plan({ groups: [{ displayName: 'Sales (dynamic)', members: ['adele@contoso.com'] }] }));
    expect(e.message).toBe("x.yaml: groups[0] (Sales (dynamic)).members: 'Sales (dynamic)' is a dynamic group: its members come from its rule and are not listed");
    // Made assigned (rule null): its current members stay, and the list applies to them.
    expect(rows({ groups: [...(converged().groups as object[]).slice(0, 2), { displayName: 'Sales (dynamic)', membershipRule: null, members: ['adele@contoso.com', 'alex@contoso.com'] }] })).toEqual([
      { action: 'update', objectType: 'group', key: 'Sales (dynamic)', properties: ['members', 'membershipRule'] },
    ]);
  });

  it('updates the organization, verifies and deletes domains; the initial domain cannot change', () => {
    expect(rows({ tenant: { name: 'Contoso Ltd', country: 'gb' }, domains: [{ name: 'Fabrikam.com', verified: false }] })).toEqual([
      { action: 'update', objectType: 'organization', key: 'contoso.onmicrosoft.com', properties: ['countryLetterCode', 'displayName'] },
      { action: 'create', objectType: 'domain', key: 'fabrikam.com', properties: ['id'] },
      { action: 'delete', objectType: 'domain', key: 'contoso.com', properties: [] },
    ]);
    const e = thrown(() => plan({ tenant: { domain: 'fabrikam.onmicrosoft.com' } }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/^x\.yaml: tenant\.domain: 'fabrikam\.onmicrosoft\.com' is not this tenant's initial domain \(contoso\.onmicrosoft\.com\)/);
  });

  it('matches devices by deviceId when given, else by name, and compares owners as a set', () => {
    expect(rows({ devices: [{ deviceId: 'DEV-1', displayName: 'LT-001', isCompliant: false, registeredOwners: ['adele@contoso.com'] }] })).toEqual([
      { action: 'update', objectType: 'device', key: 'LT-001', properties: ['isCompliant'] },
    ]);
    expect(rows({ devices: [{ displayName: 'lt-001', registeredOwners: ['megan@contoso.com'] }] })).toEqual([
      { action: 'update', objectType: 'device', key: 'LT-001', properties: ['registeredOwners'] },
    ]);
    expect(rows({ devices: [{ deviceId: 'dev-2', displayName: 'LT-001', operatingSystem: 'Windows' }] })).toEqual([
      { action: 'create', objectType: 'device', key: 'LT-001', properties: ['deviceId', 'displayName', 'operatingSystem'] },
      { action: 'delete', objectType: 'device', key: 'LT-001', properties: [] },
    ]);
    expect(thrown(() => plan({ devices: [{ displayName: 'LT-002', trustType: 'Cloud' }] })).message).toBe("x.yaml: devices[0] (LT-002).trustType: 'Cloud' is not a valid trustType");
  });
});

describe('tenant apply planner: bad input names the file and the place', () => {
  it('refuses unknown sections, and sections it cannot converge yet', () => {
    expect(thrown(() => plan({ widgets: [] })).message).toBe("x.yaml: unknown section 'widgets'");
    const e = thrown(() => plan({ apps: [] }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toBe("x.yaml: tenant apply does not handle section 'apps' yet");
  });

  it('refuses references to users and groups that will not exist', () => {
    const e = thrown(() => plan({ groups: [{ displayName: 'X', members: ['zed@contoso.com'] }] }));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.message).toBe("x.yaml: groups[0] (X).members[0]: user 'zed@contoso.com' is neither in the file's users nor in the tenant");
    // A user the file's users section leaves out is deleted, so it cannot be referred to.
    const f = thrown(() => plan({ users: [{ userPrincipalName: 'megan@contoso.com' }], groups: [{ displayName: 'X', owners: ['adele@contoso.com'] }] }));
    expect(f.message).toBe("x.yaml: groups[0] (X).owners[0]: user 'adele@contoso.com' is neither in the file's users nor in the tenant");
    // Guests stay, so they can be.
    expect(rows({ users: [{ userPrincipalName: 'megan@contoso.com' }, { userPrincipalName: 'adele@contoso.com' }, { userPrincipalName: 'alex@contoso.com' }], groups: [...(converged().groups as object[]), { displayName: 'Guests', members: ['ann_fabrikam.com#EXT#@contoso.onmicrosoft.com'] }] })).toEqual([
      { action: 'create', objectType: 'group', key: 'Guests', properties: ['displayName', 'members'] },
    ]);
  });

  it('refuses invalid values and unknown properties', () => {
    expect(thrown(() => plan({ users: [{ userPrincipalName: 'megan@contoso.com', usageLocation: 'XX' }] })).message).toBe("x.yaml: users[0] (megan@contoso.com).usageLocation: 'XX' is not a valid usageLocation");
    expect(thrown(() => plan({ users: [{ userPrincipalName: 'megan@contoso.com', jobtitel: 'CEO' }] })).message).toBe("x.yaml: users[0] (megan@contoso.com).jobtitel: 'jobtitel' is not a user property");
    expect(thrown(() => plan({ users: [{ userPrincipalName: 'new@contoso.com' }] })).message).toBe('x.yaml: users[0] (new@contoso.com): displayName is required to create a user');
    expect(thrown(() => plan({ groups: [{ displayName: 'Sales', colour: 'red' }] })).message).toBe("x.yaml: groups[0] (Sales): unknown property 'colour'");
    expect(thrown(() => plan({ groups: [{ displayName: 'Sales', type: 'm365' }] })).message).toBe("x.yaml: groups[0] (Sales).type: 'Sales' is a security group, and a group's type cannot change");
    expect(thrown(() => plan({ users: 'megan' })).message).toBe('x.yaml: users: users must be a list');
  });

  it('refuses a group name the tenant holds twice (conflict) and names listed twice', () => {
    const snap = snapshot();
    snap.groups.push({ group: group('Sales', { id: 'gid-Sales-2' }), members: [], owners: [] });
    const e = thrown(() => plan({ groups: [{ displayName: 'Sales' }] }, snap));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toBe("x.yaml: groups[0] (Sales): 2 groups in the tenant are named 'Sales': gid-Sales, gid-Sales-2");
    expect(thrown(() => plan({ groups: [{ displayName: 'X' }, { displayName: 'x' }] })).message).toBe("x.yaml: groups[1] (x): 'x' is listed twice (also groups[0])");
  });
});
