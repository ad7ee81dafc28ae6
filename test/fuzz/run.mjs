// `npm run fuzz`: bundles the long fuzzer and runs it (FUZZ_SECONDS, FUZZ_SEED).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

mkdirSync('.fuzz/bundle', { recursive: true });
// Two levels below the repository, like test/support/corpus.ts, whose repoRoot is resolved from its own URL.
const outfile = resolve('.fuzz/bundle/long.mjs');
await build({ entryPoints: ['test/fuzz/long.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" } });
const { fuzz } = await import(pathToFileURL(outfile).href);
const failures = await fuzz(Number(process.env.FUZZ_SECONDS ?? 600), Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31));
process.exitCode = failures === 0 ? 0 : 1;
