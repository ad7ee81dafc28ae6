/**
 * The TCP tracker's cost per packet, on the benchmark's simulated traffic (tcp-sim.ts).
 * Packets are parsed once into columns first, so the timed loop is: fill the reused Dissection
 * (what a decoder does) + track. The fill-only loop is timed too and subtracted.
 *
 *   npx esbuild test/bench/tracker.ts --bundle --platform=node --format=esm --outfile=.bench/tracker.mjs && node .bench/tracker.mjs
 */
import { Dissection, Proto } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { TcpTracker } from '../../core/tcp/tracker';
import { simulate } from './tcp-sim';

const PACKETS = Number(process.argv[2] ?? 2_000_000);
const CONNECTIONS = Number(process.argv[3] ?? 20_000);

const cols = {
  sec: new Float64Array(PACKETS), nsec: new Float64Array(PACKETS),
  src: new Uint32Array(PACKETS), dst: new Uint32Array(PACKETS), sport: new Uint16Array(PACKETS), dport: new Uint16Array(PACKETS),
  seq: new Uint32Array(PACKETS), ack: new Uint32Array(PACKETS), flags: new Uint16Array(PACKETS), win: new Uint16Array(PACKETS),
  len: new Int32Array(PACKETS), hlen: new Uint8Array(PACKETS), ws: new Int8Array(PACKETS),
};
let n = 0;
for (const p of simulate({ seed: 7, connections: CONNECTIONS, targetPackets: PACKETS, spanSeconds: 600, snapLen: 128 })) {
  if (n === PACKETS) break;
  const v = new DataView(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  const t = 34;
  const hlen = (v.getUint8(t + 12) >> 4) * 4;
  cols.sec[n] = 1_700_000_000 + Math.floor(p.t / 1e9);
  cols.nsec[n] = p.t % 1e9;
  cols.src[n] = v.getUint32(26); cols.dst[n] = v.getUint32(30);
  cols.sport[n] = v.getUint16(t); cols.dport[n] = v.getUint16(t + 2);
  cols.seq[n] = v.getUint32(t + 4); cols.ack[n] = v.getUint32(t + 8);
  cols.flags[n] = v.getUint16(t + 12) & 0xfff; cols.win[n] = v.getUint16(t + 14);
  cols.len[n] = v.getUint16(16) - 20 - hlen; cols.hlen[n] = hlen;
  cols.ws[n] = cols.flags[n]! & 2 ? 7 : -1;
  n++;
}

const d = new Dissection();
d.proto = Proto.TCP;
d.ipVersion = 4;
const out = new PacketFacts();
function fill(i: number): void {
  d.src[0] = cols.src[i]!; d.dst[0] = cols.dst[i]!; d.srcPort = cols.sport[i]!; d.dstPort = cols.dport[i]!;
  d.seq = cols.seq[i]!; d.ack = cols.ack[i]!; d.tcpFlags = cols.flags[i]!; d.window = cols.win[i]!;
  d.payloadLen = cols.len[i]!; d.tcpHeaderLen = cols.hlen[i]!; d.windowScale = cols.ws[i]!;
}

/** CPU time (user + system) of `body` per packet: the machine is shared, wall time would measure the neighbours. */
function time(label: string, body: () => void): number {
  const t0 = process.cpuUsage();
  body();
  const used = process.cpuUsage(t0);
  const ns = (used.user + used.system) * 1000;
  console.log(`${label}: ${(ns / n).toFixed(1)} ns/packet`);
  return ns / n;
}

const gc = (globalThis as { gc?: () => void }).gc;
let sink = 0;
for (let round = 0; round < 5; round++) {
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const fillNs = time('fill only', () => { for (let i = 0; i < n; i++) { fill(i); sink += d.seq & 1; } });
  const tracker = new TcpTracker();
  const totalNs = time('fill + track', () => {
    for (let i = 0; i < n; i++) {
      fill(i);
      tracker.track(i + 1, cols.sec[i]!, cols.nsec[i]!, d, out);
      sink += out.analysis;
    }
  });
  const grew = process.memoryUsage().heapUsed - heap0;
  console.log(`tracker: ${(totalNs - fillNs).toFixed(1)} ns/packet over ${n} packets, ${tracker.connections.length} connections; heap +${(grew / 2 ** 20).toFixed(0)} MiB`);
}
console.log(sink === -1 ? '' : `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
