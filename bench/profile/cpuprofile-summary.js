// Summarises a V8 .cpuprofile: self time grouped by where the code lives (node internals, a
// package under node_modules, a dist/ file, GC, native) and the top functions by self time.
import { readFileSync } from 'node:fs';

export function groupOf(url) {
  if (!url) return null;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `pkg:${nm[1]}`;
  const d = /\/dist\/(.+)$/.exec(url);
  if (d) return `dist/${d[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  if (/\/bench\//.test(url)) return 'bench';
  return url;
}

export function summarize(file, top = 20) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const groups = new Map();
  const fns = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const g = groupOf(cf.url) ?? `(${cf.functionName || 'native'})`;
    groups.set(g, (groups.get(g) ?? 0) + ms);
    const key = `${cf.functionName || '(anonymous)'}  ${cf.url ? `${groupOf(cf.url)}:${cf.lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + ms);
    total += ms;
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10, pct: Math.round((ms / total) * 1000) / 10 }));
  return { totalMs: Math.round(total), groups: sorted(groups), functions: sorted(fns) };
}
