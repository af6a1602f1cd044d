import { describe, expect, it } from 'vitest';
import type { RuleSubject } from '../../../src/core/rules/index.js';
import { compileRule, evaluateRule, parseRule, type EvalContext } from '../../../src/core/rules/index.js';
import { ctxWith, makeDevice, makeUser, NOW } from './fixtures.js';

const ev = (rule: string, subject: RuleSubject, ctx: EvalContext = ctxWith()) => evaluateRule(parseRule(rule), subject, ctx);

describe('rules.md §10 tricky examples', () => {
  it('1. case-insensitive equality; -ne is true on null', () => {
    const a = makeUser({ department: 'Sales' });
    const b = makeUser({ department: null });
    expect(ev('user.department -ne "sales"', a)).toBe(false);
    expect(ev('user.department -ne "sales"', b)).toBe(true);
    const both = 'user.department -eq "Sales" -or user.department -eq null';
    expect([ev(both, a), ev(both, b)]).toEqual([true, true]);
  });

  it('2. -match is an unanchored, case-insensitive regex', () => {
    expect(ev('user.city -match "ago"', makeUser({ city: 'Lagos' }))).toBe(true);
    expect(ev('user.city -match "ago"', makeUser({ city: 'Chicago' }))).toBe(true);
    expect(ev('user.city -match "^ago"', makeUser({ city: 'Lagos' }))).toBe(false);
    expect(ev('user.city -match "AGO"', makeUser({ city: 'lagos' }))).toBe(true);
    for (const [name, want] of [['Da', true], ['Dav', true], ['David', true], ['aDa', false]] as const) {
      expect(ev('user.givenName -match "^Da.*"', makeUser({ givenName: name }))).toBe(want);
    }
    expect(ev('user.givenName -match ".*vid"', makeUser({ givenName: 'David' }))).toBe(true);
    expect(ev('user.givenName -match ".*vid"', makeUser({ givenName: 'Da' }))).toBe(false);
    expect(ev('user.userPrincipalName -match "@contoso\\.com$"', makeUser({ userPrincipalName: 'a@CONTOSO.com' }))).toBe(true);
    expect(ev('user.userPrincipalName -match "@contoso\\.com$"', makeUser({ userPrincipalName: 'a@contosoXcom' }))).toBe(false);
  });

  it('3. vacuous -all', () => {
    const rule = 'user.assignedPlans -all (assignedPlan.servicePlanId -eq null)';
    expect(ev(rule, makeUser(), ctxWith({ plans: [] }))).toBe(true);
    expect(ev(rule, makeUser(), ctxWith({ plans: [{ servicePlanId: 'p1', service: 'exchange', capabilityStatus: 'Enabled' }] }))).toBe(false);
    const dev = 'device.devicePhysicalIds -all (_ -notStartsWith "[ZTDId]")';
    expect(ev(dev, makeDevice({ physicalIds: [] }))).toBe(true);
    expect(ev(dev, makeDevice({ physicalIds: ['[OrderID]:x'] }))).toBe(true);
    expect(ev(dev, makeDevice({ physicalIds: ['[OrderID]:x', '[ztdid]:abc'] }))).toBe(false);
  });

  it('4. precedence: US -or (CA -and Sales)', () => {
    const u = makeUser({ country: 'US', department: 'Marketing' });
    expect(ev('user.country -eq "US" -or user.country -eq "CA" -and user.department -eq "Sales"', u)).toBe(true);
    expect(ev('(user.country -eq "US" -or user.country -eq "CA") -and user.department -eq "Sales"', u)).toBe(false);
  });

  it('5. -contains is substring, not set membership', () => {
    const rule = 'user.proxyAddresses -any (_ -contains "contoso")';
    expect(ev(rule, makeUser({ proxyAddresses: ['smtp:j@contoso.com'] }))).toBe(true);
    expect(ev(rule, makeUser({ proxyAddresses: ['smtp:j@notcontoso.org'] }))).toBe(true);
    expect(ev(rule, makeUser({ proxyAddresses: ['smtp:j@fabrikam.org'] }))).toBe(false);
    expect(ev('user.displayName -contains "ele V"', makeUser({ displayName: 'Adele Vance' }))).toBe(true);
  });

  it("6. quotes and apostrophes in data", () => {
    expect(ev('user.surname -eq "O\'\'Brien"', makeUser({ surname: "O'Brien" }))).toBe(true);
    expect(ev('user.department -eq "`"Sales`""', makeUser({ department: '"Sales"' }))).toBe(true);
    expect(ev('user.department -eq "`"Sales`""', makeUser({ department: 'Sales' }))).toBe(false);
  });
});

