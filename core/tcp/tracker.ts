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
import { WS_NONE, WS_UNKNOWN } from './endpoint';
import { assignRoles } from './roles';
import { classify, Kind } from './segment';
import { ConnectionTable } from './table';
import { Completeness, State } from './vocabulary';
import { recordSent, unacceptableReason } from './bookkeeping';

/** A TCP header is at least 20 bytes (RFC 9293 §3.1); below that nothing after the ports is read. */
export const TCP_MIN_HEADER = 20;
/** RFC 7323 §2.3: a shift count above 14 is used as 14 (Wireshark does the same). */
export const MAX_WINDOW_SHIFT = 14;

const PURE = TcpFlag.SYN | TcpFlag.ACK;

export class TcpTracker {
  /** Every connection, indexed by stream number. */
  readonly connections: Connection[] = [];
  private readonly table = new ConnectionTable();

  track(frame: number, tsSec: number, tsNsec: number, d: Dissection, out: PacketFacts): void {
    out.reset();
    if (d.proto !== Proto.TCP || d.tcpHeaderLen < TCP_MIN_HEADER) return;
    const flags = d.tcpFlags;
    const seq = d.seq >>> 0;
    const ack = d.ack >>> 0;
    const len = d.payloadLen;
    const pureSyn = (flags & PURE) === TcpFlag.SYN;
    let analysis = 0;

    // The conversation: new 4-tuple, or a SYN that reuses one (Wireshark's TCP_A_REUSED_PORTS).
    let idx = this.table.find(this.connections, d);
    let fromClient = this.table.fromClient;
    let isNew = false;
    let c: Connection;
    if (idx < 0) {
      c = this.open(frame, tsSec, tsNsec, d, flags);
      fromClient = c.clientPort === d.srcPort && sameAddr(c.clientAddr, d.src);
      this.table.insert(c.stream);
      isNew = true;
    } else {
      c = this.connections[idx]!;
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
    idx = c.stream;
    // Times in ns since the connection's first packet: exact, however far the capture's clock jumps.
    const t = (tsSec - c.startSec) * 1e9 + (tsNsec - c.startNsec);
    const fwd = c.endpoint(fromClient);
    const rev = c.endpoint(!fromClient);

    // Bases, sequence analysis and relative numbers (only when the segment length is known).
    const haveLen = !d.isFragment && len >= 0;
    if (haveLen) {
      if (!fwd.baseSet) {
        fwd.baseSeq = flags & TcpFlag.SYN ? seq : (seq - 1) >>> 0;
        fwd.baseSet = true;
      }
      if (!rev.baseSet && flags & TcpFlag.ACK) {
        rev.baseSeq = (ack - 1) >>> 0;
        rev.baseSet = true;
      }
      analysis = analyzeSegment(c, fwd, rev, t, seq, ack, len, flags, d.window, analysis);
      out.relSeq = (seq - fwd.baseSeq) >>> 0;
      out.relAck = flags & TcpFlag.ACK ? (ack - rev.baseSeq) >>> 0 : ack;
    } else {
      out.relSeq = seq;
      out.relAck = ack;
    }

    // tcp.window_size: SYNs are never scaled; otherwise by the sender's scale once known.
    if (flags & TcpFlag.SYN || fwd.winScale === WS_NONE) out.windowSize = d.window;
    else if (fwd.winScale >= 0) out.windowSize = d.window * 2 ** fwd.winScale;
    else out.windowSize = -1;

    // tcp.completeness: a new conversation counts only its opening SYN; later ones add what they carry.
    if (isNew) {
      c.completeness = pureSyn ? Completeness.SYN | (len > 0 ? Completeness.DATA : 0) : 0;
    } else {
      if ((flags & PURE) === PURE) c.completeness |= Completeness.SYN_ACK;
      if ((flags & PURE) === TcpFlag.ACK) c.completeness |= len > 0 ? Completeness.DATA : Completeness.ACK;
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
    const kind = classify(flags, seq, ack, fwd, rev);
    if (kind === Kind.UNACCEPTABLE) {
      const reason = unacceptableReason(flags, seq, ack, fwd, rev);
      if (reason !== null) c.note(frame, reason);
    }
    out.roles = assignRoles(c, fromClient, frame, flags, seq, ack, haveLen ? len : 0);
    recordSent(fwd, rev, flags, seq, ack, haveLen ? len : 0, out.windowSize);
    c.step(fromClient, kind);
    if (kind === Kind.RST && c.resetBy === Who.NONE && (fwd.state === State.CLOSED || rev.state === State.CLOSED)) {
      c.resetBy = fromClient ? Who.CLIENT : Who.SERVER;
      c.resetFrame = frame;
    }

    c.packets++;
    c.lastFrame = frame;
    c.lastNs = t;
    fwd.packets++;
    if (len > 0) fwd.bytes += len;
    if (analysis !== 0) {
      for (let bit = 0, a = analysis; a !== 0; bit++, a >>>= 1) if (a & 1) c.analysisCounts[bit]!++;
    }

    out.stream = idx;
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
    const c = new Connection(
      this.connections.length, d.ipVersion,
      senderIsClient ? d.srcPort : d.dstPort, senderIsClient ? d.dstPort : d.srcPort,
      clientState, serverState, frame, tsSec, tsNsec,
    );
    c.clientAddr.set(senderIsClient ? d.src : d.dst);
    c.serverAddr.set(senderIsClient ? d.dst : d.src);
    if (!pureSyn && !synAck) c.client.synAcked = c.server.synAcked = true;
    this.connections.push(c);
    return c;
  }
}

function sameAddr(a: Uint32Array, b: Uint32Array): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
