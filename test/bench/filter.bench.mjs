// Filtering speed: `node test/bench/filter.bench.mjs [CAPTURE | PACKETS]`.
// With a capture file (what `npm run bench` passes: its generated 1.18 M-packet capture), filters
// run over the store the whole engine builds from it; with a number (default 1 000 000), over a
// synthetic store of that many packets. Bundles the TypeScript bench with esbuild into .bench/.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Times every bench filter over `capture` (a file) or `packets` synthetic packets. */
export async function benchFilter({ capture = null, packets = 1_000_000, runs = 5 } = {}) {
  const outfile = join(root, '.bench/filter-bench.mjs');
  await build({ entryPoints: [join(root, 'test/bench/filter-bench.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  const { benchSource, captureSource, benchFilters, baselineMs } = await import(pathToFileURL(outfile).href);
  const t0 = performance.now();
  const source = capture ? captureSource(capture) : benchSource(packets);
  const buildMs = performance.now() - t0;
  const results = benchFilters(source, undefined, runs);
  return { packets: source.store.length, buildMs, baselineMs: baselineMs(source.store.length), results };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  const capture = arg && existsSync(arg) ? arg : null;
  const { packets, buildMs, baselineMs, results } = await benchFilter({ capture, packets: capture ? 0 : Number(arg ?? 1_000_000) });
  console.log(`${capture ? `${capture} read into a store` : 'synthetic store built'}: ${packets} packets in ${buildMs.toFixed(0)} ms`);
  console.log(`one table lookup a packet (the least a filter can do) takes ${baselineMs.toFixed(1)} ms here`);
  console.log('| filter | ms (median of 5: compile, bind, run) | M packets/s | × lookup baseline | kept |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| \`${r.filter}\` | ${r.ms.toFixed(1)} | ${(r.packetsPerSecond / 1e6).toFixed(1)} | ${(r.ms / baselineMs).toFixed(1)} | ${r.matched} |`);
  }
}
