// Bundles and runs the reader throughput benchmark (test/bench/reader-throughput.ts).
//   node scripts/bench-reader.mjs [records] [packetBytes]
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('.bench/reader-throughput.mjs');
await build({ entryPoints: ['test/bench/reader-throughput.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
