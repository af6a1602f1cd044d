import { describe, expect, it } from 'vitest';
import { randomGuid } from '../../../src/platform/random-guid.js';

describe('randomGuid', () => {
  it('makes lowercase version-4 GUIDs with the RFC variant', () => {
    for (let i = 0; i < 200; i++) expect(randomGuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not repeat across several refills of its byte pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(randomGuid());
    expect(seen.size).toBe(5000);
  });

  it('uses every hex digit in the random positions (the bytes are not constant)', () => {
    const digits = new Set<string>();
    for (let i = 0; i < 100; i++) for (const c of randomGuid().slice(0, 8)) digits.add(c);
    expect(digits.size).toBe(16);
  });
});
