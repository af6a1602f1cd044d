import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../../src/core/text/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('counts an adjacent swap as one edit (Damerau)', () => {
    expect(editDistance('user.raed', 'user.read')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('suggest', () => {
  const perms = ['User.Read', 'User.Read.All', 'User.ReadWrite', 'Mail.Send', 'Group.Read.All'];
  it('finds the closest candidate, ignoring case', () => {
    expect(suggest('User.Raed', perms)).toBe('User.Read');
    expect(suggest('user.read.al', perms)).toBe('User.Read.All');
    expect(suggest('mail.sned', perms)).toBe('Mail.Send');
  });
  it('returns the candidate at once when only the case differs', () => {
    expect(suggest('group.read.all', perms)).toBe('Group.Read.All');
  });
  it('returns undefined when nothing is close', () => {
    expect(suggest('Calendars.ReadWrite', perms)).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
  });
  it('breaks ties by candidate order', () => {
    expect(suggest('abd', ['abc', 'abe'])).toBe('abc');
    expect(suggest('abd', ['abe', 'abc'])).toBe('abe');
  });
});
