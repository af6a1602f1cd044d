import { describe, expect, it } from 'vitest';
import { deviceFilterMatches, filterError, customSecurityAttributeFilterMatches } from '../../../src/core/ca/device-filter.js';

describe('device filter subset', () => {
  const dev = { trustType: 'ServerAD', isCompliant: true, displayName: 'SAW-0042', physicalIds: ['[ZTDID]:abc', '[OrderId]:X'], systemLabels: ['M365Managed'], model: null };
  it('operators, case-insensitive', () => {
    expect(deviceFilterMatches('device.trustType -eq "serverad"', dev)).toBe(true);
    expect(deviceFilterMatches('device.displayName -startsWith "saw-"', dev)).toBe(true);
    expect(deviceFilterMatches('device.displayName -endsWith "42"', dev)).toBe(true);
    expect(deviceFilterMatches('device.displayName -contains "W-00"', dev)).toBe(true);
    expect(deviceFilterMatches('device.displayName -notContains "W-00"', dev)).toBe(false);
    expect(deviceFilterMatches('device.trustType -in ["AzureAD", "ServerAD"]', dev)).toBe(true);
    expect(deviceFilterMatches('device.trustType -notIn ["AzureAD", "ServerAD"]', dev)).toBe(false);
    expect(deviceFilterMatches('device.isCompliant -eq True', dev)).toBe(true);
    expect(deviceFilterMatches('device.isCompliant -eq "False"', dev)).toBe(false);
  });
  it('collections: -contains is whole-element', () => {
    expect(deviceFilterMatches('device.systemLabels -contains "M365Managed"', dev)).toBe(true);
    expect(deviceFilterMatches('device.systemLabels -contains "M365"', dev)).toBe(false);
    expect(deviceFilterMatches('device.physicalIds -notContains "[ZTDID]:abc"', dev)).toBe(false);
  });
  it('-and/-or/-not and parentheses with usual precedence', () => {
    expect(deviceFilterMatches('device.model -eq "x" -or device.trustType -eq "ServerAD" -and device.isCompliant -eq True', dev)).toBe(true);
    expect(deviceFilterMatches('(device.model -eq "x" -or device.trustType -eq "ServerAD") -and -not (device.isCompliant -eq True)', dev)).toBe(false);
  });
  it('null semantics: positive false, negative true on an unregistered device or null property', () => {
    for (const rule of ['device.trustType -eq "AzureAD"', 'device.displayName -startsWith "a"', 'device.displayName -endsWith "a"', 'device.displayName -contains "a"', 'device.trustType -in ["AzureAD"]'])
      expect(deviceFilterMatches(rule, null)).toBe(false);
    for (const rule of ['device.trustType -ne "AzureAD"', 'device.displayName -notStartsWith "a"', 'device.displayName -notEndsWith "a"', 'device.displayName -notContains "a"', 'device.trustType -notIn ["AzureAD"]'])
      expect(deviceFilterMatches(rule, null)).toBe(true);
    expect(deviceFilterMatches('device.model -eq null', dev)).toBe(true);
    expect(deviceFilterMatches('device.model -ne "x"', dev)).toBe(true);
  });
  it('syntax errors are one line', () => {
    expect(filterError('device.trustType -eq "ServerAD"')).toBeUndefined();
    expect(filterError('device.trustType -eq "ServerAD')).toBe('unterminated string starting at position 22');
    expect(filterError('device.trustType -equals "x"')).toMatch(/^expected an operator/);
    expect(filterError('user.department -eq "x"')).toMatch(/^expected a property such as device.trustType/);
    expect(filterError('x'.repeat(3073))).toBe('the rule is 3073 characters; the limit is 3072');
  });
  it('custom security attribute dialect for application filters', () => {
    expect(customSecurityAttributeFilterMatches('CustomSecurityAttribute.Sec_Level -eq "high"', { Sec_Level: 'High' })).toBe(true);
    expect(customSecurityAttributeFilterMatches('CustomSecurityAttribute.Sec_Level -eq "high"', null)).toBe(false);
  });
});
