// Filtering speed: `node test/bench/filter.bench.mjs [packets]` (default 1 000 000).
// Bundles the TypeScript bench with esbuild (a dev dependency) into .bench/, then runs it.
// `benchFilter({ packets })` is what the repository's `npm run bench` calls.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export async function benchFilter({ packets = 1_000_000, runs = 5 } = {}) {
  const outfile = join(root, '.bench/filter-bench.mjs');
  await build({ entryPoints: [join(root, 'test/bench/filter-bench.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  const { benchSource, benchFilters, baselineMs } = await import(pathToFileURL(outfile).href);
  const t0 = performance.now();
  const source = benchSource(packets);
  const buildMs = performance.now() - t0;
  const results = benchFilters(source, undefined, runs);
  return { packets, buildMs, baselineMs: baselineMs(packets), results };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packets = Number(process.argv[2] ?? 1_000_000);
  const { buildMs, baselineMs, results } = await benchFilter({ packets });
  console.log(`store of ${packets} packets built in ${buildMs.toFixed(0)} ms; one table lookup a packet takes ${baselineMs.toFixed(1)} ms here`);
  console.log('median of 5 runs per filter (compile + run), and as a multiple of that baseline:');
  for (const r of results) {
    const m = (r.ms / baselineMs).toFixed(1);
    console.log(`${r.ms.toFixed(1).padStart(8)} ms ${(r.packetsPerSecond / 1e6).toFixed(1).padStart(7)} M packets/s ${m.padStart(6)}× ${String(r.matched).padStart(8)} kept  ${r.filter}`);
  }
}
