/**
 * The CLI is a CommonJS bundle compiled through V8's code cache. Without one, V8 parses the
 * bundle and compiles each function to bytecode the first time it runs, while the first packets
 * wait: 55 M of the 330 M instructions of a run on a small capture, 165 M of 4.2 G on the bench
 * capture (valgrind). The cache holds the bytecode of every function a few training runs needed
 * (make-code-cache.ts, run by scripts/build.mjs), so V8 reads it instead.
 *
 * V8 itself decides whether a cache fits: it rejects one made by another Node, under other V8
 * flags, or for another text of the bundle, and then compiles from the source as it would
 * without one. The cache changes how fast the CLI starts, never what it does. It is a build
 * artefact beside the bundle, trusted as the bundle is: V8 checks that it fits, not every byte.
 *
 * Node 20 has no compile cache for ES modules (module.enableCompileCache came in Node 22), and
 * vm.Script only compiles classic scripts: hence a CommonJS bundle.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';

export const CLI_BUNDLE = 'synfin-main.cjs';
export const CLI_CODE_CACHE = 'synfin-main.v8cache';

export type CacheUse = 'accepted' | 'rejected' | 'absent';

export interface LoadedBundle<T> {
  exports: T;
  script: Script;
  cache: CacheUse;
}

/** Runs `dir/bundle` as Node runs a CommonJS module, compiled with `dir/cache` when V8 accepts it. */
export function loadBundle<T>(dir: string, bundle = CLI_BUNDLE, cache = CLI_CODE_CACHE): LoadedBundle<T> {
  const file = resolve(dir, bundle);
  const source = readFileSync(file, 'utf8');
  const cachedData = readIfPresent(join(dir, cache));
  // Node's own module wrapper, opened on the bundle's first line so that its line numbers stay.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper(module.exports, createRequire(file), module, file, resolve(dir));
  const use: CacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  return { exports: module.exports, script, cache: use };
}

/** Saves the bytecode of every function `loaded` has compiled so far; replaces the file whole, so a reader never sees half of it. */
export function writeCodeCache(loaded: LoadedBundle<unknown>, dir: string, cache = CLI_CODE_CACHE): number {
  const data = loaded.script.createCachedData();
  const file = join(dir, cache);
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
  return data.length;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    // No cache (not built, or unreadable): compiling from the source is always right.
    return undefined;
  }
}
