/**
 * dissect allocates nothing per packet: over a million simulated packets, not one young-generation
 * collection. A scavenge happens only when new objects fill the nursery, so one small object per
 * packet (tried: a two-field literal) already causes some.
 */
import { describe, expect, it } from 'vitest';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { dissect } from './dissect';
import { Dissection } from './dissection';
import type { PacketRecord } from '../formats/record';
import { simulate } from '../../test/bench/tcp-sim';

const ROUNDS = 12;
const WARM_ROUNDS = 3;
const WARM_MS = 2000;

describe('dissect on the hot path', () => {
  it('runs a million packets without a scavenge', async () => {
    const packets = [...simulate({ seed: 3, connections: 2000, targetPackets: 100_000, spanSeconds: 300, snapLen: 128 })];
    const offsets = new Uint32Array(packets.length + 1);
    for (let i = 0; i < packets.length; i++) offsets[i + 1] = offsets[i]! + packets[i]!.bytes.length;
    const chunk = new Uint8Array(offsets[packets.length]!);
    const origLens = new Uint32Array(packets.length);
    packets.forEach((p, i) => { chunk.set(p.bytes, offsets[i]!); origLens[i] = p.origLen; });
    const n = packets.length;
    const rec: PacketRecord = {
      bytes: chunk, view: new DataView(chunk.buffer), offset: 0, capLen: 0, origLen: 0, fileOffset: 0,
      tsSec: 0, tsNsec: 0, linkType: 1, interfaceId: 0, comments: null,
    };
    const d = new Dissection();
    const run = () => {
      for (let i = 0; i < n; i++) {
        rec.offset = offsets[i]!;
        rec.capLen = offsets[i + 1]! - offsets[i]!;
        rec.origLen = origLens[i]!;
        dissect(rec, d);
      }
    };
    // Warm up until the optimising compiler has had its turn: unoptimised code boxes 32-bit numbers,
    // and on a busy machine its background compile can take a while.
    const warmStart = Date.now();
    for (let r = 0; r < WARM_ROUNDS || Date.now() - warmStart < WARM_MS; r++) run();

    const scavengesOver = async (rounds: number) => {
      let scavenges = 0;
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
      });
      observer.observe({ entryTypes: ['gc'] });
      for (let r = 0; r < rounds; r++) run();
      await new Promise((resolve) => setTimeout(resolve, 50)); // GC entries arrive after the loop
      observer.disconnect();
      return scavenges;
    };
    expect(n * ROUNDS).toBeGreaterThan(1_000_000);
    // A late tier-up or deoptimisation can box a few numbers once; an allocation per packet fails every time.
    const first = await scavengesOver(ROUNDS);
    const second = first === 0 ? 0 : await scavengesOver(ROUNDS);
    expect(second).toBe(0);
  });
});
