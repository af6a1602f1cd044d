import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, parseRule, RuleSyntaxError } from '../../../src/core/rules/index.js';
import { parseError } from './fixtures.js';
import { showRule } from './show.js';

const p = (text: string) => showRule(parseRule(text));

describe('comparison operators', () => {
  it.each([
    ['user.department -eq "Sales"', '(eq department "Sales")'],
    ['user.department -ne "Sales"', '(ne department "Sales")'],
    ['user.department -startsWith "Sa"', '(startsWith department "Sa")'],
    ['user.department -notStartsWith "Sa"', '(notStartsWith department "Sa")'],
    ['user.department -endsWith "es"', '(endsWith department "es")'],
    ['user.department -notEndsWith "es"', '(notEndsWith department "es")'],
    ['user.department -contains "al"', '(contains department "al")'],
    ['user.department -notContains "al"', '(notContains department "al")'],
    ['user.department -match "^S.*"', '(match department "^S.*")'],
    ['user.department -notMatch "^S.*"', '(notMatch department "^S.*")'],
    ['user.department -in ["Sales", "HR"]', '(in department ["Sales" "HR"])'],
    ['user.department -notIn ["Sales"]', '(notIn department ["Sales"])'],
    ['user.employeeHireDate -ge 2020-06-10T18:13:20Z', '(ge employeeHireDate @2020-06-10T18:13:20.000Z)'],
    ['user.employeeHireDate -le 2020-06-10', '(le employeeHireDate @2020-06-10T00:00:00.000Z)'],
  ])('%s', (text, expected) => expect(p(text)).toBe(expected));

  it.each([
    ['user.department eq "Sales"', '(eq department "Sales")'],
    ['user.department -EQ "Sales"', '(eq department "Sales")'],
    ['user.department STARTSWITH "Sa"', '(startsWith department "Sa")'],
    ['user.department -startswith "Sa"', '(startsWith department "Sa")'],
    ['user.department -notin ["a"]', '(notIn department ["a"])'],
    ['user.department -In ["a"]', '(in department ["a"])'],
    ['user.department notcontains "x"', '(notContains department "x")'],
  ])('hyphenless and any-case operator: %s', (text, expected) => expect(p(text)).toBe(expected));

  it('accepts logical operators with or without hyphen, in any case', () => {
    expect(p('user.city -eq "a" AND user.city -eq "b" Or -NOT user.city -eq "c"')).toBe(
      '(or (and (eq city "a") (eq city "b")) (not (eq city "c")))',
    );
  });
});

describe('precedence (rules.md §3.3)', () => {
  it('-and binds tighter than -or', () => {
    expect(p('user.country -eq "US" -or user.country -eq "CA" -and user.department -eq "Sales"')).toBe(
      '(or (eq country "US") (and (eq country "CA") (eq department "Sales")))',
    );
  });
  it('parentheses override it', () => {
    expect(p('(user.country -eq "US" -or user.country -eq "CA") -and user.department -eq "Sales"')).toBe(
      '(and (or (eq country "US") (eq country "CA")) (eq department "Sales"))',
    );
  });
  it('-not binds tighter than -and and looser than comparisons', () => {
    expect(p('-not user.a1 -eq "x" -and user.city -eq "y"'.replace('a1', 'city'))).toBe('(and (not (eq city "x")) (eq city "y"))');
    expect(p('(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")')).toBe(
      '(and (eq department "Sales") (not (startsWith jobTitle "SDE")))',
    );
  });
  it('double negation nests', () => expect(p('-not -not user.city -eq "x"')).toBe('(not (not (eq city "x")))'));
  it('chains of one operator are flat', () => {
    expect(p('user.city -eq "a" -or user.city -eq "b" -or user.city -eq "c"')).toBe('(or (eq city "a") (eq city "b") (eq city "c"))');
  });
  it('redundant parentheses disappear from the tree', () => expect(p('(((user.city -eq "a")))')).toBe('(eq city "a")'));
});

describe('collections (rules.md §3.4)', () => {
  it('-any with _ over a string collection', () => {
    expect(p('user.proxyAddresses -any (_ -startsWith "smtp:")')).toBe('(any proxyAddresses (startsWith _ "smtp:"))');
  });
  it('the unparenthesised documented form is normalised to the parenthesised one', () => {
    expect(p('device.devicePhysicalIds -any _ -eq "[OrderID]:1"')).toBe('(any devicePhysicalIds (eq _ "[OrderID]:1"))');
  });
  it('the unparenthesised form takes one comparison; -and continues the outer expression', () => {
    expect(p('device.devicePhysicalIds -any _ -eq "a" -and device.deviceOSType -eq "Windows"')).toBe(
      '(and (any devicePhysicalIds (eq _ "a")) (eq deviceOSType "Windows"))',
    );
  });
  it('-all with assignedPlan fields and -and inside', () => {
    expect(
      p('user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")'),
    ).toBe('(any assignedPlans (and (eq assignedPlan.servicePlanId "efb87545-963c-4e0d-99df-69c6916d9eb0") (eq assignedPlan.capabilityStatus "Enabled")))');
  });
  it('assignedPlan fields are case-insensitive', () => {
    expect(p('user.assignedplans -all (AssignedPlan.ServicePlanID -eq null)')).toBe('(all assignedPlans (eq AssignedPlan.ServicePlanID null))');
  });
  it('string operators apply to a string collection directly', () => {
    expect(p('user.otherMails -endsWith "@contoso.com"')).toBe('(endsWith otherMails "@contoso.com")');
    expect(p('user.proxyAddresses -notEndsWith "@outlook.com"')).toBe('(notEndsWith proxyAddresses "@outlook.com")');
  });
});

