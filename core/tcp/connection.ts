/**
 * One TCP connection (one tcp.stream): its two endpoints, what the capture showed of its opening
 * and closing, Wireshark's per-conversation values, and the notes that explain what did not fit.
 * Implements StreamInfo for the packet store's readers.
 */
import { Endpoint } from './endpoint';
import { nextState, IN, OUT } from './state-machine';
import { ANALYSIS_FLAGS, State, type HandshakeStatus, type TeardownStatus } from './vocabulary';
import type { BaseChange, StreamInfo } from './stream-info';

/** Notes kept per connection; past this only a count is kept (a hostile capture could produce one per packet). */
export const MAX_NOTES = 32;
/** Frames listed per role group (handshake, teardown): enough for every retransmission a stack makes,
 *  bounded against a capture that repeats a SYN forever. */
export const MAX_ROLE_FRAMES = 16;

export interface Note {
  frame: number;
  message: string;
}

/** Which side did something first: none yet, the client, or the server. */
export const Who = Object.freeze({ NONE: 0, CLIENT: 1, SERVER: 2 });

export class Connection implements StreamInfo {
  readonly clientAddr = new Uint32Array(4);
  readonly serverAddr = new Uint32Array(4);
  readonly client: Endpoint;
  readonly server: Endpoint;

  // Wireshark's per-conversation values.
  /** tcp.completeness bits so far (final after the last packet: the two-pass value). */
  completeness = 0;
  /** ts_mru_syn: time (ns) of the latest SYN without ACK; `mruSynSet` is false while Wireshark's is zero. */
  mruSynSet = false;
  mruSynNs = 0;
  /** ts_first_rtt (ns); 0 while unknown. */
  firstRttNs = 0;
  /** Pure ACKs seen before any SYN: the first one, and the first at a different time (for the two-pass iRTT). */
  synSeen = false;
  preSynAcks = 0;
  preSynAckNs1 = 0;
  preSynAckNs2 = 0;

  // Extent and volume.
  firstFrame: number;
  lastFrame: number;
  packets = 0;
  /** Epoch time of the first packet. */
  readonly startSec: number;
  readonly startNsec: number;
  /** Time of the last packet in ns since the first (all times of a connection count from its first packet). */
  lastNs = 0;

  // Opening, as the roles saw it.
  clientSynFrame = 0;
  handshake1 = false;
  /** handshake-2 seen from the server (and, in a simultaneous open, from the client). */
  handshake2Server = false;
  handshake2Client = false;
  handshake3 = false;
  simultaneousOpen = false;
  readonly handshakeFrames: number[] = [];

  // Closing, as the roles saw it.
  firstFinFrom: number = Who.NONE;
  firstFinFrame = 0;
  secondFinSeen = false;
  /** The second FIN was the first ACK of the first FIN (three-way). */
  secondFinAckedFirst = false;
  firstFinAcked = false;
  secondFinAcked = false;
  simultaneousClose = false;
  readonly teardownFrames: number[] = [];
  /** The first RST that closed an endpoint: who sent it, in which frame. */
  resetBy: number = Who.NONE;
  resetFrame = 0;

  /** Analysis flag counts, indexed like ANALYSIS_FLAGS. */
  readonly analysisCounts = new Uint32Array(ANALYSIS_FLAGS.length);
  readonly notes: Note[] = [];
  notesDropped = 0;
  /** Changes of a direction's base (see StreamInfo.baseChanges); null while there are none. */
  baseChanges: BaseChange[] | null = null;

  /**
   * @param initialClientState, initialServerState each endpoint's state before the first packet
   *   (CLOSED / LISTEN before a SYN, SYN-SENT / SYN-RECEIVED before a SYN-ACK, else ESTABLISHED),
   *   where a ladder starts.
   */
  constructor(
    readonly stream: number,
    readonly ipVersion: number,
    readonly clientPort: number,
    readonly serverPort: number,
    readonly initialClientState: number,
    readonly initialServerState: number,
    frame: number,
    tsSec: number,
    tsNsec: number,
  ) {
    this.client = new Endpoint(initialClientState);
    this.server = new Endpoint(initialServerState);
    this.firstFrame = this.lastFrame = frame;
    this.startSec = tsSec;
    this.startNsec = tsNsec;
  }

