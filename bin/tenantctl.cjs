#!/usr/bin/env node
'use strict';
// The launcher. Start-up time is a benchmarked feature (README, "Performance"), which is why this
// is CommonJS (an ESM entry costs ~6 ms on Node 20) and why it runs the one-file bundle
// dist/bundle/tenantctl.cjs (scripts/bundle.mjs) through a V8 code cache instead of require():
// Node 20 has no built-in compile cache, and parsing the bundle afresh costs ~14 ms a run.
//
// The caches sit beside the bundle, one per cache profile (cacheProfile below). The build writes
// them from warm-up runs (scripts/bundle.mjs); a run that finds its cache missing or rejected by V8
// (e.g. after a Node upgrade) writes it again, atomically, and only if the directory is writable.
// TENANTCTL_NO_COMPILE_CACHE=1 turns them off. Without a bundle (only `tsc` was run) the launcher
// falls back to the ES modules in dist/.
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'tenantctl.cjs');

function loadBundle() {
  const vm = require('node:vm');
  const Module = require('node:module');
  // latin1: the bundle is ASCII (scripts/bundle.mjs checks), and latin1 skips UTF-8 validation.
  const source = fs.readFileSync(bundle, 'latin1');
  const useCache = !process.env.TENANTCTL_NO_COMPILE_CACHE;
  // The name carries the bundle's mtime: a rebuilt bundle never meets an older build's cache.
  const cacheFile = `${bundle}.${Math.trunc(fs.statSync(bundle).mtimeMs)}.${cacheProfile(process.argv.slice(2))}.v8cache`;
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

// Which code cache a command uses. V8 restores a cache whole, so one cache for every command must
// hold only the common path (the build warms it with `user show`); a command group whose own code
// is large and whose start-up is benchmarked gets a cache of its own, warmed by the build with that
// command: `ca` (`ca whatif` for one sign-in, issue #7: the evaluator, the rule engine for device
// filters, IP ranges; ~150 kB of compiled code that every other command would pay to restore).
// Any cache of the same bundle is correct for any command (V8 compiles what a cache lacks), so a
// wrong guess here (e.g. a UPN that reads "ca") only costs speed. The group is found as
// src/cli/main.ts finds it: the first argument that is neither an option nor a global option's value.
const CACHE_PROFILES = new Set(['ca']);
const VALUE_OPTIONS = new Set(['--tenant', '-o', '--output', '--query', '--as']);

function cacheProfile(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return CACHE_PROFILES.has(a) ? a : 'main';
  }
  return 'main';
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

async function run() {
  const { main } = fs.existsSync(bundle) ? loadBundle() : await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}

run();
