/**
 * A connection's numbers, where they live: its stretch of the tracker's slab (slab.ts), behind
 * accessors with the names the rest of the tracker uses. Connection (connection.ts) adds the
 * behaviour, and what does not fit in numbers (notes, analysis counts, base changes).
 */
import { formatEndpoint, formatIPv4 } from '../decode/address';
import { Endpoint } from './endpoint';
import { Slab } from './slab';

/** Int32 slots of a connection's numbers in its stretch of the slab (its endpoints are objects: see slab.ts). */
const enum C {
  ca0,
  ca1,
  ca2,
  ca3,
  sa0,
  sa1,
  sa2,
  sa3,
  stream,
  ipVersion,
  clientPort,
  serverPort,
  initialClientState,
  initialServerState,
  completeness,
  preSynAcks,
  firstFrame,
  lastFrame,
  startNsec,
  clientSynFrame,
  firstFinFrom,
  firstFinFrame,
  resetBy,
  resetFrame,
  notesDropped,
  bits,
  handshakeCount,
  hs0,
  hs1,
  hs2,
  hs3,
  hs4,
  teardownCount,
  td0,
  td1,
  td2,
  td3,
  SIZE,
}
/** Float64 slots: times in ns and counts. */
const enum G {
  mruSynNs,
  firstRttNs,
  preSynAckNs1,
  preSynAckNs2,
  startSec,
  lastNs,
  packets,
  SIZE,
}
/** Bits of C.bits. */
const enum B {
  mruSynSet = 1 << 0,
  synSeen = 1 << 1,
  handshake1 = 1 << 2,
  handshake2Server = 1 << 3,
  handshake2Client = 1 << 4,
  handshake3 = 1 << 5,
  simultaneousOpen = 1 << 6,
  secondFinSeen = 1 << 7,
  secondFinAckedFirst = 1 << 8,
  firstFinAcked = 1 << 9,
  secondFinAcked = 1 << 10,
  simultaneousClose = 1 << 11,
}
/** Frames a connection's roles can name: each handshake role is given at most once per side, each teardown role once. */
const MAX_HANDSHAKE_FRAMES = 5;
const MAX_TEARDOWN_FRAMES = 4;
/** The most frames a connection lists for its handshake or its teardown. */
export const MAX_ROLE_FRAMES = Math.max(MAX_HANDSHAKE_FRAMES, MAX_TEARDOWN_FRAMES);

export const CONNECTION_INTS = C.SIZE;
export const CONNECTION_DOUBLES = G.SIZE;

export class ConnectionNumbers {
  private readonly i: Int32Array;
  private readonly u: Uint32Array;
  private readonly f: Float64Array;
  private readonly io: number;
  private readonly fo: number;
  readonly client: Endpoint;
  readonly server: Endpoint;

  /**
   * @param initialClientState, initialServerState each endpoint's state before the first packet
   *   (CLOSED / LISTEN before a SYN, SYN-SENT / SYN-RECEIVED before a SYN-ACK, else ESTABLISHED),
   *   where a ladder starts.
   * @param slab where the numbers go (a tracker keeps one for all its connections).
   */
  constructor(
    stream: number,
    ipVersion: number,
    clientPort: number,
    serverPort: number,
    initialClientState: number,
    initialServerState: number,
    frame: number,
    tsSec: number,
    tsNsec: number,
    slab: Slab = new Slab(CONNECTION_INTS, CONNECTION_DOUBLES, 1),
  ) {
    const slot = slab.take();
    this.i = slot.i32;
    this.u = slot.u32;
    this.f = slot.f64;
    this.io = slot.io;
    this.fo = slot.fo;
    this.client = new Endpoint(initialClientState);
    this.server = new Endpoint(initialServerState);
    this.setNumbers(stream, ipVersion, clientPort, serverPort, initialClientState, initialServerState, frame, tsSec, tsNsec);
  }

  /** The numbers of a new connection (see the constructor), the stretch zeroed first. */
  protected setNumbers(
    stream: number, ipVersion: number, clientPort: number, serverPort: number,
    initialClientState: number, initialServerState: number, frame: number, tsSec: number, tsNsec: number,
  ): void {
    const io = this.io;
    const fo = this.fo;
    // Loops rather than fill(): a builtin call each, for 37 and 7 numbers, once a connection.
    for (let k = io; k < io + C.SIZE; k++) this.i[k] = 0;
    for (let k = fo; k < fo + G.SIZE; k++) this.f[k] = 0;
    this.i[io + C.stream] = stream;
    this.i[io + C.ipVersion] = ipVersion;
    this.i[io + C.clientPort] = clientPort;
    this.i[io + C.serverPort] = serverPort;
    this.i[io + C.initialClientState] = initialClientState;
    this.i[io + C.initialServerState] = initialServerState;
    this.u[io + C.firstFrame] = frame;
    this.u[io + C.lastFrame] = frame;
    this.f[this.fo + G.startSec] = tsSec;
    this.i[io + C.startNsec] = tsNsec;
  }

