import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { assertRuleFitsGroup, caretLines, ENTRA_RULE_MESSAGES, parseRule, RuleSyntaxError } from '../../../src/core/rules/index.js';
import { parseError } from './fixtures.js';

const PREFIX = 'Dynamic membership rule validation error: ';

describe('Entra messages of rules.md §7, with position', () => {
  it.each([
    // [rule, reason, offset, text our addition must contain]
    ['user.invalidProperty -eq "Value"', 'attributeNotSupported', 5, 'user.invalidProperty is not a supported user property'],
    ['(user.accountEnabled -contains true)', 'operatorNotSupported', 21, 'boolean and takes only -eq or -ne, not -contains'],
    ['(user.department -eq "Sales") (user.city -eq "x")', 'queryCompilation', 30, 'Expected -and or -or before'],
    ['user.userPrincipalName -match "*@domain.ext"', 'queryCompilation', 30, 'Invalid regular expression "*@domain.ext": Nothing to repeat'],
    ['(user.department-eq"Sales")', 'binaryExpressionFormat', 16, 'Missing space before -eq'],
    ['user.department -eq"Sales"', 'binaryExpressionFormat', 19, 'Missing space after -eq'],
    ['user.department -eq "Sales"-and user.city -eq "x"', 'binaryExpressionFormat', 27, 'Missing space before -and'],
    ['(user.department –eq “Sales”)', 'binaryExpressionFormat', 17, 'en dash – (U+2013)'],
    ['user.accountEnabled -eq "True" AND user.city -eq "x"', 'unknownError', 24, 'write true without quotes'],
    ['user.mail -not null', 'invalidOperands', 10, '-not is not a comparison operator'],
    ['user.mail -not $null', 'invalidOperands', 10, '-not is not a comparison operator'],
    ['user.department -any (_ -eq "x")', 'invalidOperands', 16, '-any needs a multi-valued property'],
    ['user.proxyAddresses -all (user.city -eq "x")', 'invalidOperands', 26, 'only _ (the current value) can be used'],
    ['user.assignedPlans -any (_ -eq "x")', 'invalidOperands', 25, 'only assignedPlan.<field>'],
    ['_ -eq "x"', 'invalidOperands', 0, 'can only be used inside -any'],
    ['user.proxyAddresses -any -eq "x"', 'invalidOperands', 25, 'Expected (condition) after -any'],
    ['user.userPrincipalName -match [".*@a.com", ".*@b.com"]', 'valueNotApplicable', 30, 'can only follow -in or -notIn'],
    ['user.displayName -eq ["A","B"]', 'valueNotApplicable', 21, 'can only follow -in or -notIn, not -eq'],
    ['user.department -in "Sales"', 'valueNotApplicable', 20, '-in needs a list in brackets'],
    ['accountEnabled -eq true', 'noObjectType', 0, 'accountEnabled has no object prefix'],
    ['user.department -eq Sales', 'noObjectType', 20, 'Unquoted value Sales'],
    ['users.department -eq "x"', 'noObjectType', 0, 'users is not an object type'],
    ['user.department -eq "x" -or device.deviceOSType -eq "Windows"', 'invalidObjectType', 28, 'mixes user. and device.'],
  ] as const)('%s', (rule, reason, offset, addition) => {
    const err = parseError(rule);
    expect(err.reason).toBe(reason);
    expect(err.position.offset).toBe(offset);
    expect(err.problem).toContain(addition);
    const entra = ENTRA_RULE_MESSAGES[reason];
    expect(err.message.startsWith(PREFIX + (entra ? entra + ' ' : ''))).toBe(true);
    expect(err.message).toContain(`(line 1, column ${offset + 1}).`);
    expect(err.code).toBe('InvalidMembershipRule');
    expect(err.kind).toBe('invalid');
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.details[1]).toBe(' '.repeat(offset) + '^');
  });

  it('renders the verbatim Entra sentence, our addition, the line and a caret', () => {
    const err = parseError('user.invalidProperty -eq "Value"');
    expect(err.render()).toBe(
      [
        'Dynamic membership rule validation error: Attribute not supported. user.invalidProperty is not a supported user property (line 1, column 6).',
        '  user.invalidProperty -eq "Value"',
        '       ^',
      ].join('\n'),
    );
  });

  it('renders the hint after the caret', () => {
    const err = parseError('user.departmnt -eq "x"');
    expect(err.hint).toBe('Did you mean user.department?');
    expect(err.render().split('\n').at(-1)).toBe('hint: Did you mean user.department?');
  });
});