describe('null handling (rules.md §4)', () => {
  const nobody = makeUser({ department: null });
  it.each([
    ['-eq "x"', false],
    ['-startsWith "x"', false],
    ['-endsWith "x"', false],
    ['-contains "x"', false],
    ['-match "x"', false],
    ['-match ""', false],
    ['-in ["x"]', false],
    ['-ne "x"', true],
    ['-notStartsWith "x"', true],
    ['-notEndsWith "x"', true],
    ['-notContains "x"', true],
    ['-notMatch "x"', true],
    ['-notIn ["x"]', true],
    ['-eq null', true],
    ['-ne null', false],
    ['-eq $null', true],
    ['-eq "null"', false],
  ])('null department %s is %s', (tail, want) => expect(ev(`user.department ${tail}`, nobody)).toBe(want));

  it('an undefined model property counts as null', () => {
    const u = makeUser();
    delete (u as Partial<typeof u>).department;
    expect(ev('user.department -eq null', u)).toBe(true);
    expect(ev('user.department -ne "x"', u)).toBe(true);
  });

  it('"All users" includes guests', () => {
    expect(ev('user.objectId -ne null', makeUser({ userType: 'Guest' }))).toBe(true);
    expect(ev('(user.objectId -ne null) -and (user.userType -eq "Member")', makeUser({ userType: 'Guest' }))).toBe(false);
  });
});

describe('string operators', () => {
  const u = makeUser({ department: 'Sales Europe', jobTitle: 'SDE II' });
  it.each([
    ['user.department -eq "sales europe"', true],
    ['user.department -eq "Sales"', false],
    ['user.department -startsWith "SALES"', true],
    ['user.department -notStartsWith "sales"', false],
    ['user.department -endsWith "ROPE"', true],
    ['user.department -notEndsWith "x"', true],
    ['user.department -contains "S E"', true],
    ['user.department -notContains "s e"', false],
    ['user.department -in ["HR", "sales EUROPE"]', true],
    ['user.department -notIn ["HR", "sales EUROPE"]', false],
    ['user.department -notIn ["HR"]', true],
    ['user.department -startsWith ""', true],
    ['(user.department -eq "Sales Europe") -and -not (user.jobTitle -startsWith "SDE")', false],
  ])('%s -> %s', (rule, want) => expect(ev(rule, u)).toBe(want));

  it('numbers compare as text', () => {
    expect(ev('user.employeeId -eq 50', makeUser({ employeeId: '50' }))).toBe(true);
    expect(ev('user.employeeId -eq "050"', makeUser({ employeeId: '50' }))).toBe(false);
    expect(ev('user.department -in ["50001","50002"]', makeUser({ department: '50002' }))).toBe(true);
  });

  it('non-ASCII text compares case-insensitively too', () => {
    expect(ev('user.city -eq "MÜNCHEN"', makeUser({ city: 'München' }))).toBe(true);
    expect(ev('user.city -startsWith "ÉV"', makeUser({ city: 'Évry' }))).toBe(true);
    expect(ev('user.city -endsWith "İ"', makeUser({ city: 'ADANI' }))).toBe(false);
    expect(ev('user.city -eq "i̇stanbul"', makeUser({ city: 'İstanbul' }))).toBe(true);
    expect(ev('user.city -eq "istanbul"', makeUser({ city: 'İstanbul' }))).toBe(false);
    expect(ev('user.city -endsWith "straße"', makeUser({ city: 'GROSSSTRASSE' }))).toBe(false);
  });
});

