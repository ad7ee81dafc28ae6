/**
 * What dissect costs per packet, on the benchmark's simulated TCP traffic (handshakes with
 * options, data, SACKed duplicate ACKs, retransmissions, teardowns, resets), laid out as a reader
 * hands it over: one chunk, one reused record. CPU time, not wall time: on a shared machine the
 * wall clock counts other processes' turns. Bundled first (as the app is), since a test runner's
 * module transform puts a getter between every two functions.
 *
 *   node scripts/bench-dissect.mjs [packets] [snaplen]
 */
import { dissect } from '../../core/decode/dissect';
import { Dissection, Proto } from '../../core/decode/dissection';
import type { PacketRecord } from '../../core/formats/record';
import { simulate } from './tcp-sim';

const ROUNDS = 15;
const packetsWanted = Number(process.argv[2] ?? 200_000);
/** 128 bytes keep every header of the simulated traffic, as a header-only capture would. */
const snapLen = Number(process.argv[3] ?? 128);

const packets = [...simulate({ seed: 7, connections: Math.max(1, Math.round(packetsWanted / 50)), targetPackets: packetsWanted, spanSeconds: 600, snapLen })];
const offsets = new Uint32Array(packets.length + 1);
for (let i = 0; i < packets.length; i++) offsets[i + 1] = offsets[i]! + packets[i]!.bytes.length;
const chunk = new Uint8Array(offsets[packets.length]!);
const origLens = new Uint32Array(packets.length);
packets.forEach((p, i) => {
  chunk.set(p.bytes, offsets[i]!);
  origLens[i] = p.origLen;
});
const n = packets.length;
packets.length = 0;
const rec: PacketRecord = {
  bytes: chunk, view: new DataView(chunk.buffer), offset: 0, capLen: 0, origLen: 0, fileOffset: 0,
  tsSec: 0, tsNsec: 0, linkType: 1, interfaceId: 0, comments: null,
};
const d = new Dissection();

/** A loop that reads the same bytes and does nothing else: the floor this machine sets. */
function floor(): number {
  let sum = 0;
  const v = rec.view;
  for (let i = 0; i < n; i++) sum = (sum + v.getUint32(offsets[i]! + 26) + v.getUint16(offsets[i]! + 34)) | 0;
  return sum;
}

function once(): number {
  let tcp = 0;
  for (let i = 0; i < n; i++) {
    rec.offset = offsets[i]!;
    rec.capLen = offsets[i + 1]! - offsets[i]!;
    rec.origLen = origLens[i]!;
    dissect(rec, d);
    if (d.proto === Proto.TCP) tcp++;
  }
  return tcp;
}

const cpuNs = (f: () => number) => {
  const t0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(t0);
  return ((u.user + u.system) * 1e3) / n;
};

let best = Infinity;
let bestFloor = Infinity;
for (let r = 0; r < ROUNDS; r++) {
  best = Math.min(best, cpuNs(once));
  bestFloor = Math.min(bestFloor, cpuNs(floor));
}
console.log(`dissect: ${best.toFixed(1)} ns of CPU a packet (best of ${ROUNDS}) over ${n} packets, ${once()} TCP; ` +
  `reading two fields of each costs ${bestFloor.toFixed(1)} ns here`);
