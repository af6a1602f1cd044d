import { describe, expect, it } from 'vitest';
import { Population, singleValueProperty } from '../../../src/core/dynamic/population.js';
import type { RuleSubjectRow } from '../../../src/core/dynamic/ports.js';
import { compileRule, parseRule } from '../../../src/core/rules/index.js';

const ctx = { now: '2026-03-02T09:00:00.000Z' };

/** Users in id order, as ruleSubjects returns them. */
const rows: RuleSubjectRow[] = [
  { id: 'a1', displayName: 'Adele', department: 'Sales', city: 'Seattle', accountEnabled: true, proxyAddresses: ['SMTP:adele@x.com'] },
  { id: 'b2', displayName: 'Bob', department: 'sales', city: 'Redmond', accountEnabled: false, proxyAddresses: [] },
  { id: 'c3', displayName: 'Cleo', department: 'IT', city: null, accountEnabled: true, proxyAddresses: [] },
  { id: 'd4', displayName: 'Dan', department: null, city: 'Seville', accountEnabled: null, proxyAddresses: [] },
  { id: 'e5', displayName: 'Eve', department: 'İT', city: 'Berlin', accountEnabled: true, proxyAddresses: [] },
];
const pop = new Population('user', rows, new Set(['department', 'city', 'accountEnabled', 'proxyAddresses']));

/** 20 users repeating those values: few distinct values per property, as in a real tenant. */
const many: RuleSubjectRow[] = Array.from({ length: 20 }, (_, i) => ({ ...rows[i % 5]!, id: `u${String(i).padStart(2, '0')}` }));
const manyPop = new Population('user', many, pop.properties);

/** Ordinals a rule selects when every object is tested (the reference). */
const brute = (text: string): number[] => {
  const test = compileRule(parseRule(text));
  return many.flatMap((r, i) => (test(r as never, ctx) ? [i] : []));
};

describe('Population', () => {
  it('numbers objects by their position', () => {
    expect(pop.size).toBe(5);
    expect(pop.ordinalOf('c3')).toBe(2);
    expect(pop.ordinalOf('zz')).toBeUndefined();
    expect(pop.covers(['department', 'city'])).toBe(true);
    expect(pop.covers(['department', 'jobTitle'])).toBe(false);
  });

  it('answers equality, -in and prefix filters case-insensitively, in ordinal order', () => {
    expect(pop.candidates({ property: 'department', op: 'eq', values: ['sales'] })).toEqual([0, 1]);
    expect(pop.candidates({ property: 'department', op: 'in', values: ['it', 'sales'] })).toEqual([0, 1, 2]);
    expect(pop.candidates({ property: 'city', op: 'prefix', values: ['se', 'be'] })).toEqual([0, 3, 4]);
    expect(pop.candidates({ property: 'memberOf', op: 'eq', values: ['g'] })).toBeUndefined();
    expect(pop.candidates({ property: 'jobTitle', op: 'eq', values: ['x'] })).toBeUndefined();
    expect(pop.candidates({ property: 'accountEnabled', op: 'eq', values: ['true'] })).toBeUndefined();
  });

  it('tests one object per distinct value for rules on one property, with the same result as testing all', () => {
    for (const text of [
      'user.department -eq "sales"',
      'user.department -ne "Sales"',
      'user.department -eq null',
      'user.department -in ["IT", "Sales"]',
      'user.department -match "^i"',
      '-not (user.department -contains "AL") -and user.department -ne null',
      'user.accountEnabled -eq true',
      'user.accountEnabled -ne true',
    ]) {
      const test = compileRule(parseRule(text));
      let calls = 0;
      const got = manyPop.matchByValue(parseRule(text), (s) => (calls++, test(s as never, ctx)));
      expect(got, text).toEqual(brute(text));
      expect(calls, text).toBeLessThanOrEqual(5);
    }
  });

  it('does not group values that are nearly all distinct', () => {
    expect(pop.matchByValue(parseRule('user.department -eq "IT"'), () => true)).toBeUndefined();
  });

  it('leaves rules that read more than one stored value to be tested object by object', () => {
    expect(manyPop.matchByValue(parseRule('user.department -eq "IT" -and user.city -eq null'), () => true)).toBeUndefined();
    expect(manyPop.matchByValue(parseRule('user.proxyAddresses -any (_ -startsWith "smtp:")'), () => true)).toBeUndefined();
    expect(manyPop.matchByValue(parseRule('user.jobTitle -eq "x"'), () => true)).toBeUndefined();
  });
});

describe('singleValueProperty', () => {
  it('names the one directly stored property a rule reads', () => {
    expect(singleValueProperty(parseRule('user.department -eq "Sales" -or user.department -startsWith "Fin"'))).toBe('department');
    expect(singleValueProperty(parseRule('user.employeeHireDate -ge system.now -minus p30d'))).toBe('employeeHireDate');
    expect(singleValueProperty(parseRule('user.department -eq "Sales" -and user.city -eq "Paris"'))).toBeNull();
    expect(singleValueProperty(parseRule('user.otherMails -startsWith "a"'))).toBeNull();
    expect(singleValueProperty(parseRule('user.telephoneNumber -eq "1"'))).toBeNull();
    expect(singleValueProperty(parseRule('Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"'))).toBeNull();
  });
});
