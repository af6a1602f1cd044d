// Case-insensitive string tests without allocating: the evaluator runs them millions of times
// (every rule over every object), and `v.toLowerCase()` per test dominated the profile. ASCII text
// is compared code by code; anything else falls back to toLowerCase(), which is the definition.
// `c` (the rule's constant) is always already lowercased.

/**
 * Compares v[offset, offset + c.length) with c, lowering ASCII A-Z. Returns null when that part
 * of v holds a non-ASCII character (lowercasing might then change lengths), so the caller falls back.
 */
const asciiRegionEquals = (v: string, offset: number, c: string): boolean | null => {
  let same = true;
  for (let i = 0; i < c.length; i++) {
    let a = v.charCodeAt(offset + i);
    if (a >= 128) return null;
    if (a >= 65 && a <= 90) a += 32;
    if (a !== c.charCodeAt(i)) same = false;
  }
  return same;
};

/** Lowercasing can lengthen a string (U+0130 becomes i + U+0307) but never shortens it. */
const mayGrow = (c: string): boolean => c.includes('\u0307');

export const ciEquals = (c: string): ((v: string) => boolean) => {
  const grow = mayGrow(c);
  return (v) => {
    if (v.length !== c.length) return grow && v.length < c.length && v.toLowerCase() === c;
    return asciiRegionEquals(v, 0, c) ?? v.toLowerCase() === c;
  };
};

export const ciStartsWith = (c: string): ((v: string) => boolean) => {
  const grow = mayGrow(c);
  return (v) => {
    if (v.length < c.length) return grow && v.toLowerCase().startsWith(c);
    return asciiRegionEquals(v, 0, c) ?? v.toLowerCase().startsWith(c);
  };
};

export const ciEndsWith = (c: string): ((v: string) => boolean) => {
  const grow = mayGrow(c);
  return (v) => {
    if (v.length < c.length) return grow && v.toLowerCase().endsWith(c);
    return asciiRegionEquals(v, v.length - c.length, c) ?? v.toLowerCase().endsWith(c);
  };
};

export const ciContains = (c: string): ((v: string) => boolean) => {
  const grow = mayGrow(c);
  return (v) => {
    if (v.length < c.length && !grow) return false;
    if (v.includes(c)) return true;
    return v.toLowerCase().includes(c);
  };
};