describe('values', () => {
  it('null, $null and "null"', () => {
    expect(p('user.mail -eq null')).toBe('(eq mail null)');
    expect(p('user.mail -ne $NULL')).toBe('(ne mail null)');
    expect(p('user.mail -eq "null"')).toBe('(eq mail "null")');
  });
  it('booleans, unquoted, any case', () => {
    expect(p('user.accountEnabled -eq TRUE')).toBe('(eq accountEnabled true)');
    expect(p('device.isRooted -ne false')).toBe('(ne isRooted false)');
    expect(p('user.accountEnabled -eq null')).toBe('(eq accountEnabled null)');
  });
  it('single-quoted strings', () => expect(p("(user.country -eq 'United States')")).toBe('(eq country "United States")'));
  it('escapes', () => {
    expect(p('user.surname -eq "O\'\'Brien"')).toBe('(eq surname "O\'Brien")');
    expect(p('user.department -eq "`"Sales`""')).toBe('(eq department "\\"Sales\\"")');
  });
  it('bare numbers compare as text', () => {
    expect(p('user.employeeId -eq 050')).toBe('(eq employeeId #050)');
    expect(p('user.department -in ["50001","50002", 50003]')).toBe('(in department ["50001" "50002" #50003])');
  });
  it('system.now with and without a duration', () => {
    expect(p('user.employeehiredate -ge system.now -plus p1d')).toBe('(ge employeeHireDate now+p1d)');
    expect(p('user.employeeHireDate -le system.now -minus P30D')).toBe('(le employeeHireDate now-P30D)');
    expect(p('user.employeeHireDate -ge system.now')).toBe('(ge employeeHireDate now)');
    expect(p('(user.employeeHireDate -ge system.now) and (user.employeeHireDate -le system.now -plus p1d)')).toBe(
      '(and (ge employeeHireDate now) (le employeeHireDate now+p1d))',
    );
  });
  it('a quoted datetime on a datetime property', () => {
    expect(p('user.employeeHireDate -eq "2020-06-10T18:13:20Z"')).toBe('(eq employeeHireDate @2020-06-10T18:13:20.000Z)');
  });
  it('multi-line rules', () => {
    expect(p('(user.department -eq "Sales")\n  -and (user.city -eq "Paris")\r\n')).toBe('(and (eq department "Sales") (eq city "Paris"))');
  });
  it('leading and trailing whitespace is ignored but the text is kept verbatim', () => {
    const r = parseRule('  user.city -eq "x"  ');
    expect(r.text).toBe('  user.city -eq "x"  ');
    expect(showRule(r)).toBe('(eq city "x")');
  });
});

describe('property names (rules.md §6)', () => {
  it.each([
    ['user.objectId', 'id'],
    ['user.mailNickName', 'mailNickname'],
    ['user.mailnickname', 'mailNickname'],
    ['user.mobile', 'mobilePhone'],
    ['user.physicalDeliveryOfficeName', 'officeLocation'],
    ['user.facsimileTelephoneNumber', 'faxNumber'],
    ['user.telephoneNumber', 'businessPhones'],
    ['user.dirSyncEnabled', 'onPremisesSyncEnabled'],
    ['user.sipProxyAddress', 'proxyAddresses'],
    ['user.extensionAttribute15', 'extensionAttribute15'],
    ['device.deviceOSType', 'operatingSystem'],
    ['device.deviceOSVersion', 'operatingSystemVersion'],
    ['device.deviceTrustType', 'trustType'],
    ['device.devicePhysicalIDs', 'physicalIds'],
    ['device.deviceManagementAppId', 'mdmAppId'],
    ['device.deviceManufacturer', 'manufacturer'],
    ['device.deviceModel', 'model'],
    ['device.objectid', 'id'],
    ['DEVICE.extensionAttribute3', 'extensionAttribute3'],
  ])('%s reads %s', (prop, model) => {
    const isBool = prop.endsWith('dirSyncEnabled');
    const isColl = prop.endsWith('PhysicalIDs');
    const r = parseRule(`${prop} ${isColl ? '-any (_ -eq "x")' : isBool ? '-eq true' : '-eq "x"'}`);
    expect(r.kind).toBe('expression');
    if (r.kind !== 'expression') return;
    const left = r.root.kind === 'compare' ? r.root.left : r.root.kind === 'quantifier' ? r.root.collection : null;
    expect(left?.kind === 'property' && left.def.modelProperty).toBe(model);
  });

  it('derives the object type', () => {
    expect(parseRule('user.city -eq "x"').objectType).toBe('user');
    expect(parseRule('device.deviceOSType -eq "Windows"').objectType).toBe('device');
    expect(parseRule('User.city -eq "x"').objectType).toBe('user');
  });

  it('accepts directory extensions, and checks them against the registered list when given', () => {
    const name = 'extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber';
    expect(p(`user.${name} -eq "123"`)).toBe(`(eq ${name} "123")`);
    expect(p(`user.${name.toLowerCase()} -eq "123"`)).toBe(`(eq ${name.toLowerCase()} "123")`);
    const r = parseRule(`user.${name.toLowerCase()} -eq "1"`, { directoryExtensions: [name] });
    expect(r.kind === 'expression' && r.root.kind === 'compare' && r.root.left.kind === 'property' && r.root.left.def.modelProperty).toBe(name);
    const err = parseError(`user.${name} -eq "1"`, { directoryExtensions: [] });
    expect(err.reason).toBe('attributeNotSupported');
    expect(err.hint).toContain('No app in this tenant registers');
  });
});

