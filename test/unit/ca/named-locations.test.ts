import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { locationContains, parseCidr, parseIp, validateNamedLocation, validateLocationCount, isTrustedLocation } from '../../../src/core/ca/named-locations.js';
import type { NamedLocation } from '../../../src/core/ca/types.js';
import { LOCATIONS } from './helpers.js';

const ip = (cidrs: string[], extra: Partial<NamedLocation> = {}): NamedLocation =>
  ({ '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'l', displayName: 'L', isTrusted: false, ipRanges: cidrs.map((c) => ({ '@odata.type': c.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress: c })), ...extra }) as NamedLocation;

describe('named locations', () => {
  it('parseCidr answers as ipaddr.isValidCIDR + parseCIDR, also on its IPv4 shortcut', () => {
    const viaIpaddr = (t: string) => (ipaddr.isValidCIDR(t) ? ipaddr.parseCIDR(t) : undefined);
    const show = (r: ReturnType<typeof parseCidr>) => (r === undefined ? 'invalid' : `${r[0].kind()} ${r[0].toString()}/${r[1]}`);
    const cases = ['87.92.49.122/32', '1.2.3.4/8', '010.0.0.1/8', '0x7f.1.1.1/16', '1.2.3/24', '1.2.3.4', '1.2.3.4/33', '1.2.3.4/08', '256.1.1.1/8', ' 1.2.3.4/8', '1.2.3.4/-1', '1..2.3/8', '::ffff:1.2.3.4/120', '2001:db8::/32', '123/8', '0/0', '1.2.3.4/'];
    for (const c of cases) expect([c, show(parseCidr(c))]).toEqual([c, show(viaIpaddr(c))]);
    expect(show(parseCidr('010.0.0.1/8'))).toBe('ipv4 8.0.0.1/8');
  });
  it('parseIp and parseCidr answer as ipaddr on address-like text', () => {
    const viaIpaddr = (t: string) => {
      if (!ipaddr.isValid(t)) return 'invalid';
      const a = ipaddr.parse(t);
      const v4 = a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
      return `${v4.kind()} ${v4.toString()}`;
    };
    const cidrViaIpaddr = (t: string) => (ipaddr.isValidCIDR(t) ? ipaddr.parseCIDR(t) : undefined);
    const show = (r: ReturnType<typeof parseCidr>) => (r === undefined ? 'invalid' : `${r[0].kind()} ${r[0].toString()}/${r[1]}`);
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('0x1f', '07', '', 'a'));
    const text = fc.tuple(fc.array(octet, { minLength: 1, maxLength: 5 }), fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('08', '032', '', '1a')))).map(([o, m]) => o.join('.') + (m === null ? '' : `/${m}`));
    fc.assert(
      fc.property(text, (t) => {
        const addr = t.split('/')[0]!;
        const a = parseIp(addr);
        expect([addr, a ? `${a.kind()} ${a.toString()}` : 'invalid']).toEqual([addr, viaIpaddr(addr)]);
        expect([t, show(parseCidr(t))]).toEqual([t, show(cidrViaIpaddr(t))]);
      }),
      { numRuns: 3000 },
    );
  });
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
