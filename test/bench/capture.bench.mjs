// Live capture under load: Synfin and tcpdump capture the same UDP traffic at the same time, on a
// veth pair between two network namespaces this script creates (and removes, whatever happens).
// At rising packet rates it reports what each kept (matched packet by packet by payload), the
// rate at which Synfin first lost packets tcpdump kept, Synfin's CPU use, and how far Synfin's
// delivery timestamps are from tcpdump's kernel timestamps for the same packets.
//
//   node test/bench/capture.bench.mjs        (needs root, iproute2, tcpdump, a C compiler, cap built)
// Environment: CAPTURE_BENCH_RATES=5000,10000,…  CAPTURE_BENCH_SECONDS=3
//   CAPTURE_BENCH_PATHS=app,cli,app@128 (app@N: the app's path with an N MiB kernel buffer)
import { build } from 'esbuild';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const OUT = resolve('.bench/capture');
const RATES = (process.env.CAPTURE_BENCH_RATES ?? '5000,10000,20000,35000,50000,75000,100000').split(',').map(Number);
const SECONDS = Number(process.env.CAPTURE_BENCH_SECONDS ?? 3);
const PATHS = (process.env.CAPTURE_BENCH_PATHS ?? 'app,cli').split(',');
/** Same kernel buffer as Synfin asks for (capture-device.ts KERNEL_BUFFER_BYTES), so the comparison is fair. */
const BUFFER_KIB = 128 * 1024;
/**
 * CAPTURE_BENCH_PRIORITY=rt runs Synfin (not tcpdump, whose times the kernel takes) at real-time
 * priority: on a machine shared with other work, that separates what stamping at delivery costs
 * from waiting for a CPU.
 */
const PRIORITY = process.env.CAPTURE_BENCH_PRIORITY === 'rt' ? ['chrt', '-f', '10'] : [];
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function skip(why) {
  console.log(`skipped: capture benchmark: ${why}`);
  process.exit(0);
}
const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
if (process.platform !== 'linux') skip('needs Linux network namespaces');
if (process.getuid?.() !== 0) skip('needs root (network namespaces and capture)');
if (!has('ip', ['-V'])) skip('needs the ip command (iproute2)');
if (!has('tcpdump', ['--version'])) skip('needs tcpdump to compare with');
if (!has('cc', ['--version'])) skip('needs a C compiler for the paced sender');
if (!existsSync('dist/cli/synfin.cjs') || !existsSync('dist/host/analysis-worker.js')) skip('run npm run build first');
try {
  (await import('node:module')).createRequire(import.meta.url)('cap');
} catch (e) {
  skip(`cap does not load: ${String(e.message).split('\n')[0]}`);
}

mkdirSync(OUT, { recursive: true });
const pace = resolve(OUT, 'udp-pace');
execFileSync('cc', ['-O2', '-o', pace, 'test/bench/udp-pace.c']);
const bundle = async (entry, name) => {
  const outfile = resolve(OUT, name);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', external: ['cap'],
    banner: { js: "import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);" } });
  return outfile;
};
const runner = await bundle('test/bench/capture-runner.ts', 'capture-runner.mjs');
const { readRun } = await import(pathToFileURL(await bundle('test/bench/capture-match.ts', 'capture-match.mjs')).href);

// ---- namespaces -------------------------------------------------------------------------------
const tag = randomBytes(3).toString('hex');
const ns = { a: `synfin-bench-${tag}-a`, b: `synfin-bench-${tag}-b`, ifA: `sba${tag}`, ifB: `sbb${tag}` };
const x = randomInt(0, 256);
const addrA = `10.214.${x}.1`;
const addrB = `10.214.${x}.2`;
const children = new Set();
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const n of [ns.a, ns.b]) spawnSync('ip', ['netns', 'delete', n], { stdio: 'ignore' });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });
const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
ip('netns', 'add', ns.a);
ip('netns', 'add', ns.b);
ip('-n', ns.a, 'link', 'add', ns.ifA, 'type', 'veth', 'peer', 'name', ns.ifB, 'netns', ns.b);
ip('-n', ns.a, 'addr', 'add', `${addrA}/30`, 'dev', ns.ifA);
ip('-n', ns.b, 'addr', 'add', `${addrB}/30`, 'dev', ns.ifB);
for (const [n, i] of [[ns.a, ns.ifA], [ns.b, ns.ifB], [ns.a, 'lo'], [ns.b, 'lo']]) ip('-n', n, 'link', 'set', i, 'up');

