// Random version-4 GUIDs without node:crypto. Every mutation makes at least one id (its audit
// record), and loading node:crypto for randomUUID costs ~2.5 ms of a ~45 ms command on Node 20;
// reading the kernel's CSPRNG (/dev/urandom, the source node:crypto itself draws from) costs
// ~0.05 ms. Bytes are read in blocks and handed out 16 at a time, as randomUUID does with its
// own cache. Where /dev/urandom cannot be read (Windows), node:crypto is used after all.
import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from './lazy-crypto.js';

// The first block serves a single command's few ids; a command that uses it up makes many (a
// bulk import: ~2M), so later blocks are larger and the descriptor stays open.
const FIRST_BLOCK = 16 * 64;
const LATER_BLOCK = 16 * 4096;
let pool: Buffer | undefined;
let offset = 0;
let size = 0;
let fd: number | undefined;
let unavailable = false;

// Two ASCII hex digits per byte value, written into one 36-byte buffer per GUID: a template literal
// of 20 pieces would make a rope of ~20 string objects (~600 bytes) per id until something
// flattened it, and a bulk import holds hundreds of thousands of ids.
const HEX_PAIRS = Buffer.from(Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1)).join(''), 'latin1');
const text = Buffer.alloc(36, '-'.charCodeAt(0));
/** Where each of the 16 bytes goes in the 36 characters (the dashes stay as they are). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function fill(): boolean {
  if (unavailable) return false;
  try {
    const first = pool === undefined;
    size = first ? FIRST_BLOCK : LATER_BLOCK;
    if (!pool || pool.length < size) pool = Buffer.allocUnsafe(size);
    fd ??= openSync('/dev/urandom', 'r');
    let got = 0;
    while (got < size) {
      const n = readSync(fd, pool, got, size - got, null);
      if (n <= 0) throw new Error('short read from /dev/urandom');
      got += n;
    }
    offset = 0;
    if (first) {
      closeSync(fd);
      fd = undefined;
    }
    return true;
  } catch {
    unavailable = true;
    return false;
  }
}

/** A random lowercase version-4 GUID (RFC 9562 §5.4), as crypto.randomUUID() makes. */
export function randomGuid(): string {
  if (offset >= size && !fill()) return nodeCrypto().randomUUID();
  const b = pool!;
  const o = offset;
  offset += 16;
  for (let i = 0; i < 16; i++) {
    let v = b[o + i]!;
    if (i === 6) v = (v & 0x0f) | 0x40; // version 4
    else if (i === 8) v = (v & 0x3f) | 0x80; // RFC 9562 variant
    text[AT[i]!] = HEX_PAIRS[2 * v]!;
    text[AT[i]! + 1] = HEX_PAIRS[2 * v + 1]!;
  }
  return text.toString('latin1', 0, 36);
}
