import { describe, expect, it } from 'vitest';
import { locationContains, validateNamedLocation, validateLocationCount, isTrustedLocation } from '../../../src/core/ca/named-locations.js';
import type { NamedLocation } from '../../../src/core/ca/types.js';
import { LOCATIONS } from './helpers.js';

const ip = (cidrs: string[], extra: Partial<NamedLocation> = {}): NamedLocation =>
  ({ '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'l', displayName: 'L', isTrusted: false, ipRanges: cidrs.map((c) => ({ '@odata.type': c.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress: c })), ...extra }) as NamedLocation;

describe('named locations', () => {
  it('IPv4 and IPv6 CIDR matching', () => {
    const l = ip(['203.0.113.0/24', '2001:db8::/32']);
    expect(locationContains(l, { ip: '203.0.113.255' })).toBe(true);
    expect(locationContains(l, { ip: '203.0.114.1' })).toBe(false);
    expect(locationContains(l, { ip: '2001:db8:1::5' })).toBe(true);
    expect(locationContains(l, { ip: '2001:db9::5' })).toBe(false);
    expect(locationContains(l, { ip: 'not-an-ip' })).toBe(false);
    expect(locationContains(l, {})).toBeUndefined();
  });
  it('iPv4Range lower/upper', () => {
    const l = { ...ip([]), ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4Range', lowerAddress: '10.0.0.5', upperAddress: '10.0.0.9' }] } as NamedLocation;
    expect(locationContains(l, { ip: '10.0.0.7' })).toBe(true);
    expect(locationContains(l, { ip: '10.0.0.10' })).toBe(false);
  });
  it('country locations and unknown countries', () => {
    const c = LOCATIONS[2]!;
    expect(locationContains(c, { country: 'de' })).toBe(true);
    expect(locationContains(c, { country: 'FR' })).toBe(false);
    expect(locationContains(c, { country: 'unknown' })).toBe(false);
    expect(locationContains({ ...c, includeUnknownCountriesAndRegions: true } as NamedLocation, { country: 'unknown' })).toBe(true);
    expect(isTrustedLocation(c)).toBe(false);
    expect(isTrustedLocation(LOCATIONS[0]!)).toBe(true);
  });
  it('validation: CIDR syntax, /8 limit, type mismatch, country codes, 2000 ranges', () => {
    expect(validateNamedLocation(ip(['203.0.113.0/24']))).toEqual([]);
    expect(validateNamedLocation(ip(['10.0.0.0/8'])).map((i) => i.code)).toEqual(['CidrTooLarge']);
    expect(validateNamedLocation(ip(['10.0.0.0/9']))).toEqual([]);
    expect(validateNamedLocation(ip(['2001:db8::/8'])).map((i) => i.code)).toEqual(['CidrTooLarge']);
    expect(validateNamedLocation(ip(['300.1.1.1/24'])).map((i) => i.code)).toEqual(['InvalidCidr']);
    expect(validateNamedLocation(ip(['203.0.113.7'])).map((i) => i.code)).toEqual(['InvalidCidr']);
    const mismatch = { ...ip([]), ipRanges: [{ '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '203.0.113.0/24' }] } as NamedLocation;
    expect(validateNamedLocation(mismatch).map((i) => i.code)).toEqual(['IpRangeTypeMismatch']);
    expect(validateNamedLocation(ip([])).map((i) => i.code)).toEqual(['MissingIpRanges']);
    const many = ip(Array.from({ length: 2001 }, (_, i) => `100.${Math.floor(i / 256)}.${i % 256}.0/24`));
    expect(validateNamedLocation(many).map((i) => i.code)).toEqual(['TooManyIpRanges']);
    const badCountry = { ...LOCATIONS[2]!, countriesAndRegions: ['USA'], countryLookupMethod: 'gps' } as NamedLocation;
    expect(validateNamedLocation(badCountry).map((i) => i.code)).toEqual(['InvalidCountryCode', 'InvalidEnumValue']);
    expect(validateLocationCount(Array.from({ length: 196 }, () => ip(['203.0.113.0/24']))).map((i) => i.code)).toEqual(['TooManyIpLocations']);
  });
});
