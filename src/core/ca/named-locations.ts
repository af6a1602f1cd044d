// Named locations (conditional-access.md §3): CIDR parsing, the documented limits, and matching a
// sign-in's IP address / country against a location. CIDR work is done by ipaddr.js (pure JS).

import ipaddr from 'ipaddr.js';
import { canonicalEnum, invalidEnum, issue, type ValidationIssue } from './issues.js';
import {
  COUNTRY_LOOKUP_METHODS,
  COUNTRY_NAMED_LOCATION,
  IP_NAMED_LOCATION,
  IPV4_CIDR,
  IPV6_CIDR,
  isCountryLocation,
  isIpLocation,
  type IpRange,
  type NamedLocation,
} from './types.js';

/** L-net limits (§3, §9). */
export const MAX_IP_NAMED_LOCATIONS = 195;
export const MAX_RANGES_PER_LOCATION = 2000;
/** "CIDR masks must be greater than /8": /8 itself is rejected. */
export const MIN_PREFIX_EXCLUSIVE = 8;

/** Country value of a sign-in whose IP maps to no country (or `--country unknown`). */
export const UNKNOWN_COUNTRY = 'unknown';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * The octets of text[0, end) when it is a dotted quad in canonical decimal (no leading zeros, each
 * at most 255), else undefined. For such text ipaddr answers exactly these octets; this answers
 * without ipaddr's patterns, which are compiled afresh in every process (`ca whatif` meets an
 * address or two and a few ranges: the patterns were most of the cost). Anything else, octal
 * and hex octets included, is left to ipaddr.
 */
function canonicalDottedQuad(text: string, end: number): number[] | undefined {
  const octets: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + (c - 48);
      digits++;
      if (value > 255) return undefined;
    } else if (c === 46 && digits > 0 && octets.length < 4) {
      octets.push(value);
      value = 0;
      digits = 0;
    } else return undefined;
  }
  return octets.length === 4 ? octets : undefined;
}

/** The number text[from…] writes in canonical decimal with one or two digits, else undefined. */
function canonicalPrefixLength(text: string, from: number): number | undefined {
  const n = text.length - from;
  const d0 = text.charCodeAt(from) - 48;
  const d1 = text.charCodeAt(from + 1) - 48;
  if (n === 1 && d0 >= 0 && d0 <= 9) return d0;
  if (n === 2 && d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9) return d0 * 10 + d1;
  return undefined;
}

/** Parses an address; IPv4-mapped IPv6 addresses are treated as IPv4. Undefined when invalid. */
export function parseIp(text: string): Addr | undefined {
  const quad = canonicalDottedQuad(text, text.length);
  if (quad) return new ipaddr.IPv4(quad);
  if (!ipaddr.isValid(text)) return undefined;
  const a = ipaddr.parse(text);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) return (a as ipaddr.IPv6).toIPv4Address();
  return a;
}

/** Parses "a.b.c.d/n" or "x::/n"; undefined when not a valid CIDR. */
export function parseCidr(text: string): [Addr, number] | undefined {
  // The common form, canonical "a.b.c.d/n", without ipaddr's patterns (canonicalDottedQuad).
  const slash = text.indexOf('/');
  const bits = slash > 0 ? canonicalPrefixLength(text, slash + 1) : undefined;
  if (bits !== undefined && bits <= 32) {
    const quad = canonicalDottedQuad(text, slash);
    if (quad) return [new ipaddr.IPv4(quad), bits];
  }
  // Any other dotted range without ':' goes to the IPv4 parser at once. ipaddr.parseCIDR tries IPv6
  // first, which always fails for such text (every IPv6 form needs ':' or is hex digits only) but
  // compiles ipaddr's IPv6 patterns and builds an Error on the way. ipaddr.isValidCIDR answers with
  // the IPv4 parser for text without ':' too.
  if (text.includes('.') && !text.includes(':')) {
    try {
      return ipaddr.IPv4.parseCIDR(text);
    } catch {
      return undefined;
    }
  }
  if (!ipaddr.isValidCIDR(text)) return undefined;
  return ipaddr.parseCIDR(text);
}

