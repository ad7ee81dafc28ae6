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
import { FlagSet, Proto, TcpFlag, type Dissection } from '../decode/dissection';
import type { PacketFacts } from './facts';
import { analyzeSegment, Flag } from './analysis';
import { type Connection, Who } from './connection';
import { WinScale, type Endpoint } from './endpoint';
import { assignRoles, mayTakeRole } from './roles';
import { classify, Kind, plainAck, Seg } from './segment';
import { kindMovesState } from './state-machine';
import { ConnectionTable } from './table';
import type { TabulationKey } from '../tabulation';
import type { ColdStore } from './cold-store';
import { ConnectionStore, DEFAULT_TABLE_SLOTS, type MemoryBounds } from './connection-store';
import { DEFAULT_FILTER_BITS } from './cold-keys';
import { DEFAULT_RESIDENT_INDEX_PAGES } from './cold-index';
import { Completeness, State } from './vocabulary';
import { recordSent, unacceptableReason } from './bookkeeping';

/**
 * The tracker's numbers, as an enum so that esbuild writes each use as a number (see
 * decode/layout.ts). MIN_HEADER: a TCP header is at least 20 bytes (RFC 9293 §3.1); below that
 * nothing after the ports is read. MAX_WINDOW_SHIFT: a shift count above 14 is used as 14 (RFC
 * 7323 §2.3; Wireshark does the same).
 */
enum Tracking { MIN_HEADER = 20, MAX_WINDOW_SHIFT = 14 }

export interface TrackerOptions {
  /**
   * Where connections not seen for a while go, so that memory stays bounded however many
   * connections a capture holds (a SYN flood has one per packet). Without it every connection
   * stays in memory as an object, as the app's session needs to read them.
   */
  cold?: ColdStore;
  /** With `cold`: connections kept in memory; past this, the half seen least recently go to `cold`. */
  maxLive?: number;
  /** With `cold`: the other bounds of what stays in memory (see MemoryBounds); for tests. */
  bounds?: Partial<Omit<MemoryBounds, 'maxLive'>>;
  /** For tests: the connection table's hash tables, drawn from a seeded generator (by default, at random). */
  hashKey?: TabulationKey;
}

/**
 * Connections in memory before the oldest half goes to the cold store: at about 1.2 KB each, some
 * 40 MB. Captures with fewer connections than this (most) never move one.
 */
export const DEFAULT_MAX_LIVE = 32_768;

export class TcpTracker {
  /** The connections, in memory or (with a cold store) not. */
  private readonly store: ConnectionStore;
  private readonly table: ConnectionTable;
  /** The segment being tracked (reused: see Seg). */
  private readonly g = new Seg();
  /** What `synOnKnown` found besides the connection (reused, as `g`). */
  private readonly reopened = { fromClient: false, analysis: 0 };

  constructor(options: TrackerOptions = {}) {
    this.store = new ConnectionStore(options.cold ?? null, {
      maxLive: Math.max(2, options.maxLive ?? DEFAULT_MAX_LIVE),
      tableSlots: options.bounds?.tableSlots ?? DEFAULT_TABLE_SLOTS,
      filterBits: options.bounds?.filterBits ?? DEFAULT_FILTER_BITS,
      indexPages: options.bounds?.indexPages ?? DEFAULT_RESIDENT_INDEX_PAGES,
    });
    this.table = new ConnectionTable(this.store.spill, options.hashKey);
  }

  /** Every connection, indexed by stream number; only for a tracker without a cold store (the others have `connection`). */
  get connections(): readonly Connection[] {
    return this.store.all;
  }

  get connectionCount(): number {
    return this.store.count;
  }

  /**
   * Connection `stream`. One in the cold store is read back as a copy: it reflects every packet so
   * far, but is not the tracker's and does not follow later packets. With a cold store, one in
   * memory is valid until the next packet is tracked (its object may then be reused).
   */
  connection(stream: number): Connection {
    return this.store.connection(stream);
  }

  /**
   * Connection `stream` to read at once: like `connection`, but one in the cold store is read into
   * the same object each time, valid until the next call (listing a million connections then makes
   * no million objects).
   */
  peek(stream: number): Connection {
    return this.store.peek(stream);
  }

