import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_CODE_CACHE, loadBundle, writeCodeCache } from './code-cache';

interface Sample {
  sum(n: number): number;
  where: string;
  helper: string;
}

// A bundle as esbuild writes one for CommonJS: module.exports, a require() relative to itself.
const BUNDLE = `const { basename } = require('node:path');
const helper = require('./helper.cjs');
function sum(n) { let s = 0; for (let i = 1; i <= n; i++) s += i; return s; }
module.exports = { sum, where: basename(__filename) + ' in ' + basename(__dirname), helper };
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'synfin-code-cache-'));
  writeFileSync(join(dir, CLI_BUNDLE), BUNDLE);
  writeFileSync(join(dir, 'helper.cjs'), "module.exports = 'found beside the bundle';\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadBundle', () => {
  it('runs the bundle as Node runs a CommonJS module when there is no cache', () => {
    const loaded = loadBundle<Sample>(dir);
    expect(loaded.cache).toBe('absent');
    expect(loaded.exports.sum(100)).toBe(5050);
    expect(loaded.exports.where).toBe(`${CLI_BUNDLE} in ${dir.split('/').pop()}`);
    expect(loaded.exports.helper).toBe('found beside the bundle');
  });

  it('compiles through the cache written after a run, with the same result', () => {
    const first = loadBundle<Sample>(dir);
    first.exports.sum(10); // compiles sum, so the cache holds its bytecode too
    expect(writeCodeCache(first, dir)).toBeGreaterThan(0);
    const second = loadBundle<Sample>(dir);
    expect(second.cache).toBe('accepted');
    expect(second.exports.sum(100)).toBe(5050);
  });

  it('compiles from the source when the cache was made for another text of the bundle', () => {
    writeCodeCache(loadBundle(dir), dir);
    writeFileSync(join(dir, CLI_BUNDLE), BUNDLE.replace('s += i', 's += 2 * i'));
    const loaded = loadBundle<Sample>(dir);
    expect(loaded.cache).toBe('rejected');
    expect(loaded.exports.sum(100)).toBe(10100);
  });

  it('compiles from the source when the cache is not a cache', () => {
    writeFileSync(join(dir, CLI_CODE_CACHE), Buffer.from('not a V8 code cache, only some bytes that say so'));
    const loaded = loadBundle<Sample>(dir);
    expect(loaded.cache).toBe('rejected');
    expect(loaded.exports.sum(100)).toBe(5050);
  });

  it('replaces the cache file whole', () => {
    writeFileSync(join(dir, CLI_CODE_CACHE), 'old');
    const loaded = loadBundle(dir);
    const bytes = writeCodeCache(loaded, dir);
    expect(readFileSync(join(dir, CLI_CODE_CACHE)).length).toBe(bytes);
    expect(() => readFileSync(join(dir, `${CLI_CODE_CACHE}.tmp`))).toThrow();
  });
});
