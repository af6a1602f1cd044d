#!/usr/bin/env node
'use strict';
// The launcher. Start-up time is a benchmarked feature (README, "Performance"), which is why this
// is CommonJS (an ESM entry costs ~6 ms on Node 20) and why it runs the one-file bundle
// dist/bundle/tenantctl.cjs (scripts/bundle.mjs) through a V8 code cache instead of require():
// Node 20 has no built-in compile cache, and parsing the bundle afresh costs ~14 ms a run.
//
// The caches sit beside the bundle (cacheKind below). The build writes them from warm-up runs (scripts/bundle.mjs);
// a run that finds its cache missing or rejected by V8 (e.g. after a Node upgrade) writes it again,
// atomically, and only if the directory is writable. TENANTCTL_NO_COMPILE_CACHE=1 turns it off.
// Without a current bundle (no bundle, or `tsc` ran after it) the launcher runs the ES modules in dist/.
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'tenantctl.cjs');

// Two code caches, one for reads and one for mutations: V8 restores a cache whole, and a mutation
// runs much code a read never does (the transaction, the reconcile pipeline with dynamic membership
// and licensing, audit writes). With only a read's functions cached, a mutation compiles all of that
// afresh each run (~5 ms of `user update` or `group member add`); with them in the one cache, every
// read would restore them for nothing. Which kind a command is, is guessed from the words the
// command line starts with, as src/cli/main.ts's READ_ONLY_VERBS (keep the two lists equal; a test
// checks): a wrong guess costs only speed.
//
// The `ca` group has a third cache, warmed by `ca whatif` for one sign-in (issue #7's benchmark: the
// evaluator, the rule engine for device filters, IP ranges; ~150 kB of compiled code that every
// other command would pay to restore).
const READ_ONLY_VERBS = new Set(['show', 'list', 'groups', 'licenses', 'roles', 'audit', 'export', 'validate', 'check', 'whatif', 'lint', 'access', 'assignments', 'permissions', 'errors']);
const VALUE_OPTIONS = new Set(['--tenant', '-o', '--output', '--query', '--as']);

function cacheKind(argv) {
  const words = [];
  for (let i = 0; i < argv.length && words.length < 3; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (a === '-h' || a === '--help' || a === 'help' || a === '-V' || a === '--version') return 'read';
    else if (!a.startsWith('-')) words.push(a);
  }
  if (words[0] === 'ca') return 'ca';
  return words.length >= 2 && !words.some((w) => READ_ONLY_VERBS.has(w)) ? 'write' : 'read';
}

function loadBundle() {
  const vm = require('node:vm');
  const Module = require('node:module');
  // latin1: the bundle is ASCII (scripts/bundle.mjs checks), and latin1 skips UTF-8 validation.
  const source = fs.readFileSync(bundle, 'latin1');
  const useCache = !process.env.TENANTCTL_NO_COMPILE_CACHE;
  // The name carries the bundle's mtime: a rebuilt bundle never meets an older build's cache.
  const cacheFile = `${bundle}.${Math.trunc(fs.statSync(bundle).mtimeMs)}.${cacheKind(process.argv.slice(2))}.v8cache`;
  let cachedData;
  if (useCache) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // The bundle must not use import(): on Node 20 a script restored from a code cache loses its
  // dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so scripts/bundle.mjs
  // leaves no import() in it.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so the cache also holds the functions this run compiled.
    process.once('exit', () => writeCache(script, cacheFile));
  }
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return mod.exports;
}

function writeCache(script, cacheFile) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // A read-only install only loses speed.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {}
  }
}

/**
 * The bundle, unless `tsc` has rebuilt dist/ since it was made (a developer who ran only tsc would
 * otherwise run yesterday's code). npm installs give every file the same mtime.
 */
function bundleIsCurrent() {
  const b = fs.statSync(bundle, { throwIfNoEntry: false });
  if (!b) return false;
  const m = fs.statSync(path.join(__dirname, '..', 'dist', 'cli', 'main.js'), { throwIfNoEntry: false });
  return !m || m.mtimeMs <= b.mtimeMs;
}

async function run() {
  const { main } = bundleIsCurrent() ? loadBundle() : await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}

// Run when started (node bin/tenantctl.cjs, or through npm's bin link); a test requires it for cacheKind.
if (require.main === module) run();
else module.exports = { cacheKind, READ_ONLY_VERBS };