  get stream(): number { return this.i[this.io + C.stream]!; }
  get ipVersion(): number { return this.i[this.io + C.ipVersion]!; }
  get clientPort(): number { return this.i[this.io + C.clientPort]!; }
  get serverPort(): number { return this.i[this.io + C.serverPort]!; }

  /** Each endpoint's state before the first packet (CLOSED / LISTEN before a SYN, SYN-SENT / SYN-RECEIVED before a SYN-ACK, else ESTABLISHED), where a ladder starts. */
  get initialClientState(): number { return this.i[this.io + C.initialClientState]!; }
  get initialServerState(): number { return this.i[this.io + C.initialServerState]!; }

  /** tcp.completeness bits so far (final after the last packet: the two-pass value). */
  get completeness(): number { return this.i[this.io + C.completeness]!; }
  set completeness(v: number) { this.i[this.io + C.completeness] = v; }
  get preSynAcks(): number { return this.i[this.io + C.preSynAcks]!; }
  set preSynAcks(v: number) { this.i[this.io + C.preSynAcks] = v; }
  get firstFrame(): number { return this.u[this.io + C.firstFrame]!; }
  set firstFrame(v: number) { this.u[this.io + C.firstFrame] = v; }
  get lastFrame(): number { return this.u[this.io + C.lastFrame]!; }
  set lastFrame(v: number) { this.u[this.io + C.lastFrame] = v; }
  get startNsec(): number { return this.i[this.io + C.startNsec]!; }
  get clientSynFrame(): number { return this.u[this.io + C.clientSynFrame]!; }
  set clientSynFrame(v: number) { this.u[this.io + C.clientSynFrame] = v; }
  get firstFinFrom(): number { return this.i[this.io + C.firstFinFrom]!; }
  set firstFinFrom(v: number) { this.i[this.io + C.firstFinFrom] = v; }
  get firstFinFrame(): number { return this.u[this.io + C.firstFinFrame]!; }
  set firstFinFrame(v: number) { this.u[this.io + C.firstFinFrame] = v; }

  /** The first RST that closed an endpoint: who sent it (`resetFrame`: in which frame). */
  get resetBy(): number { return this.i[this.io + C.resetBy]!; }
  set resetBy(v: number) { this.i[this.io + C.resetBy] = v; }
  get resetFrame(): number { return this.u[this.io + C.resetFrame]!; }
  set resetFrame(v: number) { this.u[this.io + C.resetFrame] = v; }
  get notesDropped(): number { return this.i[this.io + C.notesDropped]!; }
  set notesDropped(v: number) { this.i[this.io + C.notesDropped] = v; }
  get mruSynNs(): number { return this.f[this.fo + G.mruSynNs]!; }
  set mruSynNs(v: number) { this.f[this.fo + G.mruSynNs] = v; }

  /** ts_first_rtt (ns); 0 while unknown. */
  get firstRttNs(): number { return this.f[this.fo + G.firstRttNs]!; }
  set firstRttNs(v: number) { this.f[this.fo + G.firstRttNs] = v; }
  get preSynAckNs1(): number { return this.f[this.fo + G.preSynAckNs1]!; }
  set preSynAckNs1(v: number) { this.f[this.fo + G.preSynAckNs1] = v; }
  get preSynAckNs2(): number { return this.f[this.fo + G.preSynAckNs2]!; }
  set preSynAckNs2(v: number) { this.f[this.fo + G.preSynAckNs2] = v; }

  /** Epoch time of the first packet (with `startNsec`). */
  get startSec(): number { return this.f[this.fo + G.startSec]!; }

  /** Time of the last packet in ns since the first (all times of a connection count from its first packet). */
  get lastNs(): number { return this.f[this.fo + G.lastNs]!; }
  set lastNs(v: number) { this.f[this.fo + G.lastNs] = v; }
  get packets(): number { return this.f[this.fo + G.packets]!; }
  set packets(v: number) { this.f[this.fo + G.packets] = v; }

