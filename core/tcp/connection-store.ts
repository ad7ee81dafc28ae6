/**
 * Where the tracker keeps its connections: as objects in memory, and, with a cold store, the ones
 * not seen for a while as records in it (TcpTracker's `cold`), so that memory stays bounded
 * however many connections a capture holds.
 *
 * The connection table's hot path reads `objects` and `wherePages` directly, through `placeIn` (a
 * packet's lookup is two array loads and one typed-array load); everything that moves a
 * connection in or out of memory is here.
 */
import { Connection } from './connection';
import { CONNECTION_DOUBLES, CONNECTION_INTS } from './connection-numbers';
import { Slab } from './slab';
import type { ColdStore } from './cold-store';
import { ConnectionCodec } from './connection-codec';
import { ColdIndex } from './cold-index';
import { ColdKeys } from './cold-keys';
import type { TableSpill } from './table';

/** `where` of a connection in the cold store (table.ts `find` knows it as any negative). */
export const COLD = -1;
/** Streams per page of `where` (as an enum so that esbuild writes each use as a number: see decode/layout.ts). */
enum WherePage { BITS = 8, MASK = (1 << BITS) - 1 }
/** The word after a page's streams counts those of them in memory. */
const LIVE_IN_PAGE = WherePage.MASK + 1;
/** The page of `where` for streams all cold (never written). */
const ALL_COLD = new Int32Array(LIVE_IN_PAGE + 1).fill(COLD);

/** Where connection `stream`'s object is in `objects`, or COLD, by `wherePages` (see ConnectionStore). */
export function placeIn(wherePages: readonly Int32Array[], stream: number): number {
  return wherePages[stream >>> WherePage.BITS]![stream & WherePage.MASK]!;
}

/** How much a store with a cold store keeps in memory at most; smaller in tests, to move things out often. */
export interface MemoryBounds {
  /** Connections in memory (see TrackerOptions). */
  maxLive: number;
  /** Slots of the connection table in memory (a power of two); past them, cold entries go to ColdKeys. */
  tableSlots: number;
  /** Bits of ColdKeys' filter (a power of two). */
  filterBits: number;
  /** Pages of the cold index in memory. */
  indexPages: number;
}

/** 8 MB of table (and, with ColdKeys' DEFAULT_FILTER_BITS, 8 MB of filter). */
export const DEFAULT_TABLE_SLOTS = 1 << 20;

export class ConnectionStore {
  /**
   * The connection objects: without a cold store, every connection at its stream number. With
   * one, only as many as are in memory (at most maxLive, and the spare ones to reuse), so that a
   * capture with millions of connections does not hold a JS array of them (a million were 8 MB,
   * and the copies its growth left behind waited for a full collection).
   */
  readonly objects: Connection[] = [];
  /**
   * By stream, in pages of 2^WherePage.BITS: where its object is in `objects`, or COLD (its
   * record's handle is in `index`). A page whose connections are all cold is dropped for
   * ALL_COLD, shared, so that cold connections take no memory here. (Never undefined: a page that
   * is always an Int32Array cost the tracker less than a check for none.)
   */
  readonly wherePages: Int32Array[] = [];
  /** Connections so far (the next stream number). */
  count = 0;
  /** Reads connection `stream` back into memory; for table.ts `find`, made once. */
  readonly thawAt = (stream: number): Connection => this.thaw(stream);
  /** The connections' numbers (see slab.ts). */
  private readonly slab = new Slab(CONNECTION_INTS, CONNECTION_DOUBLES);
  private readonly codec = new ConnectionCodec();
  /** With `cold`: by stream, the handle of its latest record, and whether it holds notes. */
  private readonly index: ColdIndex;
  /** With `cold`: the connection table's entries for cold connections, once the table is full. */
  private keys: ColdKeys | null = null;
  /** With `cold`: what the connection table moves its cold entries to (see ConnectionTable). */
  readonly spill: TableSpill | null;
  /** With `cold`: the streams in memory, `liveCount` of them. */
  private live = new Int32Array(0);
  private liveCount = 0;
  /** Scratch of freezeOldest. */
  private lastFrames = new Float64Array(0);
  private readonly histogram = new Int32Array(1024);
  /** Places in `objects` whose connection went cold: their objects are reused. */
  private readonly spare: number[] = [];
  /** What `peek` reads cold connections into. */
  private peeked: Connection | null = null;

  private readonly maxLive: number;

  constructor(private readonly cold: ColdStore | null, bounds: MemoryBounds) {
    this.maxLive = bounds.maxLive;
    this.index = new ColdIndex(cold === null ? null : () => cold.scratch(), bounds.indexPages);
    this.spill = cold === null ? null : {
      maxSlots: bounds.tableSlots,
      isCold: (stream) => this.placeOf(stream) === COLD,
      keys: () => (this.keys ??= new ColdKeys(cold.scratch(), bounds.filterBits)),
    };
  }

  /** Where connection `stream`'s object is in `objects`, or COLD. */
  placeOf(stream: number): number {
    return placeIn(this.wherePages, stream);
  }

  /** Every connection, indexed by stream number; only without a cold store (else see `connection`). */
  get all(): readonly Connection[] {
    if (this.cold !== null) throw new Error('this tracker keeps connections in a cold store: read them with connection(stream)');
    return this.objects;
  }