describe('string collections (rules.md §3.4)', () => {
  const u = makeUser({ proxyAddresses: ['SMTP:adele@contoso.com', 'smtp:av@fabrikam.com'], otherMails: [] });
  it.each([
    ['user.proxyAddresses -any (_ -startsWith "smtp:")', true],
    ['user.proxyAddresses -all (_ -startsWith "smtp:")', true],
    ['user.proxyAddresses -all (_ -endsWith "@contoso.com")', false],
    ['user.proxyAddresses -any (_ -eq "smtp:AV@fabrikam.com")', true],
    ['user.proxyAddresses -any (_ -ne "x")', true],
    ['user.proxyAddresses -any (_ -match "^SMTP:adele")', true],
    ['user.proxyAddresses -any (_ -in ["smtp:av@fabrikam.com"])', true],
    ['user.proxyAddresses -any (_ -startsWith "smtp:" -and _ -endsWith "fabrikam.com")', true],
    ['user.proxyAddresses -all (_ -startsWith "smtp:" -and _ -endsWith "fabrikam.com")', false],
    ['user.proxyAddresses -startsWith "SMTP:adele"', true],
    ['user.proxyAddresses -endsWith "@outlook.com"', false],
    ['user.proxyAddresses -notEndsWith "@outlook.com"', true],
    ['user.proxyAddresses -notEndsWith "@fabrikam.com"', false],
    ['user.proxyAddresses -contains "fabrikam"', true],
    ['user.proxyAddresses -eq null', false],
    ['user.proxyAddresses -ne null', true],
    ['user.otherMails -eq null', true],
    ['user.otherMails -any (_ -eq "x")', false],
    ['user.otherMails -all (_ -eq "x")', true],
    ['user.otherMails -notContains "x"', true],
    ['user.otherMails -contains "x"', false],
  ])('%s -> %s', (rule, want) => expect(ev(rule, u)).toBe(want));
});

describe('booleans and derived properties', () => {
  it('booleans', () => {
    expect(ev('user.accountEnabled -eq true', makeUser({ accountEnabled: true }))).toBe(true);
    expect(ev('user.accountEnabled -eq false', makeUser({ accountEnabled: true }))).toBe(false);
    expect(ev('user.accountEnabled -ne false', makeUser({ accountEnabled: true }))).toBe(true);
    expect(ev('user.dirSyncEnabled -eq true', makeUser({ onPremisesSyncEnabled: true }))).toBe(true);
    // A cloud-only user has onPremisesSyncEnabled null: neither true nor false.
    expect(ev('user.dirSyncEnabled -eq false', makeUser({ onPremisesSyncEnabled: null }))).toBe(false);
    expect(ev('user.dirSyncEnabled -ne true', makeUser({ onPremisesSyncEnabled: null }))).toBe(true);
    expect(ev('user.dirSyncEnabled -eq null', makeUser({ onPremisesSyncEnabled: null }))).toBe(true);
    expect(ev('device.isRooted -eq true', makeDevice({ isRooted: null }))).toBe(false);
  });

  it('renamed and derived user properties', () => {
    const u = makeUser({
      id: 'AAAAAAAA-0000-0000-0000-000000000001',
      mobilePhone: '+1 555',
      officeLocation: '18/2111',
      faxNumber: '+1 556',
      businessPhones: ['+1 425 555 0100', '+1 425 555 0101'],
      proxyAddresses: ['SMTP:a@contoso.com', 'SIP:adele@contoso.com'],
      mailNickname: 'AdeleV',
    });
    expect(ev('user.objectId -eq "aaaaaaaa-0000-0000-0000-000000000001"', u)).toBe(true);
    expect(ev('user.mobile -eq "+1 555"', u)).toBe(true);
    expect(ev('user.physicalDeliveryOfficeName -startsWith "18/"', u)).toBe(true);
    expect(ev('user.facsimileTelephoneNumber -eq "+1 556"', u)).toBe(true);
    expect(ev('user.telephoneNumber -eq "+1 425 555 0100"', u)).toBe(true);
    expect(ev('user.telephoneNumber -eq "+1 425 555 0101"', u)).toBe(false);
    expect(ev('user.telephoneNumber -eq null', makeUser())).toBe(true);
    expect(ev('user.sipProxyAddress -eq "adele@contoso.com"', u)).toBe(true);
    expect(ev('user.sipProxyAddress -eq null', makeUser({ proxyAddresses: ['SMTP:a@b.c'] }))).toBe(true);
    expect(ev('user.mailNickName -eq "adelev"', u)).toBe(true);
  });

  it('device properties use their Graph model names', () => {
    const d = makeDevice({
      operatingSystem: 'Windows',
      operatingSystemVersion: '10.0.19045.1',
      trustType: 'ServerAD',
      physicalIds: ['[OrderID]:Kiosk', '[ZTDId]:x'],
      mdmAppId: '0000000a-0000-0000-c000-000000000000',
      manufacturer: 'Contoso',
      model: 'X1',
      deviceOwnership: 'Company',
      extensionAttribute1: 'Finance',
    });
    expect(ev('device.deviceOSType -eq "windows" -and device.deviceOSVersion -startsWith "10.0.1"', d)).toBe(true);
    expect(ev('device.deviceTrustType -eq "ServerAD"', d)).toBe(true);
    expect(ev('device.devicePhysicalIds -any _ -eq "[OrderID]:Kiosk"', d)).toBe(true);
    expect(ev('device.deviceManagementAppId -eq "0000000a-0000-0000-c000-000000000000"', d)).toBe(true);
    expect(ev('device.deviceManufacturer -eq "contoso" -and device.deviceModel -eq "x1"', d)).toBe(true);
    expect(ev('device.deviceOwnership -eq "Company" -and device.extensionAttribute1 -eq "finance"', d)).toBe(true);
    expect(ev('(device.deviceOSType -eq "Windows") and (device.devicePhysicalIDs -all (_ -notStartsWith "[ZTDID]"))', d)).toBe(false);
  });

  it('directory extensions come from the context, else from the subject', () => {
    const name = 'extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber';
    const rule = `user.${name} -eq "123"`;
    expect(ev(rule, makeUser(), ctxWith({ ext: { [name]: '123' } }))).toBe(true);
    expect(ev(rule, makeUser(), ctxWith({ ext: {} }))).toBe(false);
    expect(ev(rule, { ...makeUser(), [name]: '123' } as RuleSubject)).toBe(true);
  });
});