  /** ts_mru_syn: time (ns) of the latest SYN without ACK (`mruSynNs`); false while Wireshark's is zero. */
  get mruSynSet(): boolean { return this.bit(B.mruSynSet); }
  set mruSynSet(v: boolean) { this.setBit(B.mruSynSet, v); }

  /** A SYN without ACK was seen; until then pure ACKs are counted (`preSynAcks`, times `preSynAckNs1/2`: the first one, and the first at a different time) for the two-pass iRTT. */
  get synSeen(): boolean { return this.bit(B.synSeen); }
  set synSeen(v: boolean) { this.setBit(B.synSeen, v); }

  get handshake1(): boolean { return this.bit(B.handshake1); }
  set handshake1(v: boolean) { this.setBit(B.handshake1, v); }

  /** handshake-2 seen from the server (and, in a simultaneous open, from the client). */
  get handshake2Server(): boolean { return this.bit(B.handshake2Server); }
  set handshake2Server(v: boolean) { this.setBit(B.handshake2Server, v); }

  get handshake2Client(): boolean { return this.bit(B.handshake2Client); }
  set handshake2Client(v: boolean) { this.setBit(B.handshake2Client, v); }

  get handshake3(): boolean { return this.bit(B.handshake3); }
  set handshake3(v: boolean) { this.setBit(B.handshake3, v); }

  get simultaneousOpen(): boolean { return this.bit(B.simultaneousOpen); }
  set simultaneousOpen(v: boolean) { this.setBit(B.simultaneousOpen, v); }

  get secondFinSeen(): boolean { return this.bit(B.secondFinSeen); }
  set secondFinSeen(v: boolean) { this.setBit(B.secondFinSeen, v); }

  /** The second FIN was the first ACK of the first FIN (three-way). */
  get secondFinAckedFirst(): boolean { return this.bit(B.secondFinAckedFirst); }
  set secondFinAckedFirst(v: boolean) { this.setBit(B.secondFinAckedFirst, v); }

  get firstFinAcked(): boolean { return this.bit(B.firstFinAcked); }
  set firstFinAcked(v: boolean) { this.setBit(B.firstFinAcked, v); }

  get secondFinAcked(): boolean { return this.bit(B.secondFinAcked); }
  set secondFinAcked(v: boolean) { this.setBit(B.secondFinAcked, v); }

  get simultaneousClose(): boolean { return this.bit(B.simultaneousClose); }
  set simultaneousClose(v: boolean) { this.setBit(B.simultaneousClose, v); }

  private bit(b: number): boolean {
    return (this.i[this.io + C.bits]! & b) !== 0;
  }

  private setBit(b: number, v: boolean): void {
    const k = this.io + C.bits;
    this.i[k] = v ? this.i[k]! | b : this.i[k]! & ~b;
  }

  /** Frames that took a handshake role, in order. */
  get handshakeFrames(): number[] {
    return this.frameList(C.handshakeCount, C.hs0);
  }

  /** Frames that took a teardown role, in order. */
  get teardownFrames(): number[] {
    return this.frameList(C.teardownCount, C.td0);
  }

  /** Like `handshakeFrames`, into `out` (room for MAX_ROLE_FRAMES) rather than a new array: how many. */
  handshakeFramesInto(out: Uint32Array): number {
    return this.framesInto(C.handshakeCount, C.hs0, out);
  }

  /** Like `teardownFrames`, into `out` (room for MAX_ROLE_FRAMES) rather than a new array: how many. */
  teardownFramesInto(out: Uint32Array): number {
    return this.framesInto(C.teardownCount, C.td0, out);
  }

  /** A frame took a handshake role (a frame with two is listed once). */
  addHandshakeFrame(frame: number): void {
    this.addFrame(C.handshakeCount, C.hs0, MAX_HANDSHAKE_FRAMES, frame);
  }

  addTeardownFrame(frame: number): void {
    this.addFrame(C.teardownCount, C.td0, MAX_TEARDOWN_FRAMES, frame);
  }

  private framesInto(count: number, first: number, out: Uint32Array): number {
    const n = this.i[this.io + count]!;
    for (let k = 0; k < n; k++) out[k] = this.u[this.io + first + k]!;
    return n;
  }

  private frameList(count: number, first: number): number[] {
    const n = this.i[this.io + count]!;
    const out: number[] = [];
    for (let k = 0; k < n; k++) out.push(this.u[this.io + first + k]!);
    return out;
  }