  /** As many connections in memory as allowed: time to `freezeOldest` before the next packet. */
  get full(): boolean {
    return this.liveCount >= this.maxLive;
  }

  /** See TcpTracker's `connection`. */
  connection(stream: number): Connection {
    const c = this.slot(stream);
    return c ?? this.codec.decode(this.cold!.get(this.index.handle(stream)));
  }

  /** See TcpTracker's `peek`. */
  peek(stream: number): Connection {
    const c = this.slot(stream);
    return c ?? this.codec.decodeInto(this.cold!.get(this.index.handle(stream)), (this.peeked ??= Connection.blank()));
  }

  /** See TcpTracker's `notedConnections`. */
  *noted(): Generator<Connection> {
    for (let s = 0; s < this.count; s++) {
      const c = this.slot(s);
      if (c === null) {
        if (this.index.noted(s)) yield this.peek(s);
      } else if (c.hasNotes) {
        yield c;
      }
    }
  }

  close(): void {
    this.cold?.close();
    this.index.close();
    this.keys?.close();
  }

  /** The object of new connection `stream` = `count` (a spare one made new, or a new one), in memory. */
  place(
    ipVersion: number, clientPort: number, serverPort: number,
    clientState: number, serverState: number, frame: number, tsSec: number, tsNsec: number,
  ): Connection {
    const stream = this.count;
    let p = this.spare.pop();
    let c: Connection;
    if (p === undefined) {
      c = new Connection(stream, ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec, this.slab);
      p = this.objects.push(c) - 1;
    } else {
      c = this.objects[p]!;
      c.reuse(stream, ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec);
    }
    this.setPlace(stream, p);
    this.count++;
    if (this.cold !== null) this.admit(stream);
    return c;
  }

  /**
   * Moves about half of the connections in memory, those seen least recently (by their last frame),
   * to the cold store. The tracker calls it before a packet is looked up, so the connection that
   * packet belongs to is never moved out under it.
   */
  freezeOldest(): void {
    const n = this.liveCount;
    const last = this.lastFrames.length >= n ? this.lastFrames : (this.lastFrames = new Float64Array(n));
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < n; k++) {
      const f = (last[k] = this.objects[this.placeOf(this.live[k]!)]!.lastFrame);
      if (f < min) min = f;
      if (f > max) max = f;
    }
    // The median's bucket in a histogram of the last frames: a sort would cost 30 times more.
    const buckets = this.histogram.fill(0);
    const width = (max - min + 1) / buckets.length;
    for (let k = 0; k < n; k++) buckets[Math.floor((last[k]! - min) / width)]!++;
    let below = 0;
    let b = 0;
    while (below + buckets[b]! < n / 2) below += buckets[b++]!;
    const threshold = min + (b + 1) * width;
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const stream = this.live[k]!;
      if (last[k]! < threshold) this.freeze(stream);
      else this.live[kept++] = stream;
    }
    this.liveCount = kept;
  }

  private slot(stream: number): Connection | null {
    if (!(stream >= 0 && stream < this.count)) throw new RangeError(`no stream ${stream}`);
    const p = this.placeOf(stream);
    return p === COLD ? null : this.objects[p]!;
  }

  /** With `cold`: `stream` is in memory now. */
  private admit(stream: number): void {
    if (this.liveCount === this.live.length) this.live = grown(this.live, this.liveCount + 1);
    this.live[this.liveCount++] = stream;
  }

  /** Reads connection `stream` back from the cold store into memory, the tracker's again. */
  private thaw(stream: number): Connection {
    const record = this.cold!.get(this.index.handle(stream));
    let p = this.spare.pop();
    if (p === undefined) p = this.objects.push(Connection.blank(this.slab)) - 1;
    const c = this.codec.decodeInto(record, this.objects[p]!);
    this.setPlace(stream, p);
    this.admit(stream);
    return c;
  }

  private freeze(stream: number): void {
    const p = this.placeOf(stream);
    const c = this.objects[p]!;
    const record = this.codec.encode(c);
    this.index.set(stream, this.cold!.put(record.bytes, record.length), c.hasNotes);
    this.setPlace(stream, COLD);
    // Reused for the next connection opened or read back: the objects of a million connections
    // that went cold would otherwise be the collector's work.
    this.spare.push(p);
  }

  /** `stream`'s place is `p` now (COLD or in `objects`), keeping each page's count of those in memory. */
  private setPlace(stream: number, p: number): void {
    const pg = stream >>> WherePage.BITS;
    let page = this.wherePages[pg] ?? ALL_COLD;
    if (page === ALL_COLD) {
      if (p === COLD) return;
      page = this.wherePages[pg] = new Int32Array(LIVE_IN_PAGE + 1).fill(COLD);
      page[LIVE_IN_PAGE] = 0;
    }
    const i = stream & WherePage.MASK;
    const live = page[LIVE_IN_PAGE]! + (p === COLD ? 0 : 1) - (page[i] === COLD ? 0 : 1);
    page[LIVE_IN_PAGE] = live;
    page[i] = p;
    if (live === 0) this.wherePages[pg] = ALL_COLD;
  }
}

/** `a` copied into one at least `need` long (doubling, so that growing one at a time stays linear). */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}