  /**
   * The connections that left notes, in stream order (cheaper than reading every one back from the
   * cold store); each is valid until the next (see `peek`).
   */
  notedConnections(): Generator<Connection> {
    return this.store.noted();
  }

  /** Frees the cold store (the tracker is not used after). */
  close(): void {
    this.store.close();
  }

  track(frame: number, tsSec: number, tsNsec: number, d: Dissection, out: PacketFacts): void {
    out.reset();
    // The decoders say TCP once the fixed 20 bytes were captured: a header cut shorter names no stream.
    if (d.proto !== Proto.TCP) return;
    const store = this.store;
    if (store.full) store.freezeOldest();
    // A data offset below 20 bytes: Wireshark still numbers and analyses the segment, then stops.
    const bogusHeader = d.tcpHeaderLen < Tracking.MIN_HEADER;
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
    const pureSyn = (flags & FlagSet.SYN_ACK) === TcpFlag.SYN;

    // The conversation: new 4-tuple, or a SYN that reuses one (Wireshark's TCP_A_REUSED_PORTS).
    const idx = this.table.find(d, store.wherePages, store.objects, store.thawAt);
    let fromClient = this.table.fromClient;
    let isNew = false;
    let analysis = 0;
    let c: Connection;
    if (idx < 0) {
      c = this.open(frame, tsSec, tsNsec, d, flags);
      fromClient = c.clientPort === d.srcPort && c.isAddress(true, d.src);
      this.table.insert(c.stream, fromClient);
      isNew = true;
    } else if ((flags & TcpFlag.SYN) === 0) {
      c = store.objects[this.table.foundPlace]!;
    } else {
      // Apart, so that what only some SYNs do stays out of this function: V8 compiles `track`
      // after the first few thousand packets, and code none of them reached (a SYN reusing a
      // 4-tuple) has no type feedback; the first packet to reach it would throw the compiled code
      // away to be compiled again. The call itself is reached by every connection's SYN-ACK.
      c = this.synOnKnown(frame, tsSec, tsNsec, d, flags);
      fromClient = this.reopened.fromClient;
      analysis = this.reopened.analysis;
    }
    // Times in ns since the connection's first packet: exact, however far the capture's clock jumps.
    const t = (g.t = (tsSec - c.startSec) * 1e9 + (tsNsec - c.startNsec));
    const fwd = c.endpoint(fromClient);
    const rev = c.endpoint(!fromClient);

    // Bases, sequence analysis and relative numbers (only when the segment length is known).
    const haveLen = !d.isFragment && !shortSegment && len >= 0;
    g.len = haveLen ? len : 0;
    if (haveLen) {
      // `=== false` rather than `!`: see Endpoint on booleans read per packet.
      if (fwd.baseSet === false) {
        fwd.baseSeq = flags & TcpFlag.SYN ? seq : (seq - 1) | 0;
        fwd.baseSet = true;
      }
      if (rev.baseSet === false && flags & TcpFlag.ACK) {
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
    if (fwd.winScale === WinScale.UNKNOWN && !(flags & TcpFlag.SYN)) out.windowSize = -1;
    else if (flags & TcpFlag.SYN || fwd.winScale === WinScale.NONE || !haveLen) out.windowSize = d.window;
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
      if ((flags & FlagSet.SYN_ACK) === FlagSet.SYN_ACK) c.completeness |= Completeness.SYN_ACK;
      if ((flags & FlagSet.SYN_ACK) === TcpFlag.ACK) c.completeness |= g.len > 0 ? Completeness.DATA : Completeness.ACK;
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
    if ((flags & FlagSet.SYN_ACK) === TcpFlag.ACK) {
      if (c.mruSynSet && c.firstRttNs === 0) c.firstRttNs = t - c.mruSynNs;
      if (!c.synSeen && c.preSynAcks < 2 && (c.preSynAcks === 0 || t !== c.preSynAckNs1)) {
        if (c.preSynAcks++ === 0) c.preSynAckNs1 = t;
        else c.preSynAckNs2 = t;
      }
      fwd.isFirstAck = false;
    }

    // Window scale option, then Wireshark's check that both SYNs carried one.
    if (d.windowScale >= 0) fwd.winScale = Math.min(d.windowScale, Tracking.MAX_WINDOW_SHIFT);
    if (flags & TcpFlag.SYN) {
      if (fwd.winScale === WinScale.UNKNOWN) fwd.winScale = rev.winScale = WinScale.NONE;
      else if (flags & TcpFlag.ACK && rev.winScale === WinScale.NONE) fwd.winScale = WinScale.NONE;
    }

    // Ours: the segment's kind, its roles, both endpoints' states.
    g.windowSize = out.windowSize;
    const kind = plainAck(flags, rev) ? Kind.ACK : classify(g, fwd, rev);
    if (kind === Kind.UNACCEPTABLE) {
      const reason = unacceptableReason(g, fwd, rev);
      if (reason !== null) c.note(frame, reason);
    }
    // Most segments take no role and change no state: asked first in a few instructions.
    if (mayTakeRole(c, fromClient, flags)) out.roles = assignRoles(c, fromClient, g);
    recordSent(fwd, rev, g);
    if (kindMovesState(kind)) c.step(fromClient, kind);
    if (kind === Kind.RST && c.resetBy === Who.NONE && (fwd.state === State.CLOSED || rev.state === State.CLOSED)) {
      c.resetBy = fromClient ? Who.CLIENT : Who.SERVER;
      c.resetFrame = frame;
    }

    this.finish(c, fwd, frame, analysis, fromClient, out);
  }

  /**
   * The connection of a SYN or SYN-ACK on a known 4-tuple: a new one for a SYN with another ISN, or
   * (DESIGN.md) any SYN after the connection closed (Wireshark's TCP_A_REUSED_PORTS), else the
   * known one. Which way it goes and what it found go in `reopened`.
   */
  private synOnKnown(frame: number, tsSec: number, tsNsec: number, d: Dissection, flags: number): Connection {
    const o = this.reopened;
    o.analysis = 0;
    const seq = d.seq | 0;
    let c = this.store.objects[this.table.foundPlace]!;
    o.fromClient = this.table.fromClient;
    const fwd = c.endpoint(o.fromClient);
    const pureSyn = (flags & FlagSet.SYN_ACK) === TcpFlag.SYN;
    if (pureSyn && fwd.baseSet && (seq !== fwd.baseSeq || c.closedFor(o.fromClient))) {
      c = this.open(frame, tsSec, tsNsec, d, flags);
      o.fromClient = true;
      this.table.replace(c.stream);
      c.completeness = Completeness.SYN;
      o.analysis = Flag.REUSED_PORTS;
    } else if (pureSyn && fwd.baseSet) {
      // The same SYN again: Wireshark restores nextseq, which an RST answering a stale SYN-ACK
      // (seq = that SYN-ACK's ack) may have moved (its issue 17616).
      fwd.nextSeq = fwd.maxSeqToBeAcked;
    } else if ((flags & FlagSet.SYN_ACK) === FlagSet.SYN_ACK && fwd.baseSet && seq !== fwd.baseSeq) {
      // A SYN-ACK at another ISN than the base already set: Wireshark re-bases that direction.
      c.rebase(o.fromClient, frame, seq);
      o.analysis = Flag.REUSED_PORTS;
    }
    return c;
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
    const synAck = (flags & FlagSet.SYN_ACK) === FlagSet.SYN_ACK;
    const pureSyn = (flags & FlagSet.SYN_ACK) === TcpFlag.SYN;
    const senderIsClient = pureSyn || (!synAck && (d.srcPort > d.dstPort || (d.srcPort === d.dstPort)));
    // Initial states, before this first segment: a SYN finds the client CLOSED and a listener; a
    // SYN-ACK means the SYN went unseen; anything else is a connection picked up established.
    const [clientState, serverState] = pureSyn
      ? [State.CLOSED, State.LISTEN]
      : synAck ? [State.SYN_SENT, State.SYN_RECEIVED] : [State.ESTABLISHED, State.ESTABLISHED];
    const clientPort = senderIsClient ? d.srcPort : d.dstPort;
    const serverPort = senderIsClient ? d.dstPort : d.srcPort;
    const c = this.store.place(d.ipVersion, clientPort, serverPort, clientState, serverState, frame, tsSec, tsNsec);
    c.setAddresses(senderIsClient ? d.src : d.dst, senderIsClient ? d.dst : d.src);
    if (!pureSyn && !synAck) c.client.synAcked = c.server.synAcked = true;
    return c;
  }
}