  private addFrame(count: number, first: number, max: number, frame: number): void {
    const at = this.io + count;
    const n = this.i[at]!;
    if (n > 0 && this.u[this.io + first + n - 1] === frame) return;
    // The role rules give no more than `max` (see MAX_HANDSHAKE_FRAMES); past it a frame is not listed.
    if (n === max) return;
    this.u[this.io + first + n] = frame;
    this.i[at] = n + 1;
  }

  /** Int32 `k` of the stretch (0 ≤ k < CONNECTION_INTS), for the codec (connection-codec.ts) that stores it whole. */
  intAt(k: number): number {
    return this.i[this.io + k]!;
  }

  setIntAt(k: number, v: number): void {
    this.i[this.io + k] = v;
  }

  /** Float64 `k` of the stretch (0 ≤ k < CONNECTION_DOUBLES), for the codec. */
  doubleAt(k: number): number {
    return this.f[this.fo + k]!;
  }

  setDoubleAt(k: number, v: number): void {
    this.f[this.fo + k] = v;
  }

  /** The client's address (a new array on each call: read it per connection, not per packet). */
  get clientAddr(): Uint32Array { return this.u.slice(this.io + C.ca0, this.io + C.ca0 + 4); }
  get serverAddr(): Uint32Array { return this.u.slice(this.io + C.sa0, this.io + C.sa0 + 4); }

  /**
   * formatEndpoint of the client's (`client`) or the server's address and port, for output made
   * once per connection: an IPv4 address is formatted from its word, with no array made for it.
   */
  endpointText(client: boolean): string {
    const port = client ? this.clientPort : this.serverPort;
    const a = this.io + (client ? C.ca0 : C.sa0);
    if (this.ipVersion !== 6) return `${formatIPv4(this.u[a]!)}:${port}`;
    return formatEndpoint(6, this.u.subarray(a, a + 4), port);
  }

  /** The client's (`client`) or the server's IPv4 address as its word, for writers that print it without a string. */
  ipv4Word(client: boolean): number {
    return this.u[this.io + (client ? C.ca0 : C.sa0)]!;
  }

  setAddresses(client: Uint32Array, server: Uint32Array): void {
    // Word by word: two subarrays and two set() calls cost 140 ns a connection, felt in a SYN flood.
    const u = this.u;
    const io = this.io;
    u[io + C.ca0] = client[0]!;
    u[io + C.ca1] = client[1]!;
    u[io + C.ca2] = client[2]!;
    u[io + C.ca3] = client[3]!;
    u[io + C.sa0] = server[0]!;
    u[io + C.sa1] = server[1]!;
    u[io + C.sa2] = server[2]!;
    u[io + C.sa3] = server[3]!;
  }

  /**
   * Which way a packet of IP version `ipVersion` from `src`:`srcPort` to `dst`:`dstPort` goes on
   * this connection: 1 from its client, 0 from its server, −1 not on it. The client's side is asked
   * first, so a connection from an endpoint to itself is from its client. An IPv4 address is its
   * first word (the decoders and `setAddresses` leave the other three zero). One call with the
   * numbers read in place, for the connection table (four `isAddress` calls were about 300
   * instructions a lookup).
   */
  directionOf(ipVersion: number, src: Uint32Array, srcPort: number, dst: Uint32Array, dstPort: number): number {
    const i = this.i;
    const u = this.u;
    const io = this.io;
    if (i[io + C.ipVersion] !== ipVersion) return -1;
    const s0 = src[0];
    const d0 = dst[0];
    if (i[io + C.clientPort] === srcPort && i[io + C.serverPort] === dstPort && u[io + C.ca0] === s0 && u[io + C.sa0] === d0 &&
      (ipVersion === 4 || (this.isAddress(true, src) && this.isAddress(false, dst)))) return 1;
    if (i[io + C.serverPort] === srcPort && i[io + C.clientPort] === dstPort && u[io + C.sa0] === s0 && u[io + C.ca0] === d0 &&
      (ipVersion === 4 || (this.isAddress(false, src) && this.isAddress(true, dst)))) return 0;
    return -1;
  }

  /** Is `a` the client's address (`client`) or the server's? */
  isAddress(client: boolean, a: Uint32Array): boolean {
    const u = this.u;
    const k = this.io + (client ? C.ca0 : C.sa0);
    return a[0] === u[k] && a[1] === u[k + 1] && a[2] === u[k + 2] && a[3] === u[k + 3];
  }
}
