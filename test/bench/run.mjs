// `npm run bench`: the engine's speed and memory on a generated capture of ≥ 1 M packets and
// ≥ 20 k connections (real TCP behaviour, deterministic), against tcpdump reading the same file.
// CPU time and peak RSS are each child's own, from GNU time. A capture three times as long checks
// that memory stays under the target whatever the file size, and a SYN flood of a million
// connections that it does whatever the number of connections.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = resolve('.bench');
mkdirSync(OUT, { recursive: true });
const SIM = { seed: 2026, connections: 20_000, targetPackets: 1_180_000, spanSeconds: 600, snapLen: 96 };
const file = resolve(OUT, `bench-${SIM.seed}-${SIM.connections}-${SIM.targetPackets}.pcap`);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** `entry` bundled into .bench/`name`; returns its path. */
async function bundleFile(entry, name) {
  const outfile = resolve(OUT, name);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  return outfile;
}

async function bundle(entry, name) {
  return import(pathToFileURL(await bundleFile(entry, name)).href);
}

if (!existsSync(file)) {
  const { writeBenchCapture } = await bundle('test/bench/generate.ts', 'generate.mjs');
  const t = performance.now();
  const r = writeBenchCapture(file, SIM);
  console.log(`generated ${file}: ${r.packets} packets, ${(r.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// GNU time reports the child's own CPU time and peak RSS (Debian package "time"); without it,
// only wall times are reported.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

// A CA bundle named in NODE_EXTRA_CA_CERTS is read and parsed by every node process as it starts,
// before any of Synfin's code runs, and Synfin opens no TLS connection: on this sandbox (which sets
// it for npm) that was 80 ms of each run. The commands are timed as a user's shell runs them.
const CHILD_ENV = { ...process.env };
delete CHILD_ENV.NODE_EXTRA_CA_CERTS;

/** Wall time, CPU time and peak RSS of one run; stdout to /dev/null. */
function run(cmd, args) {
  const [c, a] = TIME ? [TIME, ['-f', 'SYNFIN_TIME=%U,%S,%M', cmd, ...args]] : [cmd, args];
  const t = process.hrtime.bigint();
  const r = spawnSync(c, a, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, env: CHILD_ENV });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /SYNFIN_TIME=([\d.]+),([\d.]+),(\d+)/.exec(String(r.stderr));
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null, rssMB: m ? Number(m[3]) / 1024 : null };
}

function best(label, cmd, args) {
  const runs = Array.from({ length: RUNS }, () => run(cmd, args));
  const wall = Math.min(...runs.map((r) => r.wall));
  const rss = Math.max(...runs.map((r) => r.rssMB ?? 0));
  const cpu = runs.every((r) => r.cpu !== null) ? Math.min(...runs.map((r) => r.cpu)) : null;
  return { label, wall, rss, cpu };
}

const flows = JSON.parse(execFileSync(process.execPath, ['bin/synfin.js', 'flows', file, '--json'], { maxBuffer: 1 << 28 }));
const packets = flows.packets;
const connections = flows.connections.length;
console.log(`capture: ${packets} packets, ${connections} connections, ${(statSync(file).size / 1e6).toFixed(1)} MB`);

// The fixed cost of a run (node starting, the command line loading, an empty capture read): what
// a run costs whatever the file, so the table can show the rate past it as well.
const empty = resolve(OUT, 'empty.pcap');
if (!existsSync(empty)) {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  writeFileSync(empty, header);
}
const startup = best('synfin flows --json, empty capture', process.execPath, ['bin/synfin.js', 'flows', empty, '--json']);
const nodeAlone = best('node -e 0', process.execPath, ['-e', '0']);

const results = [
  best('synfin flows --json', process.execPath, ['bin/synfin.js', 'flows', file, '--json']),
  best('synfin packets --json', process.execPath, ['bin/synfin.js', 'packets', file, '--json']),
  best('tcpdump -nr', 'tcpdump', ['-nr', file]),
  // For scale, not a target: how fast a follower that leaves out everything Synfin answers with can be.
  best('floor: a bare follower in plain JS', process.execPath, ['test/bench/floor.mjs', file]),
];
const tcpdump = results.find((r) => r.label === 'tcpdump -nr').wall;
console.log(`\nload average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (other work on the machine slows wall times; CPU time is the child's own)`);
if (process.env.NODE_EXTRA_CA_CERTS) console.log('NODE_EXTRA_CA_CERTS is set here: the commands ran without it (see CHILD_ENV)');
console.log(`start-up, whatever the file: ${startup.wall.toFixed(3)} s wall (${nodeAlone.wall.toFixed(3)} s of it node itself starting), best of ${RUNS}`);
console.log('| command | wall (best of ' + RUNS + ') | packets/s (wall) | packets/s past start-up | CPU time | packets/s (CPU) | peak RSS | faster than tcpdump |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const cpu = r.cpu === null ? '—' : `${r.cpu.toFixed(3)} s`;
  const cpuRate = r.cpu === null ? '—' : `${(packets / r.cpu / 1e6).toFixed(2)} M`;
  const past = r.label.startsWith('synfin') ? `${(packets / (r.wall - startup.wall) / 1e6).toFixed(2)} M` : '—';
  console.log(`| ${r.label} | ${r.wall.toFixed(3)} s | ${(packets / r.wall / 1e6).toFixed(2)} M | ${past} | ${cpu} | ${cpuRate} | ${r.rss ? r.rss.toFixed(0) + ' MB' : '—'} | ${(tcpdump / r.wall).toFixed(2)}× |`);
}
const floor = JSON.parse(execFileSync(process.execPath, ['test/bench/floor.mjs', file], { encoding: 'utf8' }));
console.log(`floor (test/bench/floor.mjs): reads, walks the records, decodes Ethernet/IPv4/TCP and finds each packet's connection (${floor.connections} found, Synfin ${connections}),` +
  ' with no analysis, roles, states, options or output: the gap to it is the work per packet, not the language or the reading');

// Memory whatever the file size: the same capture three times over, one pcap (the records again
// after the first file's; 4-tuples reused after their close open new streams, as they would).
const big = resolve(OUT, `bench-${SIM.seed}-${SIM.connections}-${SIM.targetPackets}-x3.pcap`);
if (!existsSync(big)) {
  const bytes = readFileSync(file);
  const fd = openSync(big, 'w');
  writeSync(fd, bytes);
  for (let i = 0; i < 2; i++) writeSync(fd, bytes, 24); // past the 24-byte file header
  closeSync(fd);
}
const bigPackets = packets * 3;
console.log(`\nlarger capture: ${bigPackets} packets, ${(statSync(big).size / 1e6).toFixed(1)} MB (one run each)`);
console.log('| command | wall | packets/s (wall) | CPU time | peak RSS |');
console.log('|---|---|---|---|---|');
for (const cmd of ['flows', 'packets']) {
  const r = run(process.execPath, ['bin/synfin.js', cmd, big, '--json']);
  console.log(`| synfin ${cmd} --json | ${r.wall.toFixed(3)} s | ${(bigPackets / r.wall / 1e6).toFixed(2)} M | ${r.cpu === null ? '—' : r.cpu.toFixed(3) + ' s'} | ${r.rssMB ? r.rssMB.toFixed(0) + ' MB' : '—'} |`);
}

// Many connections: a SYN flood, where every SYN is a connection of its own. A connection in
// memory costs about a kilobyte, so the count rather than the file size is what threatens memory;
// the tracker moves the ones it has not seen for a while to a cold store (a temporary file).
// Two sizes, four times apart: "whatever the file size" shows as the same peak for both.
const FLOOD = { seed: 2026, connections: 1_000_000, refusedEvery: 4 };
const BIG_FLOOD = { ...FLOOD, connections: 4_000_000 };
// A capture made to collide: each SYN from an address and port to itself (see flood.ts).
const LAND_FLOOD = { ...FLOOD, land: true };
/** Issue #2's target: peak RSS under 200 MB whatever the file. */
const FLOOD_RSS_TARGET_MB = 200;
const { writeFloodCapture, floodCounts } = await bundle('test/bench/flood.ts', 'flood.mjs');
const floodFileOf = (o) => {
  const f = resolve(OUT, `flood-${o.land ? 'land-' : ''}${o.seed}-${o.connections}-${o.refusedEvery}.pcap`);
  if (!existsSync(f)) {
    const t = performance.now();
    const r = writeFloodCapture(f, o);
    console.log(`\ngenerated ${f}: ${r.packets} packets, ${(r.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return f;
};
const floodFile = floodFileOf(FLOOD);
const bigFloodFile = floodFileOf(BIG_FLOOD);
const landFloodFile = floodFileOf(LAND_FLOOD);
const flood = floodCounts(FLOOD);
console.log(`\nmany connections: a SYN flood of one SYN a connection, each from its own source, every ${FLOOD.refusedEvery}th refused with an RST-ACK: ${flood.connections} connections (${flood.packets} packets, ${(statSync(floodFile).size / 1e6).toFixed(1)} MB) and ${BIG_FLOOD.connections} (${floodCounts(BIG_FLOOD).packets} packets, ${(statSync(bigFloodFile).size / 1e6).toFixed(1)} MB) (one run each; target: peak RSS < ${FLOOD_RSS_TARGET_MB} MB)`);
console.log(`| command | packets | connections | wall | packets/s (wall) | CPU time | peak RSS | peak RSS < ${FLOOD_RSS_TARGET_MB} MB |`);
console.log('|---|---|---|---|---|---|---|---|');
const floodRow = (o, f, cmd, label = `synfin ${cmd} --json`) => {
  const counts = floodCounts(o);
  const r = run(process.execPath, ['bin/synfin.js', cmd, f, '--json']);
  const met = r.rssMB === null ? '—' : r.rssMB < FLOOD_RSS_TARGET_MB ? 'met' : 'not met';
  console.log(`| ${label} | ${counts.packets} | ${counts.connections} | ${r.wall.toFixed(3)} s | ${(counts.packets / r.wall / 1e6).toFixed(2)} M | ${r.cpu === null ? '—' : r.cpu.toFixed(3) + ' s'} | ${r.rssMB ? r.rssMB.toFixed(0) + ' MB' : '—'} | ${met} |`);
};
for (const [o, f] of [[FLOOD, floodFile], [BIG_FLOOD, bigFloodFile]]) {
  for (const cmd of ['flows', 'packets']) floodRow(o, f, cmd);
}
// The first flood made to collide: it should take the first row's time, not hours.
floodRow(LAND_FLOOD, landFloodFile, 'flows', 'synfin flows --json, each SYN from an endpoint to itself (made to collide)');
// The app opening the same file: its session keeps an index entry per packet (see "index" below),
// so its memory grows with the packets; its connections go cold as in the command line.
{
  const r = run(process.execPath, [await bundleFile('test/bench/session-load.ts', 'session-load.mjs'), floodFile]);
  console.log(`| the app's session, opening it | ${flood.packets} | ${flood.connections} | ${r.wall.toFixed(3)} s | ${(flood.packets / r.wall / 1e6).toFixed(2)} M | ${r.cpu === null ? '—' : r.cpu.toFixed(3) + ' s'} | ${r.rssMB ? r.rssMB.toFixed(0) + ' MB' : '—'} | not a target (its index grows with the packets) |`);
}

// The app's index: what a session keeps per packet.
const { indexStats } = await bundle('test/bench/index-size.ts', 'index-size.mjs');
const idx = indexStats(file);
console.log(`\nindex: ${idx.bytesPerPacket} bytes a packet in columns (${(idx.indexBytes / 1e6).toFixed(1)} MB for ${idx.packets} packets), session heap ${idx.heapMB.toFixed(0)} MB after reading`);

for (const extra of ['test/bench/filter.bench.mjs', 'test/bench/renderer.bench.mjs', 'test/bench/capture.bench.mjs']) {
  if (!existsSync(extra)) continue;
  console.log(`\n== ${extra}`);
  const r = spawnSync(process.execPath, [extra, file], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`${extra} exited ${r.status}`);
}