/** Starts `argv` in namespace `n`; resolves once its output (stdout or stderr) contains `ready`. */
async function start(n, argv, ready) {
  const child = spawn('ip', ['netns', 'exec', n, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (b) => (out.stdout += b));
  child.stderr.on('data', (b) => (out.stderr += b));
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  const t0 = Date.now();
  while (!(out.stdout + out.stderr).includes(ready)) {
    if (child.exitCode !== null || Date.now() - t0 > 20_000) throw new Error(`${argv.join(' ')} did not start: ${out.stderr}`);
    await sleep(20);
  }
  return { child, out, exited };
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];

async function measure(path, rate, run) {
  const port = 40000 + run;
  const filter = `udp dst port ${port}`;
  const tFile = resolve(OUT, `tcpdump-${path.replace('@', '-')}-${rate}.pcap`);
  const sFile = resolve(OUT, `synfin-${path.replace('@', '-')}-${rate}.pcapng`);
  rmSync(tFile, { force: true });
  rmSync(sFile, { force: true });
  const baseSec = Math.floor(Date.now() / 1000);
  const tcpdump = await start(ns.a, ['tcpdump', '-i', ns.ifA, '-n', '-s', '65535', '-B', String(BUFFER_KIB), '--time-stamp-precision=nano', '-w', tFile, filter], 'listening on');
  const [kind, mib] = path.split('@');
  const synfin = kind === 'app'
    ? await start(ns.a, [...PRIORITY, process.execPath, runner, ns.ifA, filter, sFile, resolve('dist/host/analysis-worker.js'), resolve(OUT, 'spill'), ...(mib ? [mib] : [])], 'ready')
    : await start(ns.a, [...PRIORITY, process.execPath, 'dist/cli/synfin.cjs', 'capture', '-i', ns.ifA, '-f', filter, '-w', sFile], 'Ctrl-C stops');
  await sleep(300);
  const cpu0 = { synfin: cpuOf(synfin.child.pid), tcpdump: cpuOf(tcpdump.child.pid) };
  const t0 = performance.now();
  const sender = spawnSync('ip', ['netns', 'exec', ns.b, pace, addrA, String(port), String(rate), String(SECONDS), String(run), '64'], { encoding: 'utf8' });
  const m = /sent=(\d+) seconds=([\d.]+)/.exec(sender.stdout);
  if (!m) throw new Error(`the sender failed: ${sender.stderr}`);
  const sent = Number(m[1]);
  const sendSeconds = Number(m[2]);
  // What is in flight reaches both captures (tcpdump's ring hands over a block after at most its
  // 1 s timeout, and drops what it has not handed over when stopped).
  await sleep(1500);
  const wall = (performance.now() - t0) / 1000;
  const cpu = { synfin: cpuOf(synfin.child.pid) - cpu0.synfin, tcpdump: cpuOf(tcpdump.child.pid) - cpu0.tcpdump };
  synfin.child.kill('SIGINT');
  tcpdump.child.kill('SIGINT');
  await Promise.all([synfin.exited, tcpdump.exited]);
  const kernelDrops = Number(/(\d+) packets? dropped by kernel/.exec(tcpdump.out.stderr)?.[1] ?? NaN);
  const t = readRun(tFile, run, sent, baseSec);
  const s = readRun(sFile, run, sent, baseSec);
  let lost = 0;
  const offsets = [];
  /** Runs of consecutive sequence numbers Synfin lost, to tell a stall from a trickle. */
  const gaps = [];
  for (let i = 0; i < sent; i++) {
    const a = t.times[i];
    const b = s.times[i];
    if (!Number.isNaN(a) && Number.isNaN(b)) {
      lost++;
      const g = gaps.at(-1);
      if (g && g[1] === i - 1) g[1] = i;
      else gaps.push([i, i]);
    }
    if (!Number.isNaN(a) && !Number.isNaN(b)) offsets.push((b - a) / 1000);
  }
  offsets.sort((p, q) => p - q);
  const report = kind === 'app' ? JSON.parse(synfin.out.stdout.trim().split('\n').pop()) : null;
  return {
    path, rate, sent, achievedRate: Math.round(sent / sendSeconds), tcpdumpKept: t.count, tcpdumpKernelDrops: kernelDrops, synfinKept: s.count, lostBySynfin: lost,
    lostRuns: gaps.length, longestLostRun: Math.max(0, ...gaps.map(([a, b]) => b - a + 1)), firstLost: gaps[0]?.[0] ?? null,
    synfinCpu: cpu.synfin / wall, tcpdumpCpu: cpu.tcpdump / wall, mainLoopUtilization: report?.mainLoopUtilization ?? null,
    offsetUs: offsets.length === 0 ? null : { min: offsets[0], median: quantile(offsets, 0.5), p99: quantile(offsets, 0.99), max: offsets.at(-1), n: offsets.length },
  };
}

const results = [];
let run = randomInt(1, 1000);
try {
  console.log(`capture benchmark: ${SECONDS} s of 64-byte UDP payloads (106-byte frames) per rate, ${ns.ifA}${PRIORITY.length ? ', Synfin at real-time priority' : ''}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, ${(await import('node:os')).cpus().length} CPUs`);
  for (const path of PATHS) {
    for (const rate of RATES) {
      const r = await measure(path, rate, run++);
      results.push(r);
      const o = r.offsetUs;
      console.log(`${path} ${rate}/s: sent ${r.sent} (${r.achievedRate}/s), tcpdump ${r.tcpdumpKept} (kernel drops ${r.tcpdumpKernelDrops}), synfin ${r.synfinKept}, lost by synfin ${r.lostBySynfin}${r.lostBySynfin ? ` in ${r.lostRuns} runs (longest ${r.longestLostRun}, first at #${r.firstLost})` : ''}; ` +
        `CPU synfin ${(100 * r.synfinCpu).toFixed(0)}% tcpdump ${(100 * r.tcpdumpCpu).toFixed(0)}%` +
        (o ? `; synfin − tcpdump time: median ${o.median.toFixed(0)} µs, p99 ${o.p99.toFixed(0)} µs, max ${o.max.toFixed(0)} µs, min ${o.min.toFixed(0)} µs` : ''));
    }
  }
} finally {
  cleanup();
}

console.log('\n| path | rate asked | rate sent | tcpdump kept | Synfin kept | lost by Synfin (kept by tcpdump) | Synfin CPU | tcpdump CPU | time offset median / p99 / max (µs) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const o = r.offsetUs;
  console.log(`| ${r.path} | ${r.rate} | ${r.achievedRate} | ${r.tcpdumpKept} | ${r.synfinKept} | ${r.lostBySynfin} | ${(100 * r.synfinCpu).toFixed(0)}% | ${(100 * r.tcpdumpCpu).toFixed(0)}% | ${o ? `${o.median.toFixed(0)} / ${o.p99.toFixed(0)} / ${o.max.toFixed(0)}` : '—'} |`);
}
for (const path of PATHS) {
  const first = results.find((r) => r.path === path && r.lostBySynfin > 0);
  console.log(`${path}: ${first ? `first lost packets tcpdump kept at ${first.rate}/s (${first.lostBySynfin} of ${first.tcpdumpKept})` : `no loss up to ${Math.max(...RATES)}/s`}`);
}
writeFileSync(resolve(OUT, 'results.json'), JSON.stringify({ when: new Date().toISOString(), seconds: SECONDS, results }, null, 2));
