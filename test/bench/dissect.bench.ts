/**
 * What dissect costs per packet, on the benchmark's simulated TCP traffic (handshakes with
 * options, data, SACKed duplicate ACKs, retransmissions, teardowns, resets), laid out as a
 * reader hands it over: one chunk, one reused record. Run: npx vitest bench --run test/bench/dissect.bench.ts
 */
import { afterAll, bench, describe } from 'vitest';
import { dissect } from '../../core/decode/dissect';
import { Dissection, Proto } from '../../core/decode/dissection';
import type { PacketRecord } from '../../core/formats/record';
import { simulate } from './tcp-sim';

const PACKETS = 200_000;
/** tcpdump's default snaplen keeps whole packets; 128 keeps the headers, as a header-only capture would. */
const SNAPLEN = 128;

const packets = [...simulate({ seed: 7, connections: 4000, targetPackets: PACKETS, spanSeconds: 600, snapLen: SNAPLEN })];
const offsets = new Uint32Array(packets.length + 1);
for (let i = 0; i < packets.length; i++) offsets[i + 1] = offsets[i]! + packets[i]!.bytes.length;
const chunk = new Uint8Array(offsets[packets.length]!);
const origLens = new Uint32Array(packets.length);
packets.forEach((p, i) => { chunk.set(p.bytes, offsets[i]!); origLens[i] = p.origLen; });
const rec: PacketRecord = {
  bytes: chunk, view: new DataView(chunk.buffer), offset: 0, capLen: 0, origLen: 0, fileOffset: 0,
  tsSec: 0, tsNsec: 0, linkType: 1, interfaceId: 0, comments: null,
};
const d = new Dissection();
let tcp = 0;
let best = Infinity;

describe(`dissect, ${packets.length} simulated packets`, () => {
  bench('all packets', () => {
    // CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
    const t0 = process.cpuUsage();
    tcp = 0;
    for (let i = 0; i < packets.length; i++) {
      rec.offset = offsets[i]!;
      rec.capLen = offsets[i + 1]! - offsets[i]!;
      rec.origLen = origLens[i]!;
      dissect(rec, d);
      if (d.proto === Proto.TCP) tcp++;
    }
    const used = process.cpuUsage(t0);
    best = Math.min(best, ((used.user + used.system) * 1e3) / packets.length);
  }, { iterations: 30, warmupIterations: 5 });
});

afterAll(() => {
  console.log(`dissect: best ${best.toFixed(1)} ns of CPU a packet over ${packets.length} packets (${tcp} TCP)`);
});