  get clientBaseSeq(): number {
    return this.client.baseSeq;
  }

  get serverBaseSeq(): number {
    return this.server.baseSeq;
  }

  /**
   * Would a SYN from this side open a new connection on the 4-tuple (DESIGN.md: the previous one
   * closed, FIN both ways or RST)? Yes after FINs both ways, or when the side is CLOSED (reset, or
   * done). Not while it still waits in SYN-SENT: a client that answered a stale SYN-ACK with an
   * RST (RFC 9293 §3.10.7.3) and sends its SYN again is still opening the same connection.
   */
  closedFor(fromClient: boolean): boolean {
    return this.secondFinSeen || this.endpoint(fromClient).state === State.CLOSED;
  }

  /**
   * tcp.analysis.initial_rtt as tshark shows it after its second pass, in seconds; null when unknown.
   * The first pass sets it at the first pure ACK after a SYN. If that never happened, the second
   * pass starts with the first pass's last SYN time, so a pure ACK seen before any SYN yields it.
   */
  get irtt(): number | null {
    if (this.firstRttNs !== 0) return this.firstRttNs / 1e9;
    if (!this.mruSynSet) return null;
    if (this.preSynAcks >= 1 && this.preSynAckNs1 !== this.mruSynNs) return (this.preSynAckNs1 - this.mruSynNs) / 1e9;
    if (this.preSynAcks >= 2) return (this.preSynAckNs2 - this.mruSynNs) / 1e9;
    return null;
  }

  get handshakeStatus(): HandshakeStatus {
    if (!this.handshake1) return 'not-captured';
    const answered = this.handshake2Server || this.handshake2Client;
    if (!answered) return 'syn-only';
    const complete = this.simultaneousOpen ? this.handshake2Server && this.handshake2Client : this.handshake3;
    return complete ? 'complete' : 'syn-synack';
  }

  get teardownStatus(): TeardownStatus {
    if (this.secondFinSeen) return this.simultaneousClose ? 'simultaneous' : this.secondFinAckedFirst ? 'three-way' : 'four-way';
    if (this.resetBy !== Who.NONE) return 'reset';
    if (this.firstFinFrom !== Who.NONE) return 'half-closed';
    return 'open';
  }

  /** Who started the end: the first FIN's sender, else the sender of the RST; null while open. */
  get teardownInitiator(): 'client' | 'server' | null {
    const by = this.firstFinFrom !== Who.NONE ? this.firstFinFrom : this.resetBy;
    return by === Who.CLIENT ? 'client' : by === Who.SERVER ? 'server' : null;
  }

  endpoint(fromClient: boolean): Endpoint {
    return fromClient ? this.client : this.server;
  }

  /**
   * The one place endpoint states change: a segment of kind `kind` went from the sender to the
   * receiver; each looks the kind up in the transition table from its own side.
   */
  step(fromClient: boolean, kind: number): void {
    const sender = fromClient ? this.client : this.server;
    const receiver = fromClient ? this.server : this.client;
    const senderNext = nextState(sender.state, kind, OUT);
    receiver.state = nextState(receiver.state, kind, IN);
    sender.state = senderNext;
  }

  note(frame: number, message: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push({ frame, message });
    else this.notesDropped++;
  }

  /** Frame of a role in its group's list (bounded). */
  static listFrame(list: number[], frame: number): void {
    if (list.length < MAX_ROLE_FRAMES && list[list.length - 1] !== frame) list.push(frame);
  }

  /** Record that a direction's base changed at `frame` (its earlier packets keep the old base). */
  rebase(fromClient: boolean, frame: number, base: number): void {
    const ep = this.endpoint(fromClient);
    (this.baseChanges ??= []).push({ frame, client: fromClient, previous: ep.baseSeq });
    ep.baseSeq = base;
  }
}
