/**
 * The TCP tracker: from each frame's Dissection to its PacketFacts, keeping the connection table.
 *
 * Per packet, in Wireshark's order where Wireshark defines the result (packet-tcp.c dissect_tcp):
 * find the conversation (a SYN may start a new one), set the bases and run the sequence analysis,
 * relative numbers, the scaled window, completeness, the iRTT, the window scale option; then ours:
 * the segment's kind, its roles, each endpoint's state.
 *
 * Which side is the client: the sender of the first SYN; if the first segment is a SYN-ACK, its
 * receiver; otherwise the side with the higher port (servers listen on the lower, often well-known
 * port; clients take ephemeral ports from the top of the range), and the first sender when the
 * ports are equal.
 */
import { Proto, TcpFlag, type Dissection } from '../decode/dissection';
import type { PacketFacts } from './facts';
import { analyzeSegment, Flag } from './analysis';
import { Connection, Who } from './connection';
import { CONNECTION_DOUBLES, CONNECTION_INTS } from './connection-numbers';
import { Slab } from './slab';
import { WS_NONE, WS_UNKNOWN, type Endpoint } from './endpoint';
import { assignRoles } from './roles';
import { classify, Kind, Seg } from './segment';
import { ConnectionTable } from './table';
import type { ColdStore } from './cold-store';
import { ConnectionCodec } from './connection-codec';
import { ColdIndex } from './cold-index';
import { Completeness, State } from './vocabulary';
import { recordSent, unacceptableReason } from './bookkeeping';

/** A TCP header is at least 20 bytes (RFC 9293 §3.1); below that nothing after the ports is read. */
export const TCP_MIN_HEADER = 20;
/** RFC 7323 §2.3: a shift count above 14 is used as 14 (Wireshark does the same). */
export const MAX_WINDOW_SHIFT = 14;

const PURE = TcpFlag.SYN | TcpFlag.ACK;

export interface TrackerOptions {
  /**
   * Where connections not seen for a while go, so that memory stays bounded however many
   * connections a capture holds (a SYN flood has one per packet). Without it every connection
   * stays in memory as an object, as the app's session needs to read them.
   */
  cold?: ColdStore;
  /** With `cold`: connections kept in memory; past this, the half seen least recently go to `cold`. */
  maxLive?: number;
}

/**
 * Connections in memory before the oldest half goes to the cold store: at about 1.2 KB each, some
 * 40 MB. Captures with fewer connections than this (most) never move one.
 */
export const DEFAULT_MAX_LIVE = 32_768;

/** `where` of a connection in the cold store (table.ts `find` knows it as any negative). */
const COLD = -1;

export class TcpTracker {
  /**
   * The connection objects: without a cold store, every connection at its stream number. With
   * one, only as many as are in memory (at most maxLive, and the spare ones to reuse), so that a
   * capture with millions of connections does not hold a JS array of them (a million were 8 MB,
   * and the copies its growth left behind waited for a full collection).
   */
  private readonly objects: Connection[] = [];
  /** By stream: where its object is in `objects`, or COLD (its record's handle in `index`). */
  private where = new Int32Array(1024);
  private count = 0;
  private readonly table = new ConnectionTable();
  /** The segment being tracked (reused: see Seg). */
  private readonly g = new Seg();
  /** The connections' numbers (see slab.ts). */
  private readonly slab = new Slab(CONNECTION_INTS, CONNECTION_DOUBLES);
  private readonly cold: ColdStore | null;
  private readonly maxLive: number;
  private readonly codec = new ConnectionCodec();
  /** With `cold`: by stream, the handle of its latest record, and whether it holds notes. */
  private readonly index = new ColdIndex();
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
  private readonly thawAt = (stream: number): Connection => this.thaw(stream);

  constructor(options: TrackerOptions = {}) {
    this.cold = options.cold ?? null;
    this.maxLive = Math.max(2, options.maxLive ?? DEFAULT_MAX_LIVE);
  }

  /** Every connection, indexed by stream number; only for a tracker without a cold store (the others have `connection`). */
  get connections(): readonly Connection[] {
    if (this.cold !== null) throw new Error('this tracker keeps connections in a cold store: read them with connection(stream)');
    return this.objects;
  }

  get connectionCount(): number {
    return this.count;
  }