function rangeContains(range: IpRange, addr: Addr): boolean {
  if (range.cidrAddress !== undefined) {
    const cidr = parseCidr(range.cidrAddress);
    if (!cidr || cidr[0].kind() !== addr.kind()) return false;
    return addr.match(cidr);
  }
  if (range.lowerAddress !== undefined && range.upperAddress !== undefined) {
    const lo = parseIp(range.lowerAddress);
    const hi = parseIp(range.upperAddress);
    if (!lo || !hi || lo.kind() !== addr.kind() || hi.kind() !== addr.kind()) return false;
    const a = addr.toByteArray();
    return compareBytes(lo.toByteArray(), a) <= 0 && compareBytes(a, hi.toByteArray()) <= 0;
  }
  return false;
}

const compareBytes = (x: number[], y: number[]): number => {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
};

/** The sign-in's network facts a location is matched against. */
export interface NetworkFacts {
  /** Public egress IP (L-net: the private IP and X-Forwarded-For are never used). */
  ip?: string;
  /** ISO 3166 alpha-2, or 'unknown'; undefined when neither given nor derivable. */
  country?: string;
}

/**
 * Whether a sign-in is inside a named location (E11). IP locations match by range; country
 * locations by country code, and an unknown country only when includeUnknownCountriesAndRegions.
 * Returns undefined when the location needs a signal the sign-in lacks (no IP / no country).
 * Beta-only location kinds (compliant network, service tag, private link) never match: tenantctl
 * has no Global Secure Access traffic to evaluate them against.
 */
export function locationContains(location: NamedLocation, net: NetworkFacts): boolean | undefined {
  if (isIpLocation(location)) {
    if (net.ip === undefined) return undefined;
    const addr = parseIp(net.ip);
    if (!addr) return false;
    return location.ipRanges.some((r) => rangeContains(r, addr));
  }
  if (isCountryLocation(location)) {
    if (net.country === undefined) return undefined;
    if (net.country.toLowerCase() === UNKNOWN_COUNTRY) return location.includeUnknownCountriesAndRegions === true;
    const cc = net.country.toUpperCase();
    return location.countriesAndRegions.some((c) => c.toUpperCase() === cc);
  }
  return false;
}

/** Whether a location counts towards `AllTrusted` (E11): trusted IP locations (and beta kinds with isTrusted). */
export const isTrustedLocation = (location: NamedLocation): boolean =>
  !isCountryLocation(location) && (location as { isTrusted?: boolean }).isTrusted === true;

const ISO2 = /^[A-Z]{2}$/;

/** Validates one named location against §3 (types, CIDR syntax and limits, country codes). */
export function validateNamedLocation(location: NamedLocation): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (typeof location.displayName !== 'string' || location.displayName.trim() === '')
    out.push(issue('MissingDisplayName', 'displayName', 'a named location needs a displayName'));
  const type = location['@odata.type'];
  if (type === IP_NAMED_LOCATION) {
    const ranges = (location as { ipRanges?: unknown }).ipRanges;
    if (!Array.isArray(ranges) || ranges.length === 0) {
      out.push(issue('MissingIpRanges', 'ipRanges', 'an IP named location needs at least one IP range', 'add a CIDR such as 203.0.113.0/24'));
      return out;
    }
    if (ranges.length > MAX_RANGES_PER_LOCATION)
      out.push(issue('TooManyIpRanges', 'ipRanges', `${ranges.length} ranges exceed the limit of ${MAX_RANGES_PER_LOCATION} per location`, 'split the ranges over several locations'));
    ranges.forEach((r: IpRange, i) => out.push(...validateRange(r, `ipRanges[${i}]`)));
    const trusted = (location as { isTrusted?: unknown }).isTrusted;
    if (trusted !== undefined && typeof trusted !== 'boolean')
      out.push(issue('InvalidType', 'isTrusted', 'isTrusted must be true or false'));
  } else if (type === COUNTRY_NAMED_LOCATION) {
    const c = location as { countriesAndRegions?: unknown; includeUnknownCountriesAndRegions?: unknown; countryLookupMethod?: unknown };
    if (!Array.isArray(c.countriesAndRegions)) {
      out.push(issue('MissingCountries', 'countriesAndRegions', 'a country named location needs countriesAndRegions'));
    } else {
      if (c.countriesAndRegions.length === 0 && c.includeUnknownCountriesAndRegions !== true)
        out.push(issue('MissingCountries', 'countriesAndRegions', 'a country named location needs at least one country or includeUnknownCountriesAndRegions', 'add a two-letter ISO 3166 code such as US'));
      c.countriesAndRegions.forEach((cc: unknown, i) => {
        if (typeof cc !== 'string' || !ISO2.test(cc))
          out.push(issue('InvalidCountryCode', `countriesAndRegions[${i}]`, `${JSON.stringify(cc)} is not a two-letter ISO 3166 country code`, 'use upper-case codes such as US, DE, JP'));
      });
    }
    if (c.includeUnknownCountriesAndRegions !== undefined && typeof c.includeUnknownCountriesAndRegions !== 'boolean')
      out.push(issue('InvalidType', 'includeUnknownCountriesAndRegions', 'includeUnknownCountriesAndRegions must be true or false'));
    if (c.countryLookupMethod !== undefined && c.countryLookupMethod !== null && !canonicalEnum(c.countryLookupMethod, COUNTRY_LOOKUP_METHODS))
      out.push(invalidEnum('countryLookupMethod', c.countryLookupMethod, COUNTRY_LOOKUP_METHODS));
  } else if (typeof type !== 'string' || !type.startsWith('#microsoft.graph.') || !type.endsWith('NamedLocation')) {
    out.push(invalidEnum('@odata.type', type, [IP_NAMED_LOCATION, COUNTRY_NAMED_LOCATION]));
  }
  return out;
}

