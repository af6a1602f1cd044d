import { describe, expect, it } from 'vitest';
import { editDistance, suggestName } from '../../../src/core/text/suggest-name.js';

describe('editDistance', () => {
  it('is the optimal-string-alignment distance: a swap of two adjacent letters counts once', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('departmnet', 'department')).toBe(1);
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('suggestName', () => {
  const names = ['department', 'displayName', 'jobTitle', 'usageLocation', 'city'];

  it('returns the closest candidate, in its own spelling, ignoring case', () => {
    expect(suggestName('departmnet', names)).toBe('department');
    expect(suggestName('DISPLAYNAM', names)).toBe('displayName');
    expect(suggestName('usagelocaton', names)).toBe('usageLocation');
  });

  it('allows about one edit per four characters, and at least one', () => {
    expect(suggestName('cty', names)).toBe('city');
    expect(suggestName('ctx', names)).toBeUndefined();
    expect(suggestName('jobtitel', names)).toBe('jobTitle');
    expect(suggestName('favouriteColour', names)).toBeUndefined();
  });

  it('returns undefined without candidates', () => {
    expect(suggestName('anything', [])).toBeUndefined();
  });
});