  /**
   * Connection `stream`. One in the cold store is read back as a copy: it reflects every packet so
   * far, but is not the tracker's and does not follow later packets. With a cold store, one in
   * memory is valid until the next packet is tracked (its object may then be reused).
   */
  connection(stream: number): Connection {
    const c = this.slot(stream);
    return c ?? this.codec.decode(this.cold!.get(this.index.handle(stream)));
  }

  /**
   * Connection `stream` to read at once: like `connection`, but one in the cold store is read into
   * the same object each time, valid until the next call (listing a million connections then makes
   * no million objects).
   */
  peek(stream: number): Connection {
    const c = this.slot(stream);
    return c ?? this.codec.decodeInto(this.cold!.get(this.index.handle(stream)), (this.peeked ??= Connection.blank()));
  }

  private slot(stream: number): Connection | null {
    if (!(stream >= 0 && stream < this.count)) throw new RangeError(`no stream ${stream}`);
    const p = this.where[stream]!;
    return p === COLD ? null : this.objects[p]!;
  }

  /**
   * The connections that left notes, in stream order (cheaper than reading every one back from the
   * cold store); each is valid until the next (see `peek`).
   */
  *notedConnections(): Generator<Connection> {
    for (let s = 0; s < this.count; s++) {
      const c = this.slot(s);
      if (c === null) {
        if (this.index.noted(s)) yield this.peek(s);
      } else if (c.hasNotes) {
        yield c;
      }
    }
  }

  /** Frees the cold store (the tracker is not used after). */
  close(): void {
    this.cold?.close();
  }

