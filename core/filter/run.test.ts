import { describe, expect, it } from 'vitest';
import { compileFilter, filterPackets, FilterRun } from './index';
import type { CompiledFilter, FilterProgress } from './index';
import { PAGE_SIZE } from '../store/packet-store';
import { StoreBuilder } from '../../test/filter/store-builder';

const compiled = (text: string): CompiledFilter => {
  const r = compileFilter(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** `n` packets over `streams` connections, round robin; every 7th carries 10 bytes. */
function many(n: number, streams: number): StoreBuilder {
  const b = new StoreBuilder();
  for (let s = 0; s < streams; s++) b.withStream(s, { serverPort: s % 2 ? 443 : 80 });
  for (let i = 0; i < n; i++) {
    b.add({ time: i * 0.001, ip: ['10.0.0.1', `10.0.${(i % streams) >> 8}.${i % streams & 255}`], tcp: { stream: i % streams, len: i % 7 === 0 ? 10 : 0 } });
  }
  return b;
}

describe('FilterRun', () => {
  it('gives the same answer in any slice size, across page boundaries', () => {
    const b = many(PAGE_SIZE + 1000, 5);
    const f = compiled('tcp.len > 0 && tcp.port == 443');
    const whole = filterPackets(f, b).indices();
    expect(whole.length).toBeGreaterThan(0);
    for (const slice of [1, 999, 4096, PAGE_SIZE - 1]) {
      const r = new FilterRun(f, b);
      while (!r.step(slice));
      expect(r.indices(), `slice ${slice}`).toEqual(whole);
    }
    // Every 7th packet has data; stream i % 5 is odd (port 443) for i % 5 ∈ {1, 3}.
    const expected = [];
    for (let i = 0; i < PAGE_SIZE + 1000; i++) if (i % 7 === 0 && i % 5 % 2 === 1) expected.push(i);
    expect(Array.from(whole)).toEqual(expected);
  });

  it('reads the previous packet across a page boundary for frame.time_delta', () => {
    const b = new StoreBuilder();
    for (let i = 0; i < PAGE_SIZE + 2; i++) b.add({ time: i < PAGE_SIZE ? i * 0.001 : 100 + (i - PAGE_SIZE) * 0.001 });
    expect(Array.from(filterPackets(compiled('frame.time_delta > 1'), b).indices())).toEqual([PAGE_SIZE]);
  });

  it('reports progress after each slice, ending with every packet done', () => {
    const b = many(10_000, 3);
    const seen: FilterProgress[] = [];
    new FilterRun(compiled('tcp.stream == 1'), b).runToEnd((p) => seen.push(p), 3000);
    expect(seen.map((p) => p.done)).toEqual([3000, 6000, 9000, 10_000]);
    expect(seen.at(-1)).toEqual({ done: 10_000, total: 10_000, matched: 3333 });
  });

  it('keeps one byte a packet and lists the matching indices', () => {
    const b = many(20, 2);
    const r = filterPackets(compiled('tcp.stream == 1'), b);
    expect(r.matches.length).toBe(20);
    expect(Array.from(r.matches.slice(0, 4))).toEqual([0, 1, 0, 1]);
    expect(r.matchCount).toBe(10);
    expect(r.indices()[0]).toBe(1);
  });

  it('lists the connections with at least one matching packet', () => {
    const b = many(100, 10);
    const r = filterPackets(compiled('tcp.len > 0 && tcp.stream in {0..5}'), b);
    // Packets i ≡ 0 (mod 7) with i mod 10 ≤ 5: streams 0…5 all occur among multiples of 7 below 100.
    expect(r.matchingStreams()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(r.streamMatches)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(filterPackets(compiled('udp'), b).matchingStreams()).toEqual([]);
  });

  it('goes on where it stopped when a live capture adds packets and connections', () => {
    const b = new StoreBuilder().withStream(0, { serverPort: 80 });
    b.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp: { stream: 0 } });
    const r = new FilterRun(compiled('tcp.port == 80 || ip.addr == 10.0.0.3'), b);
    expect(r.step()).toBe(true);
    expect(r.matchCount).toBe(1);
    b.withStream(1, { serverPort: 80 });
    b.add({ ip: ['10.0.0.1', '10.0.0.3'], tcp: { stream: 1 } });
    b.add({ ip: ['10.0.0.1', '10.0.0.4'], tcp: { stream: 1 } });
    expect(r.finished).toBe(false);
    r.runToEnd();
    expect(Array.from(r.indices())).toEqual([0, 1, 2]);
    expect(r.matchingStreams()).toEqual([0, 1]);
  });

  it('works connection answers out again when the connections change', () => {
    const b = new StoreBuilder().withStream(0, { completeness: 1 });
    b.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp: { stream: 0, flags: 'S' } });
    const r = new FilterRun(compiled('tcp.completeness == 31'), b);
    r.runToEnd();
    expect(r.matchCount).toBe(0);
    b.withStream(0, { completeness: 31 });
    b.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp: { stream: 0 } });
    r.connectionsChanged();
    r.runToEnd();
    expect(Array.from(r.indices())).toEqual([1]);
  });

  it('runs over an empty store', () => {
    const r = filterPackets(compiled('tcp'), new StoreBuilder());
    expect([r.finished, r.matchCount, r.indices().length]).toEqual([true, 0, 0]);
  });
});