describe('other rejections', () => {
  it.each([
    ['', 'queryCompilation', 0, 'The rule is empty'],
    ['   ', 'queryCompilation', 0, 'The rule is empty'],
    ['(user.city -eq "x"', 'queryCompilation', 0, 'This ( is never closed'],
    ['user.city -eq "x")', 'queryCompilation', 17, 'This ) has no matching ('],
    ['()', 'queryCompilation', 0, 'Empty parentheses'],
    ['user.city == "x"', 'queryCompilation', 10, 'Unknown operator =='],
    ['user.city -eq', 'queryCompilation', 13, 'Expected a value after -eq, found the end of the rule'],
    ['user.city', 'queryCompilation', 9, 'Expected an operator such as -eq'],
    ['user.city -eq "x" -and', 'queryCompilation', 22, 'The rule ends where an expression was expected after -and'],
    ['user.city -eq "x" "y"', 'queryCompilation', 18, 'Expected -and or -or before the string "y"'],
    ['user.city -eq "x" -eq "y"', 'queryCompilation', 18, 'a comparison has one operator'],
    ['-and user.city -eq "x"', 'queryCompilation', 0, 'found the operator -and'],
    ['"Sales" -eq user.department', 'queryCompilation', 0, 'Expected a property'],
    ['user.city -eq user.state', 'queryCompilation', 14, 'must be a value, not the property user.state'],
    ['user.city -eq -and', 'queryCompilation', 14, 'found the operator -and'],
    ['system.now -eq user.city', 'queryCompilation', 0, 'system.now can only be used as a value'],
    ['user.city -in []', 'queryCompilation', 14, 'The list is empty'],
    ['user.city -in ["a" "b"]', 'queryCompilation', 19, 'Expected , or ] in the list'],
    ['user.city -in ["a"', 'queryCompilation', 14, 'This [ is never closed'],
    ['user.city -in ["a",]', 'queryCompilation', 19, 'Expected a value after -in'],
    ['user.employeeHireDate -ge system.now -plus 1d', 'queryCompilation', 43, 'ISO 8601 duration'],
    ['user.employeeHireDate -ge 2020-13-01', 'queryCompilation', 26, 'not a valid ISO 8601 date-time'],
    ['user.employeeHireDate -ne 2020-01-01', 'operatorNotSupported', 22, 'takes only -eq, -ge or -le, not -ne'],
    ['user.employeeHireDate -ge "soon"', 'valueNotApplicable', 26, 'takes an ISO 8601 date-time or system.now'],
    ['user.employeeHireDate -ge null', 'valueNotApplicable', 26, 'null can only be compared with -eq'],
    ['user.city -ge "x"', 'operatorNotSupported', 10, 'applies only to date-time properties'],
    ['user.city -eq system.now', 'valueNotApplicable', 14, "can't be compared with system.now"],
    ['user.city -eq true', 'valueNotApplicable', 14, "can't be compared with true"],
    ['user.city -startsWith null', 'valueNotApplicable', 22, 'null can only be compared with -eq or -ne'],
    ['user.accountEnabled -eq "yes"', 'valueNotApplicable', 24, 'takes true, false or null'],
    ['user.assignedPlans -eq "x"', 'operatorNotSupported', 19, 'collection of objects and takes only -any or -all'],
    ['user.city -gt "x"', 'queryCompilation', 10, 'Unknown operator -gt'],
    ['user.manager -eq "x"', 'attributeNotSupported', 5, 'user.manager is not a supported user property'],
    ['user.assignedLicenses -any (_ -eq "x")', 'attributeNotSupported', 5, 'not a supported user property'],
    ['device.organizationalUnit -eq "x"', 'attributeNotSupported', 7, 'device.organizationalUnit'],
    ['device.isManaged -eq true', 'attributeNotSupported', 7, 'device.isManaged'],
    ['device.operatingSystem -eq "Windows"', 'attributeNotSupported', 7, 'device.operatingSystem'],
    ['user.assignedPlans -any (assignedPlan.skuId -eq "x")', 'attributeNotSupported', 25, 'assignedPlan has no field skuId'],
    ['user.proxyAddresses -any (_ -any (_ -eq "x"))', 'invalidOperands', 28, "can't be nested"],
    ['user.city -eq "x" -and Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"', 'queryCompilation', 23, 'must be the whole rule'],
    ['Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863" -and user.city -eq "x"', 'queryCompilation', 58, 'must be the whole rule'],
    ['Direct Reports "62e19b97-8b3d-4d4a-a106-4ce66896a863"', 'queryCompilation', 15, "Expected 'For'"],
    ['Direct Reports for "alice@contoso.com"', 'valueNotApplicable', 19, "manager's object id (a GUID)"],
    ['Direct Reports for 62e19b97', 'queryCompilation', 19, "Expected the manager's object id in quotes"],
  ] as const)('%j', (rule, reason, offset, addition) => {
    const err = parseError(rule);
    expect({ reason: err.reason, offset: err.position.offset }).toEqual({ reason, offset });
    expect(err.problem).toContain(addition);
  });

  it('gives hints for known unsupported properties and foreign operators', () => {
    expect(parseError('user.manager -eq "x"').hint).toContain('Direct Reports for');
    expect(parseError('user.assignedLicenses -any (_ -eq "x")').hint).toContain('assignedPlans');
    expect(parseError('device.organizationalUnit -eq "x"').hint).toContain('deprecated');
    expect(parseError('device.operatingSystem -eq "x"').hint).toBe('Dynamic groups call it device.deviceOSType.');
    expect(parseError('user.city == "x"').hint).toBe('Write -eq.');
    expect(parseError('user.city -gt "x"').hint).toContain('there is no -gt');
    expect(parseError('user.userPrincipalName -match "*@contoso.com"').hint).toBe('A regex can\'t start with *; write ".*@contoso.com" or use -endsWith.');
  });

  describe('memberOf limits (rules.md §5.2)', () => {
    const id = (i: number) => `'00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`;
    it('more than 50 groups', () => {
      const ids = Array.from({ length: 51 }, (_, i) => id(i));
      const text = `user.memberOf -any (group.objectId -in [${ids.join(',')}])`;
      const err = parseError(text);
      expect(err.reason).toBe('memberOfLimit');
      expect(err.entraMessage).toBeNull();
      expect(err.position.offset).toBe(text.indexOf(id(50)));
      expect(err.message).toBe(`${PREFIX}A memberOf rule can name at most 50 groups (line 1, column ${text.indexOf(id(50)) + 1}).`);
    });
    it.each([
      [`user.memberOf -any (group.objectId -in [${id(1)}]) -and user.city -eq "Redmond"`, 0, 'must be the whole rule'],
      [`user.city -eq "Redmond" -or user.memberOf -any (group.objectId -in [${id(1)}])`, 28, 'must be the whole rule'],
      [`-not user.memberOf -any (group.objectId -in [${id(1)}])`, 5, 'must be the whole rule'],
      [`user.memberOf -all (group.objectId -in [${id(1)}])`, 14, 'memberOf takes exactly one form'],
      [`user.memberOf -any (group.objectId -eq ${id(1)})`, 20, 'memberOf takes exactly one form'],
      [`user.memberOf -any (group.objectId -in ["Sales"])`, 40, 'group object ids (GUIDs)'],
      [`user.memberOf -any (group.displayName -in ["Sales"])`, 20, 'Only group.objectId'],
      [`user.memberOf -eq ${id(1)}`, 14, 'collection of objects'],
    ])('%s', (rule, offset, addition) => {
      const err = parseError(rule);
      expect(err.position.offset).toBe(offset);
      expect(err.problem).toContain(addition);
    });
  });

  it('a rule over 3,072 characters is rejected, pointing at character 3,073', () => {
    const text = 'user.department -eq "' + 'x'.repeat(3100) + '"';
    const err = parseError(text);
    expect(err.reason).toBe('ruleTooLong');
    expect(err.position.offset).toBe(3072);
    expect(err.message).toContain(`The rule is ${text.length} characters long; the limit is 3,072`);
  });

  it('nesting deeper than 50 is rejected rather than overflowing the stack', () => {
    const deep = '('.repeat(60) + 'user.city -eq "x"' + ')'.repeat(60);
    const err = parseError(deep);
    expect(err.reason).toBe('queryCompilation');
    expect(err.problem).toContain('nested more than 50 levels');
    expect(parseRule('('.repeat(40) + 'user.city -eq "x"' + ')'.repeat(40)).kind).toBe('expression');
    expect(parseError('-not '.repeat(60) + 'user.city -eq "x"').problem).toContain('nested');
  });

  it('a Microsoft 365 group cannot have a device rule (rules.md §10 ex. 7)', () => {
    const rule = parseRule('device.deviceOSType -eq "Windows"');
    expect(() => assertRuleFitsGroup(rule, { groupTypes: ['DynamicMembership'] })).not.toThrow();
    try {
      assertRuleFitsGroup(rule, { groupTypes: ['Unified', 'DynamicMembership'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSyntaxError);
      expect((e as RuleSyntaxError).message).toBe(
        `${PREFIX}Invalid object type. A Microsoft 365 group holds only users, and this rule selects devices (line 1, column 1).`,
      );
    }
    expect(() => assertRuleFitsGroup(parseRule('user.city -eq "x"'), { groupTypes: ['Unified'] })).not.toThrow();
  });
});

describe('positions and carets', () => {
  it('counts lines and columns in multi-line rules', () => {
    const err = parseError('(user.department -eq "Sales")\n  -and (user.nope -eq "x")');
    expect(err.position).toEqual({ offset: 43, line: 2, column: 14 });
    expect(err.details).toEqual(['  -and (user.nope -eq "x")', '             ^']);
    expect(err.target).toBe('line 2, column 14');
  });

  it('cuts long lines around the caret', () => {
    const text = 'user.department -eq "' + 'a'.repeat(200) + '" -and user.nope -eq "x"';
    const err = parseError(text);
    const [line, caret] = err.details as [string, string];
    expect(line.length).toBeLessThanOrEqual(92);
    expect(line.startsWith('…')).toBe(true);
    expect(line[caret.length - 1]).toBe('n'); // caret under "nope"
    expect(line.slice(caret.length - 1, caret.length + 3)).toBe('nope');
  });

  it('caretLines replaces tabs so the caret lines up', () => {
    expect(caretLines('\tab', 2)).toEqual([' ab', '  ^']);
  });
});
