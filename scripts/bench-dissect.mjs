// Bundles and runs the decoder cost benchmark (test/bench/dissect-cost.ts).
//   node scripts/bench-dissect.mjs [packets] [snaplen]
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('.bench/dissect-cost.mjs');
await build({ entryPoints: ['test/bench/dissect-cost.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
