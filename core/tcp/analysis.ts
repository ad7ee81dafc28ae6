/**
 * Wireshark 4.0's TCP sequence analysis (packet-tcp.c, tcp_analyze_sequence_number): the
 * tcp.analysis.* flags of one segment, decided from the state of both directions before it, and
 * that state moved forward. The rules, their order and their quirks follow Wireshark's so that the
 * flags match tshark frame for frame (test/corpus/tcp.test.ts); the names are its expert infos'.
 *
 * Wireshark treats 0 as "not known yet" for nextseq, lastack and maxseqtobeacked, and compares
 * some numbers plainly rather than modulo 2^32; both are kept on purpose. Sequence numbers are
 * int32 here (see Endpoint): equal as bits, compared modulo 2^32, unsigned where Wireshark is.
 */
import { FlagSet, TcpFlag } from '../decode/dissection';
import { seqGt, seqLe, seqLt } from '../seq';
import { Unacked, WinScale, type Endpoint } from './endpoint';
import type { Seg } from './segment';

/**
 * The tcp.analysis.* bits by name: ANALYSIS_FLAGS (vocabulary.ts) in its order, as an enum so that
 * esbuild writes them into the code as numbers (see core/decode/layout.ts); analysis.test.ts
 * checks each against analysisBit.
 */
export enum Flag {
  RETRANSMISSION = 1 << 0,
  FAST_RETRANSMISSION = 1 << 1,
  SPURIOUS_RETRANSMISSION = 1 << 2,
  OUT_OF_ORDER = 1 << 3,
  LOST_SEGMENT = 1 << 4,
  ACK_LOST_SEGMENT = 1 << 5,
  DUPLICATE_ACK = 1 << 6,
  KEEP_ALIVE = 1 << 7,
  KEEP_ALIVE_ACK = 1 << 8,
  ZERO_WINDOW = 1 << 9,
  ZERO_WINDOW_PROBE = 1 << 10,
  WINDOW_FULL = 1 << 11,
  WINDOW_UPDATE = 1 << 12,
  REUSED_PORTS = 1 << 13,
}

/** A retransmission within this long after the peer's last duplicate ACK is "fast" (Wireshark: 20 ms). */
export const FAST_RETRANSMISSION_WINDOW_NS = 20_000_000;
/** Duplicate ACKs the peer must have sent before a retransmission counts as fast (Wireshark: ≥ 2). */
export const FAST_RETRANSMISSION_DUP_ACKS = 2;
/** A segment behind nextseq this soon after it advanced is out of order rather than retransmitted,
 *  when the iRTT is not known (Wireshark: 3 ms; otherwise the iRTT itself is the threshold). */
export const OUT_OF_ORDER_DEFAULT_NS = 3_000_000;


/** Shared per-connection inputs: the iRTT so far, which sets the out-of-order threshold. */
export interface AnalysisContext {
  /** tcpd->ts_first_rtt in ns; 0 while unknown (as in Wireshark). */
  readonly firstRttNs: number;
}


/**
 * The analysis bits of segment `g` from `fwd` to `rev`, given the bits decided before it
 * (`flagsIn`: reused_ports), and the bookkeeping of both directions moved past it.
 */
