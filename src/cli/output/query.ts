// --query: JMESPath over the JSON result, as az and m365 do. Loaded only when used.
import jmespath from 'jmespath';
import { UsageError } from '../../core/errors.js';

export function applyQuery(data: unknown, expression: string): unknown {
  try {
    return jmespath.search(data as any, expression);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new UsageError(`invalid --query '${expression}': ${msg}`, { target: '--query', hint: 'see https://jmespath.org for the syntax, e.g. --query "[].userPrincipalName"' });
  }
}
