#!/usr/bin/env node
// Renderer benchmark: time to first rows, scroll frame times and heap with a 1 M-packet capture,
// in Debian's Chromium against the real host. The body is TypeScript (it shares the e2e harness),
// so it is bundled with esbuild first. Usage:
//   node test/bench/renderer.bench.mjs [CAPTURE] [--scroll-seconds S] [--json]
// Without CAPTURE it uses (or generates) the capture of `npm run bench` in .bench/.
// Needs `npm run build` (dist/renderer) first; `npm run bench` does that.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: {
  'scroll-seconds': { type: 'string', default: '5' }, json: { type: 'boolean', default: false },
} });

const hostEntry = join(root, 'electron/host/host.ts');
if (!existsSync(hostEntry)) {
  console.error('renderer bench: electron/host/host.ts (createHost) has not landed; the bench needs the real host');
  process.exit(1);
}
const bundle = (entry, name) => build({
  entryPoints: [entry], outfile: join(root, '.bench', name), bundle: true, platform: 'node', target: 'node20',
  format: 'esm', logLevel: 'warning', external: ['playwright-core', 'cap', 'electron'],
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
}).then(() => import(pathToFileURL(join(root, '.bench', name)).href));
const [{ runBench, FRAME_BUDGET_MS, FRAME_JITTER_MS, HEAP_BUDGET_MB }, hostModule] = await Promise.all([
  bundle(join(root, 'test/bench/renderer-bench.ts'), 'renderer-bench.mjs'),
  bundle(hostEntry, 'renderer-bench-host.mjs'),
]);
// Bundled here, the host cannot find its worker beside itself: point it at the build's.
const workerFile = join(root, 'dist/host/analysis-worker.js');
const createHost = (o) => hostModule.createHost({ ...o, workerFile });
const r = await runBench({ createHost, file: positionals[0], scrollSeconds: Number(values['scroll-seconds']) });
if (values.json) console.log(JSON.stringify(r));
else {
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(28)} ${v}`);
  console.log(`load average: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (other work on the machine slows frames and round trips)`);
  console.log(`\ntargets: frames < ${FRAME_BUDGET_MS} ms, on time within ${FRAME_JITTER_MS} ms of vsync jitter (wheel p95 ${r.wheelFrameP95Ms <= FRAME_BUDGET_MS + FRAME_JITTER_MS ? 'met' : 'MISSED'}, fling p95 ${r.flingFrameP95Ms <= FRAME_BUDGET_MS + FRAME_JITTER_MS ? 'met' : 'MISSED'}), ` +
    `renderer heap < ${HEAP_BUDGET_MB} MB (${r.rendererHeapMB <= HEAP_BUDGET_MB ? 'met' : 'MISSED'}), ` +
    `renderer process RSS < ${HEAP_BUDGET_MB} MB (${typeof r.rendererRssMB !== 'number' ? 'not measured' : r.rendererRssMB <= HEAP_BUDGET_MB ? 'met' : 'MISSED'})`);
}