  track(frame: number, tsSec: number, tsNsec: number, d: Dissection, out: PacketFacts): void {
    out.reset();
    // The decoders say TCP once the fixed 20 bytes were captured: a header cut shorter names no stream.
    if (d.proto !== Proto.TCP) return;
    if (this.liveCount >= this.maxLive) this.freezeOldest();
    // A data offset below 20 bytes: Wireshark still numbers and analyses the segment, then stops.
    const bogusHeader = d.tcpHeaderLen < TCP_MIN_HEADER;
    // A header longer than its segment (the decoders leave no payload offset): Wireshark cannot
    // know the segment length and skips the analysis, as for an IP fragment (not reassembled).
    const shortSegment = !bogusHeader && d.payloadOffset < 0;
    const g = this.g;
    const flags = (g.flags = d.tcpFlags);
    const seq = (g.seq = d.seq | 0);
    const ack = (g.ack = d.ack | 0);
    const len = d.payloadLen;
    g.frame = frame;
    g.window = d.window;
    const pureSyn = (flags & PURE) === TcpFlag.SYN;
    let analysis = 0;

    // The conversation: new 4-tuple, or a SYN that reuses one (Wireshark's TCP_A_REUSED_PORTS).
    const idx = this.table.find(d, this.where, this.objects, this.thawAt);
    let fromClient = this.table.fromClient;
    let isNew = false;
    let c: Connection;
    if (idx < 0) {
      c = this.open(frame, tsSec, tsNsec, d, flags);
      fromClient = c.clientPort === d.srcPort && c.isAddress(true, d.src);
      this.table.insert(c.stream);
      isNew = true;
    } else {
      c = this.objects[this.where[idx]!]!;
      const fwd = c.endpoint(fromClient);
      // A SYN with another ISN, or (DESIGN.md) any SYN after the connection closed, opens a new one.
      if (pureSyn && fwd.baseSet && (seq !== fwd.baseSeq || c.closedFor(fromClient))) {
        c = this.open(frame, tsSec, tsNsec, d, flags);
        fromClient = true;
        this.table.replace(c.stream);
        c.completeness = Completeness.SYN;
        analysis |= Flag.REUSED_PORTS;
      } else if (pureSyn && fwd.baseSet) {
        // The same SYN again: Wireshark restores nextseq, which an RST answering a stale SYN-ACK
        // (seq = that SYN-ACK's ack) may have moved (its issue 17616).
        fwd.nextSeq = fwd.maxSeqToBeAcked;
      } else if ((flags & PURE) === PURE && fwd.baseSet && seq !== fwd.baseSeq) {
        // A SYN-ACK at another ISN than the base already set: Wireshark re-bases that direction.
        c.rebase(fromClient, frame, seq);
        analysis |= Flag.REUSED_PORTS;
      }
    }
    // Times in ns since the connection's first packet: exact, however far the capture's clock jumps.
    const t = (g.t = (tsSec - c.startSec) * 1e9 + (tsNsec - c.startNsec));
    const fwd = c.endpoint(fromClient);
    const rev = c.endpoint(!fromClient);

    // Bases, sequence analysis and relative numbers (only when the segment length is known).
    const haveLen = !d.isFragment && !shortSegment && len >= 0;
    g.len = haveLen ? len : 0;
    if (haveLen) {
      if (!fwd.baseSet) {
        fwd.baseSeq = flags & TcpFlag.SYN ? seq : (seq - 1) | 0;
        fwd.baseSet = true;
      }
      if (!rev.baseSet && flags & TcpFlag.ACK) {
        rev.baseSeq = (ack - 1) | 0;
        rev.baseSet = true;
      }
      analysis = analyzeSegment(c, fwd, rev, g, analysis);
      out.relSeq = (seq - fwd.baseSeq) >>> 0;
      out.relAck = (flags & TcpFlag.ACK ? ack - rev.baseSeq : ack) >>> 0;
    } else {
      out.relSeq = seq >>> 0;
      out.relAck = ack >>> 0;
      out.rawNumbers = true;
    }

    // tcp.window_size: SYNs are never scaled; otherwise by the sender's scale once known (and,
    // like the analysis, only when the segment length is).
    if (fwd.winScale === WS_UNKNOWN && !(flags & TcpFlag.SYN)) out.windowSize = -1;
    else if (flags & TcpFlag.SYN || fwd.winScale === WS_NONE || !haveLen) out.windowSize = d.window;
    else out.windowSize = d.window << fwd.winScale; // ≤ 65535 << 14: fits 31 bits

    if (bogusHeader) {
      // Wireshark stops here; so do we: a header this broken is counted, not interpreted.
      c.note(frame, `malformed TCP header (data offset ${d.tcpHeaderLen} bytes): not interpreted`);
      this.finish(c, fwd, frame, analysis, fromClient, out);
      return;
    }

    // tcp.completeness: a new conversation counts only its opening SYN; later ones add what they carry.
    if (isNew) {
      c.completeness = pureSyn ? Completeness.SYN | (g.len > 0 ? Completeness.DATA : 0) : 0;
    } else {
      if ((flags & PURE) === PURE) c.completeness |= Completeness.SYN_ACK;
      if ((flags & PURE) === TcpFlag.ACK) c.completeness |= g.len > 0 ? Completeness.DATA : Completeness.ACK;
      if ((flags & (TcpFlag.FIN | TcpFlag.ACK)) === (TcpFlag.FIN | TcpFlag.ACK)) c.completeness |= Completeness.FIN;
      if (flags & TcpFlag.RST) c.completeness |= Completeness.RST;
    }

    // iRTT: from the latest SYN to the first pure ACK after it (either direction).
    if (flags & TcpFlag.SYN) {
      fwd.isFirstAck = true;
      if (pureSyn) {
        c.synSeen = true;
        c.mruSynSet = tsSec !== 0 || tsNsec !== 0;
        c.mruSynNs = t;
      }
    }
    if ((flags & PURE) === TcpFlag.ACK) {
      if (c.mruSynSet && c.firstRttNs === 0) c.firstRttNs = t - c.mruSynNs;
      if (!c.synSeen && c.preSynAcks < 2 && (c.preSynAcks === 0 || t !== c.preSynAckNs1)) {
        if (c.preSynAcks++ === 0) c.preSynAckNs1 = t;
        else c.preSynAckNs2 = t;
      }
      fwd.isFirstAck = false;
    }

    // Window scale option, then Wireshark's check that both SYNs carried one.
    if (d.windowScale >= 0) fwd.winScale = Math.min(d.windowScale, MAX_WINDOW_SHIFT);
    if (flags & TcpFlag.SYN) {
      if (fwd.winScale === WS_UNKNOWN) fwd.winScale = rev.winScale = WS_NONE;
      else if (flags & TcpFlag.ACK && rev.winScale === WS_NONE) fwd.winScale = WS_NONE;
    }

    // Ours: the segment's kind, its roles, both endpoints' states.
    g.windowSize = out.windowSize;
    const kind = classify(g, fwd, rev);
    if (kind === Kind.UNACCEPTABLE) {
      const reason = unacceptableReason(g, fwd, rev);
      if (reason !== null) c.note(frame, reason);
    }
    out.roles = assignRoles(c, fromClient, g);
    recordSent(fwd, rev, g);
    c.step(fromClient, kind);
    if (kind === Kind.RST && c.resetBy === Who.NONE && (fwd.state === State.CLOSED || rev.state === State.CLOSED)) {
      c.resetBy = fromClient ? Who.CLIENT : Who.SERVER;
      c.resetFrame = frame;
    }

    this.finish(c, fwd, frame, analysis, fromClient, out);
  }

