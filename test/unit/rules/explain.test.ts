import { describe, expect, it } from 'vitest';
import { compileRule, explainRule, parseRule, type ExpressionEvaluationDetails } from '../../../src/core/rules/index.js';
import { ctxWith, makeDevice, makeUser } from './fixtures.js';

describe('explainRule (rules.md §9)', () => {
  it('matches the Graph example: outer parentheses stripped from expression', () => {
    const rule = parseRule('(user.displayName -startsWith "EndTestUser")');
    const out = explainRule(rule, makeUser({ displayName: 'EndTestUser001' }), ctxWith());
    expect(out).toEqual({
      membershipRule: '(user.displayName -startsWith "EndTestUser")',
      membershipRuleEvaluationResult: true,
      membershipRuleEvaluationDetails: {
        expression: 'user.displayName -startsWith "EndTestUser"',
        expressionResult: true,
        propertyToEvaluate: { propertyName: 'displayName', propertyValue: 'EndTestUser001' },
        expressionEvaluationDetails: [],
      },
    });
  });

  it('gives one child per operand of -and/-or, each with its own result', () => {
    const rule = parseRule('(user.department -eq "Sales") -and (user.accountEnabled -eq true) -and -not (user.city -eq null)');
    const out = explainRule(rule, makeUser({ department: 'Sales', accountEnabled: false, city: null }), ctxWith());
    expect(out.membershipRuleEvaluationResult).toBe(false);
    const d = out.membershipRuleEvaluationDetails;
    expect(d.expression).toBe(rule.text);
    expect(d.propertyToEvaluate).toBeNull();
    expect(d.expressionEvaluationDetails.map((c) => [c.expression, c.expressionResult, c.propertyToEvaluate])).toEqual([
      ['user.department -eq "Sales"', true, { propertyName: 'department', propertyValue: 'Sales' }],
      ['user.accountEnabled -eq true', false, { propertyName: 'accountEnabled', propertyValue: 'false' }],
      ['-not (user.city -eq null)', false, null],
    ]);
    const not = d.expressionEvaluationDetails[2]!;
    expect(not.expressionEvaluationDetails).toEqual([
      { expression: 'user.city -eq null', expressionResult: true, propertyToEvaluate: { propertyName: 'city', propertyValue: null }, expressionEvaluationDetails: [] },
    ]);
  });

  it('uses the rule-language property name, reading the mapped model property', () => {
    const out = explainRule(parseRule('user.mobile -eq "+1"'), makeUser({ mobilePhone: '+1' }), ctxWith());
    expect(out.membershipRuleEvaluationDetails.propertyToEvaluate).toEqual({ propertyName: 'mobile', propertyValue: '+1' });
  });

  it('explains -any per element', () => {
    const rule = parseRule('user.proxyAddresses -any (_ -startsWith "smtp:" -and _ -contains "fabrikam")');
    const u = makeUser({ proxyAddresses: ['SMTP:a@contoso.com', 'smtp:a@fabrikam.com'] });
    const d = explainRule(rule, u, ctxWith()).membershipRuleEvaluationDetails;
    expect(d.expressionResult).toBe(true);
    expect(d.propertyToEvaluate).toEqual({ propertyName: 'proxyAddresses', propertyValue: '["SMTP:a@contoso.com","smtp:a@fabrikam.com"]' });
    expect(d.expressionEvaluationDetails.map((c) => c.expressionResult)).toEqual([false, true]);
    expect(d.expressionEvaluationDetails[0]!.expressionEvaluationDetails.map((c) => [c.expression, c.expressionResult, c.propertyToEvaluate?.propertyValue])).toEqual([
      ['_ -startsWith "smtp:"', true, 'SMTP:a@contoso.com'],
      ['_ -contains "fabrikam"', false, 'SMTP:a@contoso.com'],
    ]);
  });

  it('explains -all over an empty collection as vacuously true with no children', () => {
    const d = explainRule(parseRule('user.assignedPlans -all (assignedPlan.servicePlanId -eq null)'), makeUser(), ctxWith()).membershipRuleEvaluationDetails;
    expect(d).toEqual({
      expression: 'user.assignedPlans -all (assignedPlan.servicePlanId -eq null)',
      expressionResult: true,
      propertyToEvaluate: { propertyName: 'assignedPlans', propertyValue: '[]' },
      expressionEvaluationDetails: [],
    });
  });

  it('explains Direct Reports and memberOf', () => {
    const dr = explainRule(parseRule('Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"'), makeUser({ managerId: '62e19b97-8b3d-4d4a-a106-4ce66896a863' }), ctxWith());
    expect(dr.membershipRuleEvaluationResult).toBe(true);
    expect(dr.membershipRuleEvaluationDetails.propertyToEvaluate).toEqual({ propertyName: 'manager', propertyValue: '62e19b97-8b3d-4d4a-a106-4ce66896a863' });
    const mo = explainRule(
      parseRule("device.memberOf -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863'])"),
      makeDevice(),
      ctxWith({ groups: ['62e19b97-8b3d-4d4a-a106-4ce66896a863'] }),
    );
    expect(mo.membershipRuleEvaluationResult).toBe(true);
    expect(mo.membershipRuleEvaluationDetails.expressionEvaluationDetails[0]!.expression).toBe("group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863']");
  });

  it('always agrees with compileRule', () => {
    const rules = [
      'user.country -eq "US" -or user.country -eq "CA" -and user.department -eq "Sales"',
      '-not (user.city -match "^P") -or user.proxyAddresses -all (_ -endsWith ".com")',
      'user.department -notIn ["a","b"] -and user.jobTitle -ne null',
    ];
    const users = [
      makeUser({ country: 'US', department: 'x', city: 'Paris', proxyAddresses: ['a@b.org'] }),
      makeUser({ country: 'CA', department: 'sales', city: null, jobTitle: 'Dev' }),
      makeUser({ country: null, department: 'A', city: 'Lyon' }),
    ];
    const check = (d: ExpressionEvaluationDetails): void => d.expressionEvaluationDetails.forEach(check);
    for (const r of rules) {
      const rule = parseRule(r);
      for (const u of users) {
        const out = explainRule(rule, u, ctxWith());
        expect(out.membershipRuleEvaluationResult).toBe(compileRule(rule)(u, ctxWith()));
        expect(out.membershipRuleEvaluationDetails.expressionResult).toBe(out.membershipRuleEvaluationResult);
        check(out.membershipRuleEvaluationDetails);
      }
    }
  });
});
