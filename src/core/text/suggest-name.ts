// "Did you mean …?" for property and column names: the shared suggester (./suggest.ts) with a
// stricter limit, about one typo per four characters, as commander uses for commands.
import { suggest } from './suggest.js';

export { editDistance } from './suggest.js';

export function suggestName(input: string, candidates: readonly string[]): string | undefined {
  return suggest(input, candidates, { maxDistance: Math.max(1, Math.floor(input.length / 4)) });
}