export function analyzeSegment(ctx: AnalysisContext, fwd: Endpoint, rev: Endpoint, g: Seg, flagsIn: number): number {
  const { t, seq, ack, len, window } = g;
  const tcpFlags = g.flags;
  let f = flagsIn;
  const control = tcpFlags & FlagSet.SYN_FIN_RST;
  // What the rules below ask again and again, asked once, of every segment. Besides saving the
  // repeats: V8 compiles this function after the first few thousand packets, and a comparison
  // none of them reached has no type feedback, so the compiled code ends where it stands, and the
  // first segment to get there throws that code away to be compiled again (about 10 ms, and the
  // packets in between run slowly). Every comparison here is reached by every segment.
  const plain = control === 0;
  const atNextSeq = seq === fwd.nextSeq;
  const sameAck = ack === fwd.lastAck;
  const peerWindowClosed = rev.window === 0;

  forward: {
    // Zero window probe: exactly one byte, at nextseq, into a closed window.
    if (len === 1 && atNextSeq && peerWindowClosed) {
      f |= Flag.ZERO_WINDOW_PROBE;
      break forward;
    }
    // Zero window: this side advertises no room (SYN, FIN and RST excepted).
    if (window === 0 && plain) f |= Flag.ZERO_WINDOW;
    // Previous segment not captured: this one starts beyond nextseq (RSTs excepted).
    if (fwd.nextSeq !== 0 && seqGt(seq, fwd.nextSeq) && (tcpFlags & TcpFlag.RST) === 0) f |= Flag.LOST_SEGMENT;
    // Keep-alive: 0 or 1 byte starting one before nextseq.
    if ((len === 0 || len === 1) && seq === ((fwd.nextSeq - 1) | 0) && plain) f |= Flag.KEEP_ALIVE;
    // Window update: an empty segment repeating seq and ack with a new, non-zero window.
    if (len === 0 && window !== 0 && window !== fwd.window && atNextSeq && sameAck && plain) {
      f |= Flag.WINDOW_UPDATE;
    }
    // Window full: data reaching exactly the right edge of the peer's advertised window.
    if (len > 0 && rev.winScale !== WinScale.UNKNOWN && plain) {
      const shift = rev.isFirstAck === true || rev.winScale === WinScale.NONE ? 0 : rev.winScale;
      if (((seq + len) | 0) === ((rev.lastAck + (rev.window << shift)) | 0)) f |= Flag.WINDOW_FULL;
    }
    // Keep-alive ACK: repeats our last ACK and window right after the peer's keep-alive.
    if (len === 0 && window !== 0 && window === fwd.window && atNextSeq && sameAck &&
        (rev.lastSegmentFlags & Flag.KEEP_ALIVE) !== 0 && plain) {
      f |= Flag.KEEP_ALIVE_ACK;
      break forward;
    }
    // Zero window probe ACK (not a flag of ours, but it is not a duplicate ACK either).
    if (len === 0 && window === 0 && window === fwd.window && atNextSeq && sameAck &&
        (rev.lastSegmentFlags & Flag.ZERO_WINDOW_PROBE) !== 0 && plain) {
      break forward;
    }
    // Duplicate ACK: an empty segment repeating seq, ack and a non-zero window.
    if (len === 0 && window !== 0 && window === fwd.window && atNextSeq && sameAck && plain) {
      fwd.dupAckNum = fwd.dupAckNum === -1 ? 1 : fwd.dupAckNum + 1;
      f |= Flag.DUPLICATE_ACK;
    }
  }

  // A new ACK value restarts the duplicate count.
  if (!sameAck) fwd.dupAckNum = 0;

  // ACKed unseen segment: this ACK covers data of the peer the capture never showed.
  if (rev.maxSeqToBeAcked !== 0 && seqGt(ack, rev.maxSeqToBeAcked) && (tcpFlags & TcpFlag.ACK) !== 0) {
    if (rev.maxSeqToBeAcked >>> 0 < rev.nextSeq >>> 0) {
      // The peer's data seen has a hole: report it, then count from the peer's nextseq (Wireshark
      // compares these two plainly, not modulo 2^32).
      rev.maxSeqToBeAcked = rev.nextSeq;
      f |= Flag.ACK_LOST_SEGMENT;
    } else {
      // Contiguous but acknowledged beyond: report once until the peer's ACK moves. Its duplicate-ACK
      // count becomes −1, which the fast retransmission rule reads as unsigned (so ≥ 2).
      if (rev.dupAckNum === 0) f |= Flag.ACK_LOST_SEGMENT;
      rev.dupAckNum = -1;
    }
  }

  // Retransmission, fast retransmission, spurious retransmission, out of order: data (or SYN/FIN)
  // that does not advance the sequence.
  if ((len > 0 || (tcpFlags & FlagSet.SYN_FIN) !== 0) && (f & Flag.KEEP_ALIVE) === 0) {
    let notAdvanced = fwd.nextSeq !== 0 && seqLt(seq, fwd.nextSeq);
    // More than one byte starting one before nextseq is new data after a (possible) zero window probe.
    if (len > 1 && ((fwd.nextSeq - 1) | 0) === seq) notAdvanced = false;
    classify: {
      // Spurious: every byte of it was already acknowledged by the peer.
      if (len > 0 && rev.lastAck !== 0 && seqLe(seq + len, rev.lastAck)) {
        f |= Flag.SPURIOUS_RETRANSMISSION | Flag.RETRANSMISSION;
        break classify;
      }
      // Fast: at the peer's duplicate-ACKed sequence number, soon after its last ACK. (Times are
      // compared inline: Wireshark's unsigned difference never counts a negative one.)
      if (notAdvanced && rev.dupAckNum >>> 0 >= FAST_RETRANSMISSION_DUP_ACKS && rev.lastAck === seq &&
          t - rev.lastAckTime >= 0 && t - rev.lastAckTime < FAST_RETRANSMISSION_WINDOW_NS) {
        f |= Flag.FAST_RETRANSMISSION | Flag.RETRANSMISSION;
        break classify;
      }
      if (!notAdvanced) break classify;
      // Out of order: soon after nextseq advanced, and not simply a copy of the last segment.
      const sinceNext = t - fwd.nextSeqTime;
      const end = (seq + len + ((tcpFlags & FlagSet.SYN_FIN) !== 0 ? 1 : 0)) | 0;
      if (sinceNext >= 0 && sinceNext < (ctx.firstRttNs !== 0 ? ctx.firstRttNs : OUT_OF_ORDER_DEFAULT_NS) && fwd.nextSeq !== end) {
        f |= Flag.OUT_OF_ORDER;
        break classify;
      }
      f |= Flag.RETRANSMISSION;
    }
  }

  // Move this direction forward.
  let nextSeq = (seq + len) | 0;
  if ((len > 0 || (tcpFlags & FlagSet.SYN_FIN) !== 0) && fwd.unackedCount < Unacked.MAX_SEGMENTS) {
    // SYN and FIN take one sequence number (Wireshark counts it only while it still lists the segment).
    const extra = tcpFlags & FlagSet.SYN_FIN ? 1 : 0;
    nextSeq = (nextSeq + extra) | 0;
    fwd.addUnacked(g, extra);
  }
  const probe = (f & Flag.ZERO_WINDOW_PROBE) !== 0;
  if ((seqGt(nextSeq, fwd.nextSeq) || fwd.nextSeq === 0) && !probe) {
    fwd.nextSeq = nextSeq;
    fwd.nextSeqTime = t;
  }
  if ((seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !probe) fwd.maxSeqToBeAcked = fwd.nextSeq;
  fwd.window = window;
  fwd.lastAck = ack;
  fwd.lastAckTime = t;
  fwd.lastSegmentFlags = f;
  // Wireshark drops the peer's segments this acknowledges whatever the ACK flag says.
  rev.acknowledgeUnacked(g);
  return f;
}
