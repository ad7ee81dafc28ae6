import { describe, expect, it } from 'vitest';
import { BYTES_PER_PACKET, PAGE_SIZE, PacketStore } from './packet-store';
import { Dissection } from '../decode/dissection';
import { PacketFacts } from '../tcp/facts';
import type { PacketRecord } from '../formats/record';

const record = (tsSec: number, tsNsec: number): PacketRecord => {
  const bytes = new Uint8Array(64);
  return { bytes, view: new DataView(bytes.buffer), offset: 0, capLen: 64, origLen: 64, fileOffset: 24,
    tsSec, tsNsec, linkType: 1, interfaceId: 0, comments: null };
};

describe('PacketStore', () => {
  it('keeps the index within 64 bytes a packet (DESIGN.md, performance model)', () => {
    expect(BYTES_PER_PACKET).toBeLessThanOrEqual(64);
  });
  it('stores columns across page boundaries and times relative to the first packet', () => {
    const store = new PacketStore();
    const d = new Dissection();
    const f = new PacketFacts();
    for (let i = 0; i < PAGE_SIZE + 5; i++) {
      d.seq = i;
      f.stream = i % 7;
      store.append(record(1_700_000_000 + Math.floor(i / 1000), (i % 1000) * 1_000_000), d, f);
    }
    expect(store.length).toBe(PAGE_SIZE + 5);
    expect(store.pages.length).toBe(2);
    expect(store.get('seqRaw', PAGE_SIZE + 4)).toBe(PAGE_SIZE + 4);
    expect(store.get('stream', PAGE_SIZE + 4)).toBe((PAGE_SIZE + 4) % 7);
    expect(store.get('tsRelNs', 1500)).toBe(1.5e9);
    expect(store.epochSeconds(1500)).toBeCloseTo(1_700_000_001.5, 6);
  });
  it('interns address pairs so that one pair has one id', () => {
    const store = new PacketStore();
    const d = new Dissection();
    const f = new PacketFacts();
    d.ipVersion = 4;
    d.src[0] = 0x0a000001;
    d.dst[0] = 0x0a000002;
    store.append(record(1, 0), d, f);
    d.dst[0] = 0x0a000003;
    store.append(record(1, 0), d, f);
    d.dst[0] = 0x0a000002;
    store.append(record(1, 0), d, f);
    expect([0, 1, 2].map((i) => store.get('addrPair', i))).toEqual([0, 1, 0]);
  });
});
