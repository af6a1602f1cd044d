// The parser may reject any input, but only with a RuleSyntaxError, quickly, and with a position
// inside the text; accepted rules must compile, evaluate and explain without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { compileRule, explainRule, MAX_RULE_LENGTH, parseRule, RuleSyntaxError } from '../../../src/core/rules/index.js';
import { ctxWith, makeDevice, makeUser } from './fixtures.js';

const EXAMPLES = [
  'user.department -eq "Sales"',
  '(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")',
  'user.country -eq "US" -or user.country -eq "CA" -and user.department -eq "Sales"',
  'user.proxyAddresses -any (_ -contains "contoso")',
  'device.devicePhysicalIds -any _ -eq "[OrderID]:1"',
  'user.assignedPlans -all (assignedPlan.servicePlanId -eq null)',
  'user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")',
  '(device.deviceOSType -eq "Windows") and (device.devicePhysicalIDs -all (_ -notStartsWith "[ZTDID]"))',
  'user.employeehiredate -ge system.now -plus p1d',
  '(user.employeeHireDate -ge system.now) and (user.employeeHireDate -le system.now -plus p1d)',
  'user.employeehiredate -le 2020-06-10T18:13:20Z',
  'Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"',
  "user.memberof -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863'])",
  'user.department -in ["50001","50002","50003"]',
  'user.surname -eq "O\'\'Brien"',
  'user.department -eq "`"Sales`""',
  'user.city -match "ago"',
  'user.userPrincipalName -match "@contoso\\.com$"',
  '(user.objectId -ne null) -and (user.userType -eq "Member")',
  'user.mail -ne $null',
  "(user.country -eq 'United States')",
  'user.extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber -eq "123"',
  'user.otherMails -endsWith "@contoso.com"',
  'device.deviceManagementAppId -eq "0000000a-0000-0000-c000-000000000000"',
];

const TOKENS = [
  'user.department', 'user.proxyAddresses', 'user.assignedPlans', 'user.memberOf', 'user.employeeHireDate', 'user.accountEnabled',
  'device.deviceOSType', 'device.devicePhysicalIds', 'assignedPlan.servicePlanId', 'group.objectId', '_', 'system.now',
  '-eq', 'eq', '-ne', '-startsWith', '-notEndsWith', '-contains', '-match', '-notMatch', '-in', '-notIn', '-ge', '-le',
  '-and', 'or', '-not', '-any', '-all', '-plus', '-minus', 'p1d', 'P30D', 'true', 'null', '$null', '42', '2020-06-10',
  '(', ')', '[', ']', ',', '"Sales"', "'x'", '"^a.*"', '"*bad"', '"', "'", '`', '“', '–', 'Direct', 'Reports', 'for',
  '"62e19b97-8b3d-4d4a-a106-4ce66896a863"', '\n', ' ', '==', 'user.', 'user.x', '-', '.',
];

const subjects = [
  makeUser({ department: 'Sales', proxyAddresses: ['SMTP:a@contoso.com'], employeeHireDate: '2020-06-10T00:00:00Z' }),
  makeUser(),
  makeDevice({ physicalIds: ['[OrderID]:1'] }),
  makeDevice(),
];
const ctx = ctxWith({ plans: [{ servicePlanId: 'p', service: 's', capabilityStatus: 'Enabled' }], groups: ['62e19b97-8b3d-4d4a-a106-4ce66896a863'] });

/** Parses; on success compiles, evaluates and explains; asserts only RuleSyntaxErrors escape. */
const exercise = (text: string): void => {
  try {
    const rule = parseRule(text);
    expect(rule.text).toBe(text);
    const f = compileRule(rule);
    for (const s of subjects) {
      const r = f(s, ctx);
      expect(typeof r).toBe('boolean');
      expect(explainRule(rule, s, ctx).membershipRuleEvaluationResult).toBe(r);
    }
  } catch (e) {
    if (!(e instanceof RuleSyntaxError)) throw e;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.position.offset).toBeGreaterThanOrEqual(0);
    expect(e.position.offset).toBeLessThanOrEqual(text.length);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.render()).toContain('^');
  }
};

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('case' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

const apply = (text: string, m: Mutation): string => {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case 'case':
      return text.slice(0, at) + text.slice(at, at + m.len).toUpperCase() + text.slice(at + m.len);
  }
};

describe('fuzz', () => {
  it('every documented example parses', () => {
    for (const e of EXAMPLES) expect(() => parseRule(e)).not.toThrow();
  });

  it('arbitrary strings: reject or accept, never crash', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (s) => exercise(s)), { numRuns: 1500 });
  });

  it('token soup: reject or accept, never crash', () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(' '));
    fc.assert(fc.property(soup, (s) => exercise(s)), { numRuns: 3000 });
    const tight = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(''));
    fc.assert(fc.property(tight, (s) => exercise(s)), { numRuns: 1500 });
  });

  it('mutated examples: reject or accept, never crash', () => {
    const arb = fc.tuple(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([e, ms]) => ms.reduce(apply, e));
    fc.assert(fc.property(arb, (s) => exercise(s)), { numRuns: 4000 });
  });

  it('adversarial inputs at the length limit finish quickly', () => {
    const n = MAX_RULE_LENGTH;
    const cases = [
      '('.repeat(n),
      ')'.repeat(n),
      '-not '.repeat(n / 5),
      '"'.repeat(n),
      "'".repeat(n),
      '`'.repeat(n),
      '['.repeat(n),
      'user.department -in [' + '"a",'.repeat((n - 30) / 4) + '"a"]',
      'user.department -eq "a"' + ' -or user.department -eq "a"'.repeat((n - 30) / 28),
      ('(user.city -eq "x") -and ').repeat(n / 30),
      'user.proxyAddresses -any (' + '_ -eq "a" -or '.repeat((n - 60) / 14) + '_ -eq "a")',
      'user.department -match "' + '(a+)+'.repeat(10) + '"',
      'Direct Reports for ' + '"'.repeat(n - 20),
      'x'.repeat(n),
      'user.' + 'a'.repeat(n - 20) + ' -eq "x"',
      '-'.repeat(n),
      ' '.repeat(n),
      '\n'.repeat(n),
    ];
    for (const c of cases) {
      expect(c.length).toBeLessThanOrEqual(n);
      exercise(c);
    }
  });
});
