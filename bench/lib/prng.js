// A small seeded PRNG (sfc32) so that generated tenants are identical on every machine and run:
// the same seed gives the same users, ids, CSV bytes and therefore comparable timings.

export function createRng(seed) {
  // Spread a string/number seed over sfc32's 128-bit state (xmur3 hash).
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next32 = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = next32(), b = next32(), c = next32(), d = next32();
  const u32 = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  for (let i = 0; i < 15; i++) u32(); // discard the weakly mixed first outputs
  const rng = {
    u32,
    /** [0, 1) */
    float: () => u32() / 4294967296,
    /** integer in [0, n) */
    int: (n) => Math.floor((u32() / 4294967296) * n),
    pick: (arr) => arr[Math.floor((u32() / 4294967296) * arr.length)],
    chance: (p) => u32() / 4294967296 < p,
    /** A lowercase version-4-shaped GUID. */
    guid() {
      const hex = (n) => u32().toString(16).padStart(8, '0').slice(0, n);
      const variant = (8 + (u32() & 3)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(8)}${hex(4)}`;
    },
  };
  return rng;
}
