import { describe, expect, it } from 'vitest';
import { randomGuid } from '../../../src/platform/random-guid.js';

describe('randomGuid', () => {
  it('makes lowercase version-4 GUIDs with the RFC variant', () => {
    for (let i = 0; i < 200; i++) expect(randomGuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not repeat across several refills of its byte pool (the small first block and larger later ones)', () => {
    const seen = new Set<string>();
    const n = 64 + 3 * 4096 + 17;
    for (let i = 0; i < n; i++) {
      const g = randomGuid();
      expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(g);
    }
    expect(seen.size).toBe(n);
  });

  it('uses every hex digit in the random positions (the bytes are not constant)', () => {
    const digits = new Set<string>();
    for (let i = 0; i < 100; i++) for (const c of randomGuid().slice(0, 8)) digits.add(c);
    expect(digits.size).toBe(16);
  });
});
