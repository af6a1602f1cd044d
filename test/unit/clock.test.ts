import { describe, expect, it } from 'vitest';
import { addMs, fixedClock } from '../../src/core/clock.js';

describe('fixedClock', () => {
  it('returns the same normalised instant every time', () => {
    const c = fixedClock('2026-01-02T03:04:05Z');
    expect(c.nowIso()).toBe('2026-01-02T03:04:05.000Z');
    expect(c.nowIso()).toBe(c.nowIso());
    expect(c.nowMs()).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });
  it('adds milliseconds in UTC', () => {
    expect(addMs('2026-01-31T23:00:00.000Z', 3_600_000)).toBe('2026-02-01T00:00:00.000Z');
  });
});
