/**
 * One TCP connection (one tcp.stream): its two endpoints, what the capture showed of its opening
 * and closing, Wireshark's per-conversation values, and the notes that explain what did not fit.
 * Implements StreamInfo for the packet store's readers.
 */
import { formatEndpoint, formatIPv4 } from '../decode/address';
import { Endpoint } from './endpoint';
import { nextState, IN, OUT } from './state-machine';
import { ANALYSIS_FLAGS, State, type HandshakeStatus, type TeardownStatus } from './vocabulary';
import type { BaseChange, StreamInfo } from './stream-info';

/** Notes kept per connection; past this only a count is kept (a hostile capture could produce one per packet). */
export const MAX_NOTES = 32;

export interface Note {
  frame: number;
  message: string;
}

const NO_NOTES: readonly Note[] = Object.freeze([]);
const NO_FRAMES: readonly number[] = Object.freeze([]);
const NO_COUNTS: readonly number[] = Object.freeze(new Array<number>(ANALYSIS_FLAGS.length).fill(0));

/** Which side did something first: none yet, the client, or the server. */
export const Who = Object.freeze({ NONE: 0, CLIENT: 1, SERVER: 2 });

export class Connection implements StreamInfo {
  /** Addresses word by word (IPv4 in word 0, as in Dissection): plain fields are far smaller than two typed arrays. */
  private ca0 = 0; private ca1 = 0; private ca2 = 0; private ca3 = 0;
  private sa0 = 0; private sa1 = 0; private sa2 = 0; private sa3 = 0;
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
  /** Frames that took a handshake role (see listFrame). */
  handshakeFrames: readonly number[] = NO_FRAMES;

  // Closing, as the roles saw it.
  firstFinFrom: number = Who.NONE;
  firstFinFrame = 0;
  secondFinSeen = false;
  /** The second FIN was the first ACK of the first FIN (three-way). */
  secondFinAckedFirst = false;
  firstFinAcked = false;
  secondFinAcked = false;
  simultaneousClose = false;
  /** Frames that took a teardown role (see listFrame). */
  teardownFrames: readonly number[] = NO_FRAMES;
  /** The first RST that closed an endpoint: who sent it, in which frame. */
  resetBy: number = Who.NONE;
  resetFrame = 0;

  /** Analysis flag counts, indexed like ANALYSIS_FLAGS; allocated when a flag first occurs (most connections have none). */
  private counts: number[] | null = null;
  /** Role checks that failed and segments not obeyed, with the real numbers; allocated at the first. */
  private noteList: Note[] | null = null;
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
    return this.client.baseSeq >>> 0;
  }

  get serverBaseSeq(): number {
    return this.server.baseSeq >>> 0;
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

  /** Packets carrying each analysis flag, indexed like ANALYSIS_FLAGS. */
  get analysisCounts(): readonly number[] {
    return this.counts ?? NO_COUNTS;
  }

  /** Role checks that failed and segments not obeyed (at most MAX_NOTES; `notesDropped` counts the rest). */
  get notes(): readonly Note[] {
    return this.noteList ?? NO_NOTES;
  }

  /** Count the analysis flags of one packet. */
  countAnalysis(bits: number): void {
    const counts = (this.counts ??= new Array<number>(ANALYSIS_FLAGS.length).fill(0));
    for (let bit = 0, a = bits; a !== 0; bit++, a >>>= 1) if (a & 1) counts[bit]!++;
  }

  note(frame: number, message: string): void {
    const notes = (this.noteList ??= []);
    if (notes.length < MAX_NOTES) notes.push({ frame, message });
    else this.notesDropped++;
  }

  /** The client's address (a new array on each call: read it per connection, not per packet). */
  get clientAddr(): Uint32Array {
    return Uint32Array.of(this.ca0, this.ca1, this.ca2, this.ca3);
  }

  get serverAddr(): Uint32Array {
    return Uint32Array.of(this.sa0, this.sa1, this.sa2, this.sa3);
  }

  /**
   * formatEndpoint of the client's (`client`) or the server's address and port, for output made
   * once per connection: an IPv4 address is formatted from its word, with no array made for it.
   */
  endpointText(client: boolean): string {
    const port = client ? this.clientPort : this.serverPort;
    if (this.ipVersion !== 6) return `${formatIPv4(client ? this.ca0 : this.sa0)}:${port}`;
    return formatEndpoint(6, client ? [this.ca0, this.ca1, this.ca2, this.ca3] : [this.sa0, this.sa1, this.sa2, this.sa3], port);
  }

  setAddresses(client: Uint32Array, server: Uint32Array): void {
    this.ca0 = client[0]!; this.ca1 = client[1]!; this.ca2 = client[2]!; this.ca3 = client[3]!;
    this.sa0 = server[0]!; this.sa1 = server[1]!; this.sa2 = server[2]!; this.sa3 = server[3]!;
  }

  /** Is `a` the client's address (`client`) or the server's? */
  isAddress(client: boolean, a: Uint32Array): boolean {
    return client
      ? a[0] === this.ca0 && a[1] === this.ca1 && a[2] === this.ca2 && a[3] === this.ca3
      : a[0] === this.sa0 && a[1] === this.sa1 && a[2] === this.sa2 && a[3] === this.sa3;
  }

  /**
   * A role's frame added to its group's list (each role is given once, so the lists stay short).
   * A new array of exactly the right size rather than a push: a pushed-to array keeps room for 17
   * numbers, and every connection has these lists.
   */
  static listFrame(list: readonly number[], frame: number): readonly number[] {
    const n = list.length;
    // list[-1] of an empty list would be a property lookup by the name "-1", not an element read.
    if (n > 0 && list[n - 1] === frame) return list;
    // Literals for the lengths that occur (at most 3 handshake and 4 teardown frames): concat()
    // with a number is a slow generic path.
    switch (n) {
      case 0: return [frame];
      case 1: return [list[0]!, frame];
      case 2: return [list[0]!, list[1]!, frame];
      case 3: return [list[0]!, list[1]!, list[2]!, frame];
      default: return [...list, frame];
    }
  }

  /** Record that a direction's base changed at `frame` (its earlier packets keep the old base). */
  rebase(fromClient: boolean, frame: number, base: number): void {
    const ep = this.endpoint(fromClient);
    (this.baseChanges ??= []).push({ frame, client: fromClient, previous: ep.baseSeq >>> 0 });
    ep.baseSeq = base | 0;
  }
}