describe('special forms (rules.md §5)', () => {
  it('Direct Reports, any case, any whitespace', () => {
    const r = parseRule('  direct   REPORTS for "62E19B97-8B3D-4D4A-A106-4CE66896A863" ');
    expect(r).toMatchObject({ kind: 'directReports', objectType: 'user', managerId: '62e19b97-8b3d-4d4a-a106-4ce66896a863' });
  });
  it('memberOf with single quotes and de-duplicated ids', () => {
    const r = parseRule(
      "user.memberof -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863', '62E19B97-8B3D-4D4A-A106-4CE66896A863', \"0e1b2c3d-0000-4000-8000-000000000001\"])",
    );
    expect(r.kind).toBe('memberOf');
    expect(r.kind === 'memberOf' && r.groupIds).toEqual(['62e19b97-8b3d-4d4a-a106-4ce66896a863', '0e1b2c3d-0000-4000-8000-000000000001']);
  });
  it('device memberOf', () => {
    const r = parseRule("device.memberOf -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863'])");
    expect(r).toMatchObject({ kind: 'memberOf', objectType: 'device' });
  });
  it('memberOf in outer parentheses', () => {
    expect(parseRule("(user.memberOf -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863']))").kind).toBe('memberOf');
  });
  it('50 memberOf groups are allowed', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `'00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`);
    const r = parseRule(`user.memberOf -any (group.objectId -in [${ids.join(',')}])`);
    expect(r.kind === 'memberOf' && r.groupIds.length).toBe(50);
  });
  it('"All users" and "All devices"', () => {
    expect(p('user.objectId -ne null')).toBe('(ne objectId null)');
    expect(p('(user.objectId -ne null) -and (user.userType -eq "Member")')).toBe('(and (ne objectId null) (eq userType "Member"))');
    expect(p('device.objectId -ne null')).toBe('(ne objectId null)');
  });
  it('a rule of exactly 3,072 characters is accepted', () => {
    const head = 'user.department -eq "';
    const text = head + 'x'.repeat(MAX_RULE_LENGTH - head.length - 1) + '"';
    expect(text.length).toBe(MAX_RULE_LENGTH);
    expect(parseRule(text).kind).toBe('expression');
  });
});

describe('spans', () => {
  it('point at the source text, with and without parentheses', () => {
    const text = '(user.city -eq "a") -and (user.city -eq "b")';
    const r = parseRule(text);
    if (r.kind !== 'expression' || r.root.kind !== 'and') throw new Error('shape');
    const first = r.root.operands[0]!;
    expect(text.slice(first.span.start, first.span.end)).toBe('user.city -eq "a"');
    expect(text.slice(first.outer.start, first.outer.end)).toBe('(user.city -eq "a")');
    expect(text.slice(r.root.span.start, r.root.span.end)).toBe(text);
  });
});

describe('device filter dialect (rules.md §10b)', () => {
  it('uses Graph names and quoted booleans', () => {
    const r = parseRule('device.isCompliant -eq "True" -and device.operatingSystem -eq "Windows"', { dialect: 'deviceFilter' });
    expect(showRule(r)).toBe('(and (eq isCompliant true) (eq operatingSystem "Windows"))');
  });
  it('rejects membership names, -match and user properties', () => {
    expect(parseError('device.deviceOSType -eq "Windows"', { dialect: 'deviceFilter' }).reason).toBe('attributeNotSupported');
    expect(parseError('device.model -match "x"', { dialect: 'deviceFilter' }).reason).toBe('operatorNotSupported');
    expect(parseError('user.city -eq "x"', { dialect: 'deviceFilter' }).reason).toBe('invalidObjectType');
    expect(parseError('device.displayName -eq x', { dialect: 'deviceFilter' }).message).toMatch(/^Device filter rule validation error:/);
  });
});

it('RuleSyntaxError is what rejection throws', () => {
  expect(() => parseRule('user.nope -eq "x"')).toThrow(RuleSyntaxError);
});