function validateRange(r: IpRange, path: string): ValidationIssue[] {
  if (r === null || typeof r !== 'object') return [issue('InvalidIpRange', path, 'an IP range must be an object with cidrAddress')];
  const type = r['@odata.type'];
  if (r.cidrAddress !== undefined) {
    const cidr = typeof r.cidrAddress === 'string' ? parseCidr(r.cidrAddress) : undefined;
    if (!cidr)
      return [issue('InvalidCidr', `${path}.cidrAddress`, `${JSON.stringify(r.cidrAddress)} is not a valid CIDR range`, 'write it as 203.0.113.0/24 or 2001:db8::/48')];
    const [addr, bits] = cidr;
    const out: ValidationIssue[] = [];
    const expected = addr.kind() === 'ipv4' ? IPV4_CIDR : IPV6_CIDR;
    if (type !== undefined && type.toLowerCase() !== expected.toLowerCase())
      out.push(issue('IpRangeTypeMismatch', `${path}.@odata.type`, `${r.cidrAddress} is ${addr.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} but the range is typed ${type}`, `use ${expected}`));
    if (bits <= MIN_PREFIX_EXCLUSIVE)
      out.push(issue('CidrTooLarge', `${path}.cidrAddress`, `${r.cidrAddress}: the prefix must be longer than /${MIN_PREFIX_EXCLUSIVE}`, 'split it into ranges of /9 or smaller'));
    return out;
  }
  if (r.lowerAddress !== undefined || r.upperAddress !== undefined) {
    const lo = typeof r.lowerAddress === 'string' ? parseIp(r.lowerAddress) : undefined;
    const hi = typeof r.upperAddress === 'string' ? parseIp(r.upperAddress) : undefined;
    if (!lo || !hi || lo.kind() !== hi.kind() || compareBytes(lo.toByteArray(), hi.toByteArray()) > 0)
      return [issue('InvalidIpRange', path, `${r.lowerAddress}-${r.upperAddress} is not a valid address range`, 'give lowerAddress <= upperAddress of the same family, or use cidrAddress')];
    return [];
  }
  return [issue('InvalidIpRange', path, 'an IP range needs cidrAddress', 'write it as 203.0.113.0/24')];
}

/** Tenant-wide limit: at most 195 IP named locations (L-net). */
export function validateLocationCount(locations: readonly NamedLocation[]): ValidationIssue[] {
  const n = locations.filter(isIpLocation).length;
  return n > MAX_IP_NAMED_LOCATIONS
    ? [issue('TooManyIpLocations', 'namedLocations', `${n} IP named locations exceed the limit of ${MAX_IP_NAMED_LOCATIONS}`)]
    : [];
}