describe('datetimes and system.now', () => {
  const hired = (d: string | null) => makeUser({ employeeHireDate: d });
  it('absolute dates with -ge/-le/-eq', () => {
    expect(ev('user.employeeHireDate -le 2020-06-10T18:13:20Z', hired('2020-06-10T18:13:20.000Z'))).toBe(true);
    expect(ev('user.employeeHireDate -le 2020-06-10T18:13:20Z', hired('2020-06-10T18:13:21Z'))).toBe(false);
    expect(ev('user.employeeHireDate -ge 2020-06-10', hired('2020-06-10T00:00:00Z'))).toBe(true);
    expect(ev('user.employeeHireDate -eq 2020-06-10T20:13:20+02:00', hired('2020-06-10T18:13:20Z'))).toBe(true);
    expect(ev('user.employeeHireDate -eq "2020-06-10T18:13:20Z"', hired('2020-06-10T18:13:20Z'))).toBe(true);
  });
  it('null hire date: only -eq null is true', () => {
    expect(ev('user.employeeHireDate -ge 2000-01-01', hired(null))).toBe(false);
    expect(ev('user.employeeHireDate -le 2100-01-01', hired(null))).toBe(false);
    expect(ev('user.employeeHireDate -eq null', hired(null))).toBe(true);
    expect(ev('user.employeeHireDate -eq null', hired('2020-01-01T00:00:00Z'))).toBe(false);
  });
  it('system.now comes from the context', () => {
    const starting = '(user.employeeHireDate -ge system.now) and (user.employeeHireDate -le system.now -plus p1d)';
    expect(ev(starting, hired('2026-03-16T00:00:00Z'))).toBe(true); // NOW is 2026-03-15T12:00Z
    expect(ev(starting, hired('2026-03-16T12:00:01Z'))).toBe(false);
    expect(ev(starting, hired('2026-03-15T11:59:59Z'))).toBe(false);
    expect(ev('user.employeeHireDate -le system.now -minus P30D', hired('2026-02-13T12:00:00Z'))).toBe(true);
    expect(ev('user.employeeHireDate -le system.now -minus P30D', hired('2026-02-13T12:00:01Z'))).toBe(false);
  });
  it('a compiled rule follows a changing now', () => {
    const f = compileRule(parseRule('user.employeeHireDate -le system.now'));
    const u = hired('2026-03-15T12:00:00Z');
    expect(f(u, { now: '2026-03-15T11:00:00Z' })).toBe(false);
    expect(f(u, { now: NOW })).toBe(true);
    expect(f(u, { now: '2026-03-15T11:00:00Z' })).toBe(false);
  });
});

