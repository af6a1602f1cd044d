// "Did you mean …?" for unknown names (permissions, app roles, commands, properties).
// Optimal-string-alignment Damerau–Levenshtein distance: a transposition of two adjacent
// characters ("Usre.Read") costs 1, as a typo does.

/** Edit distance between a and b (insert, delete, substitute, swap two adjacent characters). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows are enough for the OSA variant.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

export interface SuggestOptions {
  /**
   * Largest distance still worth suggesting. Default: a third of the input length, at least 1,
   * at most 4 — close enough to be a typo, far enough to catch "Usr.ReadAll".
   */
  maxDistance?: number;
}

/**
 * The candidate closest to `input`, compared case-insensitively, or undefined when nothing is
 * close. Ties go to the candidate listed first, so callers control the order (stable output).
 * A candidate that equals the input ignoring case is returned at once: the caller looked it up
 * case-sensitively and the user only got the case wrong.
 */
export function suggest(input: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  const needle = input.toLowerCase();
  const limit = options.maxDistance ?? Math.min(4, Math.max(1, Math.floor(needle.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === needle) return candidate;
    // Cheap lower bound: lengths alone already differ by more than the limit.
    if (Math.abs(c.length - needle.length) > limit) continue;
    const d = editDistance(needle, c);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "did you mean 'X'?" or "" — for use as (part of) a hint. */
export const didYouMean = (input: string, candidates: Iterable<string>): string => {
  const s = suggest(input, candidates);
  return s === undefined ? '' : `did you mean '${s}'?`;
};
