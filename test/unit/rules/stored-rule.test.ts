// The stored form of a parsed rule (migration 008) must restore to exactly what parseRule returns,
// and must not be used for another text or another version of the form.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../../../src/core/rules/index.js';
import { restoreStoredRule, STORED_RULE_FORMAT, storedRuleJson } from '../../../src/core/rules/stored-rule.js';

/** Every node kind and literal kind the parser makes. */
const CORPUS = [
  'user.department -eq "Sales"',
  '  user.city -eq "x"  ',
  'User.city -eq "x"',
  'user.department -in ["Sales","HR"] -and user.city -ne "Paris"',
  '(user.department -eq "Sales") -and (user.accountEnabled -eq true) -and -not (user.city -eq null)',
  'user.proxyAddresses -any (_ -startsWith "smtp:" -and _ -contains "fabrikam")',
  'user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")',
  'user.assignedPlans -all (assignedPlan.servicePlanId -eq null)',
  'Direct Reports for "62E19B97-8B3D-4D4A-A106-4CE66896A863"',
  "user.memberof -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863', '0b7c5d2e-1f1a-4a5b-9c3d-2e4f6a8b0c1d'])",
  'device.deviceOSType -eq "Windows" -or device.isRooted -eq false',
  'user.employeeHireDate -le system.now -minus P30D',
  'user.employeeHireDate -ge 2024-06-10T18:13:20Z',
  'user.employeeId -eq 050',
  'user.mail -match "^adele\\." -or user.extensionAttribute7 -notContains "x"',
  'user.extension_9d0d1c2e3f4a5b6c7d8e9f0a1b2c3d4e_costCenter -eq "42"',
  'user.otherMails -contains "a@b.c" -and user.telephoneNumber -startsWith "+1"',
];

describe('stored parsed rules', () => {
  it('restore to exactly what parseRule returns', () => {
    for (const text of CORPUS) {
      const rule = parseRule(text);
      const back = restoreStoredRule(text, STORED_RULE_FORMAT, storedRuleJson(rule));
      expect(back, text).toStrictEqual(rule);
    }
  });

  it('are not used for another text, another format, or a damaged value', () => {
    const json = storedRuleJson(parseRule('user.department -eq "Sales"'));
    expect(restoreStoredRule('user.department -eq "Sales"', STORED_RULE_FORMAT, json)).toBeDefined();
    expect(restoreStoredRule('user.department -eq "Sales" ', STORED_RULE_FORMAT, json)).toBeUndefined();
    expect(restoreStoredRule('user.department -eq "Sales"', STORED_RULE_FORMAT + 1, json)).toBeUndefined();
    expect(restoreStoredRule('user.department -eq "Sales"', STORED_RULE_FORMAT, json.slice(0, -1))).toBeUndefined();
    expect(restoreStoredRule('user.department -eq "Sales"', STORED_RULE_FORMAT, 'null')).toBeUndefined();
  });

  it('change format when parseRule changes its output (bump STORED_RULE_FORMAT, then update this pin)', () => {
    const h = createHash('sha256');
    for (const text of CORPUS) h.update(storedRuleJson(parseRule(text))).update('\n');
    // If this fails, parseRule now returns something else for some text: rules stored by earlier
    // versions would restore to the old form. Bump STORED_RULE_FORMAT in
    // src/core/rules/stored-rule.ts and record the new pair here.
    expect({ format: STORED_RULE_FORMAT, fingerprint: h.digest('hex').slice(0, 16) }).toEqual({ format: 1, fingerprint: 'a5dbab011107c884' });
  });
});
