/**
 * The TCP tracker's cost per packet, on the benchmark's simulated traffic (tcp-sim.ts).
 * Packets are parsed once into columns first, so the timed loop is: fill the reused Dissection
 * (what a decoder does) + track. The fill-only loop is timed too and subtracted.
 * Arguments: packets (2 M), connections (20 000), rounds (7).
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

const gc = (globalThis as { gc?: () => void }).gc;
/**
 * The machine is shared: a chunk's wall time includes whatever else ran. Each round tracks the same
 * packets from scratch, so for each chunk the fastest of the rounds is the least disturbed one.
 */
const CHUNK = 2_000;
const ROUNDS = Number(process.argv[4] ?? 7);
const chunks = Math.ceil(n / CHUNK);
const bestTrack = new Float64Array(chunks).fill(Infinity);
const bestFill = new Float64Array(chunks).fill(Infinity);
let sink = 0;
for (let round = 0; round < ROUNDS; round++) {
  gc?.();
  const tracker = new TcpTracker();
  for (let k = 0; k < chunks; k++) {
    const end = Math.min(n, (k + 1) * CHUNK);
    let t0 = process.hrtime.bigint();
    for (let i = k * CHUNK; i < end; i++) { fill(i); sink += d.seq & 1; }
    bestFill[k] = Math.min(bestFill[k]!, Number(process.hrtime.bigint() - t0));
    t0 = process.hrtime.bigint();
    for (let i = k * CHUNK; i < end; i++) {
      fill(i);
      tracker.track(i + 1, cols.sec[i]!, cols.nsec[i]!, d, out);
      sink += out.analysis;
    }
    bestTrack[k] = Math.min(bestTrack[k]!, Number(process.hrtime.bigint() - t0));
  }
  if (round === 0) console.log(`${n} packets, ${tracker.connections.length} connections`);
}
const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
console.log(`fill: ${(sum(bestFill) / n).toFixed(1)} ns/packet; fill + track: ${(sum(bestTrack) / n).toFixed(1)} ns/packet; tracker: ${((sum(bestTrack) - sum(bestFill)) / n).toFixed(1)} ns/packet (best of ${ROUNDS} rounds per chunk)`);
console.log(sink === -1 ? '' : `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
