import { describe, expect, it } from 'vitest';
import { candidateFilter, parseRule, ruleDependencies } from '../../../src/core/rules/index.js';

const deps = (text: string) => {
  const d = ruleDependencies(parseRule(text));
  return { ...d, properties: [...d.properties].sort() };
};
const cf = (text: string) => candidateFilter(parseRule(text));

describe('ruleDependencies', () => {
  it('lists model property names, mapped from rule names', () => {
    expect(
      deps('user.mobile -eq "1" -and (user.objectId -ne null -or user.sipProxyAddress -eq "x") -and -not (user.telephoneNumber -eq "2")'),
    ).toEqual({
      objectType: 'user',
      properties: ['businessPhones', 'id', 'mobilePhone', 'proxyAddresses'],
      readsAssignedPlans: false,
      memberOfGroupIds: [],
      readsNow: false,
    });
  });
  it('collections, assigned plans and system.now', () => {
    const d = deps('user.otherMails -any (_ -eq "x") -or user.assignedPlans -any (assignedPlan.service -eq "SCO") -or user.employeeHireDate -ge system.now -minus P1D');
    expect(d.properties).toEqual(['employeeHireDate', 'otherMails']);
    expect(d.readsAssignedPlans).toBe(true);
    expect(d.readsNow).toBe(true);
  });
  it('device rules', () => {
    expect(deps('device.deviceOSType -eq "Windows" -and device.devicePhysicalIds -any _ -startsWith "[ZTDId]"')).toMatchObject({
      objectType: 'device',
      properties: ['operatingSystem', 'physicalIds'],
    });
  });
  it('memberOf and Direct Reports', () => {
    expect(deps("user.memberOf -any (group.objectId -in ['62E19B97-8B3D-4D4A-A106-4CE66896A863'])")).toEqual({
      objectType: 'user',
      properties: [],
      readsAssignedPlans: false,
      memberOfGroupIds: ['62e19b97-8b3d-4d4a-a106-4ce66896a863'],
      readsNow: false,
    });
    expect(deps('Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"')).toEqual({
      objectType: 'user',
      properties: ['managerId'],
      readsAssignedPlans: false,
      memberOfGroupIds: [],
      directReportsManagerId: '62e19b97-8b3d-4d4a-a106-4ce66896a863',
      readsNow: false,
    });
  });
});

describe('candidateFilter', () => {
  it.each([
    ['user.department -eq "Sales"', { property: 'department', op: 'eq', values: ['sales'] }],
    ['user.department -eq "Sales" -and user.accountEnabled -eq true', { property: 'department', op: 'eq', values: ['sales'] }],
    ['user.accountEnabled -eq true -and (user.department -in ["Sales","HR"])', { property: 'department', op: 'in', values: ['sales', 'hr'] }],
    ['user.department -in ["Sales","sales"]', { property: 'department', op: 'eq', values: ['sales'] }],
    ['user.jobTitle -startsWith "SDE"', { property: 'jobTitle', op: 'prefix', values: ['sde'] }],
    ['user.jobTitle -startsWith "SDE" -and user.city -eq "Paris"', { property: 'city', op: 'eq', values: ['paris'] }],
    ['user.city -eq "Paris" -or user.city -eq "Lyon"', { property: 'city', op: 'in', values: ['paris', 'lyon'] }],
    ['user.city -eq "Paris" -or user.city -in ["Lyon","Nice"]', { property: 'city', op: 'in', values: ['paris', 'lyon', 'nice'] }],
    ['user.city -eq "Paris" -or user.city -startsWith "Ly"', { property: 'city', op: 'prefix', values: ['paris', 'ly'] }],
    ['(user.city -eq "A" -or user.city -eq "B") -and user.department -eq "X"', { property: 'department', op: 'eq', values: ['x'] }],
    ['(user.city -eq "A" -or user.city -eq "B") -and user.jobTitle -startsWith "X"', { property: 'city', op: 'in', values: ['a', 'b'] }],
    ['user.objectId -eq "AAAAAAAA-0000-0000-0000-000000000001"', { property: 'id', op: 'eq', values: ['aaaaaaaa-0000-0000-0000-000000000001'] }],
    ['user.mailNickName -eq "Adele"', { property: 'mailNickname', op: 'eq', values: ['adele'] }],
    ['user.employeeId -eq 50', { property: 'employeeId', op: 'eq', values: ['50'] }],
    ['device.deviceOSType -eq "Windows" -and device.deviceOSVersion -startsWith "10.0.1"', { property: 'operatingSystem', op: 'eq', values: ['windows'] }],
    ['Direct Reports for "62E19B97-8B3D-4D4A-A106-4CE66896A863"', { property: 'managerId', op: 'eq', values: ['62e19b97-8b3d-4d4a-a106-4ce66896a863'] }],
    [
      "user.memberOf -any (group.objectId -in ['62e19b97-8b3d-4d4a-a106-4ce66896a863', '00000000-0000-4000-8000-000000000001'])",
      { property: 'memberOf', op: 'in', values: ['62e19b97-8b3d-4d4a-a106-4ce66896a863', '00000000-0000-4000-8000-000000000001'] },
    ],
  ])('%s', (rule, expected) => expect(cf(rule)).toEqual(expected));

  it.each([
    'user.department -ne "Sales"',
    'user.department -eq null',
    '-not (user.department -eq "Sales")',
    'user.department -eq "Sales" -or user.city -eq "Paris"',
    'user.department -eq "Sales" -or user.accountEnabled -eq true',
    'user.accountEnabled -eq true',
    'user.department -contains "Sales"',
    'user.department -match "^Sales"',
    'user.department -startsWith ""',
    'user.proxyAddresses -any (_ -eq "smtp:a@b.c")',
    'user.otherMails -eq "a@b.c"',
    'user.telephoneNumber -eq "1"',
    'user.employeeHireDate -ge 2020-01-01',
    'user.objectId -ne null',
  ])('%s -> scan all', (rule) => expect(cf(rule)).toBeNull());
});
