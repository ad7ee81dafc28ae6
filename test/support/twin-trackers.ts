/**
 * The same capture through two trackers: one that keeps every connection in memory, and one that
 * moves connections to a cold store and back all the time (at most `maxLive` in memory). Any
 * difference in what they say about a packet or a connection is a field the codec lost. Their
 * connection tables hash with different tables, so a difference may also be the hash showing
 * through (it must only place entries).
 */
import { createCaptureReader } from '../../core/formats/reader';
import type { PacketRecord } from '../../core/formats/record';
import { dissect } from '../../core/decode/dissect';
import { Dissection } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { MemoryBlockFile, type BlockFile } from '../../core/tcp/block-file';
import { MemoryColdStore, type ColdStore } from '../../core/tcp/cold-store';
import { ConnectionCodec } from '../../core/tcp/connection-codec';
import { CONNECTION_DOUBLES, CONNECTION_INTS } from '../../core/tcp/connection-numbers';
import { Slab } from '../../core/tcp/slab';
import { flowJson } from '../../core/tcp/summary';
import type { Connection } from '../../core/tcp/connection';
import type { Endpoint } from '../../core/tcp/endpoint';
import { TcpTracker, type TrackerOptions } from '../../core/tcp/tracker';
import { TUPLE_WORDS } from '../../core/tcp/table';
import { wordsKey } from '../../core/tabulation';
import { prng } from './prng';

export interface TwinResult {
  frames: number;
  connections: number;
  /** Bytes the cold store was handed: > 0 shows connections really went there and came back. */
  coldBytes: number;
  /** Entries the connection table moved to its cold keys: > 0 shows lookups really went there. */
  coldKeys: number;
  /** The first few differences, each naming the frame or stream. */
  differences: string[];
}

const MAX_DIFFERENCES = 5;

/**
 * Everything a connection holds, read field by field rather than through the codec (so that a
 * field the codec forgets shows): its numbers, each endpoint's own fields, its lists.
 */
export function stateOf(c: Connection): string {
  const ints = Array.from({ length: CONNECTION_INTS }, (_, k) => c.intAt(k));
  const doubles = Array.from({ length: CONNECTION_DOUBLES }, (_, k) => c.doubleAt(k));
  // Past its count, a list of unacknowledged segment ends holds leftovers that mean nothing, and an
  // empty list behaves the same with or without its array.
  const endpoint = (e: Endpoint) => JSON.stringify(e, (key, value: unknown) =>
    key === 'unackedEnds' ? (e.unackedEnds ?? []).slice(0, e.unackedCount) : value,
  );
  return JSON.stringify({ ints, doubles, client: endpoint(c.client), server: endpoint(c.server), counts: c.analysisCounts, notes: c.notes, changes: c.baseChanges });
}

/**
 * `bounds` small enough to move the connection table's entries and the cold index's pages out of
 * memory too (see MemoryBounds).
 */
export function trackTwice(file: Uint8Array, maxLive = 2, store: ColdStore = new MemoryColdStore(), bounds?: TrackerOptions['bounds']): TwinResult {
  const warm = new TcpTracker({ hashKey: wordsKey(TUPLE_WORDS, prng(1)) });
  const cold = new TcpTracker({ cold: store, maxLive, bounds, hashKey: wordsKey(TUPLE_WORDS, prng(2)) });
  const { frames, differences } = trackBoth(file, warm, cold);
  const differ = (what: string) => {
    if (differences.length < MAX_DIFFERENCES) differences.push(what);
  };
  if (warm.connectionCount !== cold.connectionCount) differ(`${warm.connectionCount} connections against ${cold.connectionCount}`);
  // The whole state of each connection, as the codec writes it, and what the output makes of it.
  const codec = new ConnectionCodec();
  const record = (c: Parameters<ConnectionCodec['encode']>[0]) => {
    const r = codec.encode(c);
    return Buffer.from(r.bytes.subarray(0, r.length)).toString('hex');
  };
  for (let s = 0; s < warm.connectionCount; s++) {
    const a = warm.connections[s]!;
    const b = cold.connection(s);
    const [sa, sb] = [stateOf(a), stateOf(b)];
    if (sa !== sb) differ(`stream ${s}: ${sa} against ${sb}`);
    if (JSON.stringify(flowJson(a)) !== JSON.stringify(flowJson(b))) differ(`stream ${s}: ${JSON.stringify(flowJson(a))} against ${JSON.stringify(flowJson(b))}`);
    if (JSON.stringify(a.notes) !== JSON.stringify(b.notes)) differ(`stream ${s}: notes differ`);
  }
  const noted = (t: TcpTracker) => [...t.notedConnections()].map((c) => c.stream).join(',');
  if (noted(warm) !== noted(cold)) differ(`connections with notes: ${noted(warm)} against ${noted(cold)}`);
  // Read back once more through a fresh slab: decoding twice gives the same.
  for (let s = 0; s < cold.connectionCount; s++) {
    const once = record(cold.connection(s));
    const twice = record(codec.decode(Buffer.from(once, 'hex'), new Slab(CONNECTION_INTS, CONNECTION_DOUBLES, 1)));
    if (once !== twice) differ(`stream ${s}: a record read back and written again differs`);
  }
  const keys = (cold as unknown as { store: { keys: { count: number } | null } }).store.keys;
  cold.close();
  return { frames, connections: warm.connectionCount, coldBytes: store.size, coldKeys: keys?.count ?? 0, differences };
}

/**
 * Each packet of the capture through both trackers (`beforeSecond` runs just before the second
 * tracks it): the frames, and the first few frames whose facts differ.
 */
export function trackBoth(file: Uint8Array, first: TcpTracker, second: TcpTracker, beforeSecond: () => void = () => {}): { frames: number; differences: string[] } {
  const d = new Dissection();
  const [a, b] = [new PacketFacts(), new PacketFacts()];
  const differences: string[] = [];
  let frames = 0;
  const reader = createCaptureReader({
    packet(rec: PacketRecord) {
      const frame = ++frames;
      dissect(rec, d);
      first.track(frame, rec.tsSec, rec.tsNsec, d, a);
      beforeSecond();
      second.track(frame, rec.tsSec, rec.tsNsec, d, b);
      const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
      if (x !== y && differences.length < MAX_DIFFERENCES) differences.push(`frame ${frame}: ${x} against ${y}`);
    },
  });
  reader.push(file);
  reader.end();
  return { frames, differences };
}

/** A store whose handles are negative, as electron/host/cold-file.ts gives records it had to keep in memory. */
export class NegativeHandles implements ColdStore {
  private readonly inner = new MemoryColdStore();

  get size(): number {
    return this.inner.size;
  }

  put(bytes: Uint8Array, length: number): number {
    return -1 - this.inner.put(bytes, length);
  }

  get(handle: number): Uint8Array {
    return this.inner.get(-1 - handle);
  }

  scratch(): BlockFile {
    return new MemoryBlockFile();
  }

  close(): void {
    this.inner.close();
  }
}