  /** Counts the packet in its connection and fills the rest of its facts (the time comes in `g`, see Seg). */
  private finish(c: Connection, fwd: Endpoint, frame: number, analysis: number, fromClient: boolean, out: PacketFacts): void {
    c.packets++;
    c.lastFrame = frame;
    c.lastNs = this.g.t;
    fwd.packets++;
    // Payload bytes as tcp.len counts them (none for a fragment or a short segment: unknown).
    fwd.bytes += this.g.len;
    if (analysis !== 0) c.countAnalysis(analysis);
    out.stream = c.stream;
    out.fromClient = fromClient;
    out.analysis = analysis;
    out.clientState = c.client.state;
    out.serverState = c.server.state;
  }

  /** A new connection for the packet's 4-tuple, its client chosen as the header explains. */
  private open(frame: number, tsSec: number, tsNsec: number, d: Dissection, flags: number): Connection {
    const synAck = (flags & PURE) === PURE;
    const pureSyn = (flags & PURE) === TcpFlag.SYN;
    const senderIsClient = pureSyn || (!synAck && (d.srcPort > d.dstPort || (d.srcPort === d.dstPort)));
    // Initial states, before this first segment: a SYN finds the client CLOSED and a listener; a
    // SYN-ACK means the SYN went unseen; anything else is a connection picked up established.
    const [clientState, serverState] = pureSyn
      ? [State.CLOSED, State.LISTEN]
      : synAck ? [State.SYN_SENT, State.SYN_RECEIVED] : [State.ESTABLISHED, State.ESTABLISHED];
    const stream = this.count;
    const clientPort = senderIsClient ? d.srcPort : d.dstPort;
    const serverPort = senderIsClient ? d.dstPort : d.srcPort;
    const c = this.place(stream, d.ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec);
    c.setAddresses(senderIsClient ? d.src : d.dst, senderIsClient ? d.dst : d.src);
    if (!pureSyn && !synAck) c.client.synAcked = c.server.synAcked = true;
    return c;
  }

  /** The object of new connection `stream` (a spare one made new, or a new one), and its place in `where`. */
  private place(
    stream: number, ipVersion: number, clientPort: number, serverPort: number,
    clientState: number, serverState: number, frame: number, tsSec: number, tsNsec: number,
  ): Connection {
    let p = this.spare.pop();
    let c: Connection;
    if (p === undefined) {
      c = new Connection(stream, ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec, this.slab);
      p = this.objects.push(c) - 1;
    } else {
      c = this.objects[p]!;
      c.reuse(stream, ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec);
    }
    if (stream === this.where.length) this.where = grown(this.where, stream + 1);
    this.where[stream] = p;
    this.count++;
    if (this.cold !== null) this.admit(stream);
    return c;
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
    this.where[stream] = p;
    this.admit(stream);
    return c;
  }

  /**
   * Moves about half of the connections in memory, those seen least recently (by their last frame),
   * to the cold store. Called before a packet is looked up, so the connection it belongs to is
   * never moved out under it.
   */
  private freezeOldest(): void {
    const n = this.liveCount;
    const last = this.lastFrames.length >= n ? this.lastFrames : (this.lastFrames = new Float64Array(n));
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < n; k++) {
      const f = (last[k] = this.objects[this.where[this.live[k]!]!]!.lastFrame);
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

  private freeze(stream: number): void {
    const p = this.where[stream]!;
    const c = this.objects[p]!;
    const record = this.codec.encode(c);
    this.index.set(stream, this.cold!.put(record.bytes, record.length), c.hasNotes);
    this.where[stream] = COLD;
    // Reused for the next connection opened or read back: the objects of a million connections
    // that went cold would otherwise be the collector's work.
    this.spare.push(p);
  }
}

/** `a` copied into one at least `need` long (doubling, so that growing one at a time stays linear). */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}
