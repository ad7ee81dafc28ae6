/**
 * One TCP connection (one tcp.stream): its two endpoints, what the capture showed of its opening
 * and closing, Wireshark's per-conversation values, and the notes that explain what did not fit.
 * Implements StreamInfo for the packet store's readers.
 */
import { ConnectionNumbers } from './connection-numbers';
import type { Slab } from './slab';
import type { Endpoint } from './endpoint';
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
/**
 * Not frozen, though never written (its type says readonly): a frozen array has another hidden
 * class, which made reading counts in `flows --json` a generic lookup for connections without any
 * (most).
 */
const NO_COUNTS: readonly number[] = zeroCounts();

/**
 * A connection's analysis counts before any: the one way they are made, so that every connection's
 * array has the same kind (another, packed or of doubles, would give `counts` a second hidden class,
 * and the code that reads them would be thrown away and rebuilt for both).
 */
export function zeroCounts(): number[] {
  return new Array<number>(ANALYSIS_FLAGS.length).fill(0);
}

/** Which side did something first: none yet, the client, or the server. */
export enum Who { NONE = 0, CLIENT = 1, SERVER = 2 }
export class Connection extends ConnectionNumbers implements StreamInfo {
  /** A connection whose numbers are all zero, for the codec to fill (its numbers in `slab`, or a slab of its own). */
  static blank(slab?: Slab): Connection {
    return new Connection(0, 0, 0, 0, 0, 0, 0, 0, 0, slab);
  }

  /** Analysis flag counts, indexed like ANALYSIS_FLAGS; allocated when a flag first occurs (most connections have none). */
  private counts: number[] | null = null;
  /** Role checks that failed and segments not obeyed, with the real numbers; allocated at the first. */
  private noteList: Note[] | null = null;
  /** Changes of a direction's base (see StreamInfo.baseChanges); null while there are none. */
  baseChanges: BaseChange[] | null = null;

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

  /** Did the connection leave a note, kept or only counted? */
  get hasNotes(): boolean {
    return this.notes.length > 0 || this.notesDropped > 0;
  }

  /** Count the analysis flags of one packet. */
  countAnalysis(bits: number): void {
    const counts = (this.counts ??= zeroCounts());
    for (let bit = 0, a = bits; a !== 0; bit++, a >>>= 1) if (a & 1) counts[bit]!++;
  }

  note(frame: number, message: string): void {
    const notes = (this.noteList ??= []);
    if (notes.length < MAX_NOTES) notes.push({ frame, message });
    else this.notesDropped++;
  }


  /**
   * Makes this object a new connection, as the constructor does (same parameters, in the same
   * stretch of the slab): a tracker reuses the objects of connections it moved to its cold store.
   */
  reuse(
    stream: number, ipVersion: number, clientPort: number, serverPort: number,
    initialClientState: number, initialServerState: number, frame: number, tsSec: number, tsNsec: number,
  ): void {
    this.setNumbers(stream, ipVersion, clientPort, serverPort, initialClientState, initialServerState, frame, tsSec, tsNsec);
    this.client.reset(initialClientState);
    this.server.reset(initialServerState);
    this.counts = null;
    this.noteList = null;
    this.baseChanges = null;
  }

  /** For the codec (connection-codec.ts): puts back the analysis counts (made by zeroCounts) and notes of a stored connection. */
  restoreLists(counts: number[] | null, notes: Note[] | null): void {
    this.counts = counts;
    this.noteList = notes;
  }

  /** Record that a direction's base changed at `frame` (its earlier packets keep the old base). */
  rebase(fromClient: boolean, frame: number, base: number): void {
    const ep = this.endpoint(fromClient);
    (this.baseChanges ??= []).push({ frame, client: fromClient, previous: ep.baseSeq >>> 0 });
    ep.baseSeq = base | 0;
  }
}