describe('assignedPlans, memberOf, Direct Reports', () => {
  const plans = [
    { servicePlanId: 'EFB87545-963C-4E0D-99DF-69C6916D9EB0', service: 'exchange', capabilityStatus: 'Enabled' },
    { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', service: 'TeamspaceAPI', capabilityStatus: 'Deleted' },
  ];
  it('assignedPlans -any with -and inside', () => {
    const enabled =
      'user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")';
    expect(ev(enabled, makeUser(), ctxWith({ plans }))).toBe(true);
    const teams =
      'user.assignedPlans -any (assignedPlan.servicePlanId -eq "57ff2da0-773e-42df-b2af-ffb7a2317929" -and assignedPlan.capabilityStatus -eq "Enabled")';
    expect(ev(teams, makeUser(), ctxWith({ plans }))).toBe(false);
    expect(ev('user.assignedPlans -any (assignedPlan.service -eq "SCO")', makeUser(), ctxWith({ plans }))).toBe(false);
    expect(ev('user.assignedPlans -any (assignedPlan.service -eq "EXCHANGE")', makeUser(), ctxWith({ plans }))).toBe(true);
  });
  it('missing context functions mean empty collections', () => {
    expect(ev('user.assignedPlans -all (assignedPlan.servicePlanId -eq null)', makeUser(), { now: NOW })).toBe(true);
    expect(ev("user.memberOf -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863'])", makeUser(), { now: NOW })).toBe(false);
  });
  it('memberOf matches direct groups, case-insensitively', () => {
    const rule = "user.memberOf -any (group.objectId -in ['62E19B97-8B3D-4D4A-A106-4CE66896A863', '00000000-0000-4000-8000-000000000001'])";
    expect(ev(rule, makeUser(), ctxWith({ groups: ['62e19b97-8b3d-4d4a-a106-4ce66896a863'] }))).toBe(true);
    expect(ev(rule, makeUser(), ctxWith({ groups: ['00000000-0000-4000-8000-000000000002'] }))).toBe(false);
    expect(ev(rule.replace('user.', 'device.'), makeDevice(), ctxWith({ groups: ['00000000-0000-4000-8000-000000000001'] }))).toBe(true);
  });
  it('Direct Reports matches only users whose manager is that id', () => {
    const rule = 'Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"';
    expect(ev(rule, makeUser({ managerId: '62E19B97-8B3D-4D4A-A106-4CE66896A863' }))).toBe(true);
    expect(ev(rule, makeUser({ managerId: null }))).toBe(false);
    expect(ev(rule, makeUser({ id: '62e19b97-8b3d-4d4a-a106-4ce66896a863', managerId: null }))).toBe(false);
    expect(ev(rule, makeDevice())).toBe(false);
  });
});

describe('device filter dialect semantics (rules.md §10b)', () => {
  const opts = { dialect: 'deviceFilter' as const };
  const d = makeDevice({ physicalIds: ['[OrderID]:Kiosk'], isCompliant: true });
  const evf = (rule: string, subject: RuleSubject = d) => evaluateRule(parseRule(rule, opts), subject, ctxWith());
  it('-contains on a collection is whole-element equality', () => {
    expect(evf('device.physicalIds -contains "[OrderID]:kiosk"')).toBe(true);
    expect(evf('device.physicalIds -contains "Kiosk"')).toBe(false);
    expect(evf('device.physicalIds -notContains "Kiosk"')).toBe(true);
  });
  it('-contains on a string is a substring test', () => expect(evf('device.displayName -contains "top"')).toBe(true));
  it('isCompliant takes quoted True/False', () => {
    expect(evf('device.isCompliant -eq "True"')).toBe(true);
    expect(evf('device.isCompliant -eq "False"')).toBe(false);
  });
  it('an unregistered device (all null) matches only negative operators', () => {
    const blank = { id: 'x' } as unknown as RuleSubject;
    expect(evf('device.model -eq "X1"', blank)).toBe(false);
    expect(evf('device.model -ne "X1"', blank)).toBe(true);
    expect(evf('device.model -notIn ["X1"]', blank)).toBe(true);
    expect(evf('device.physicalIds -notContains "x"', blank)).toBe(true);
  });
});

it('evaluateRule and compileRule agree and the compiled closure is reusable', () => {
  const rule = parseRule('user.department -in ["Sales","HR"] -and user.city -ne "Paris"');
  const f = compileRule(rule);
  const users = [
    makeUser({ department: 'sales', city: 'Lyon' }),
    makeUser({ department: 'HR', city: 'PARIS' }),
    makeUser({ department: 'IT', city: null }),
    makeUser({ department: 'hr', city: null }),
  ];
  expect(users.map((u) => f(u, ctxWith()))).toEqual([true, false, false, true]);
  expect(users.map((u) => evaluateRule(rule, u, ctxWith()))).toEqual([true, false, false, true]);
});
