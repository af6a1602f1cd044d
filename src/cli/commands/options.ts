import { UsageError } from '../../core/errors.js';

// Option parsers shared by the command groups.

/** A repeatable option whose values are kept whole (--set a=b --set c=d). */
export const collect = (value: string, previous: string[] = []): string[] => previous.concat(value);

/** A repeatable option that also takes comma lists (--owner a --owner b = --owner a,b). */
export const collectList = (value: string, previous: string[] = []): string[] =>
  previous.concat(value.split(',').map((v) => v.trim()).filter((v) => v !== ''));

/** `--set property=value` pairs into a property → value record (values keep any further '='). */
export function parseSetPairs(pairs: readonly string[] | undefined, example: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set '${pair}' is not property=value`, { target: '--set', hint: `e.g. --set ${example}` });
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
