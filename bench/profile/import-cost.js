// Child: times `await import(spec)` for each spec given, in order, in this one fresh process, and
// prints [{spec, ms}] as JSON. One spec per process = its isolated cost (with its dependencies);
// several = the incremental cost of each after the ones before it.
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';

const out = [];
const processStartMs = performance.now(); // ms since the process started (node's own boot)
for (const spec of process.argv.slice(2)) {
  const t = performance.now();
  await import(isAbsolute(spec) ? pathToFileURL(spec).href : spec);
  out.push({ spec, ms: performance.now() - t });
}
process.stdout.write(JSON.stringify({ bootMs: processStartMs, imports: out }));
