/**
 * The connection table: 4-tuple → the latest connection on it, by a numeric hash that is the same
 * in both directions. Open addressing (linear probing) over typed arrays; no strings or objects per packet.
 * Like Wireshark's conversations, the key is addresses and ports only (not VLAN, not interface).
 */
import type { Dissection } from '../decode/dissection';
import type { Connection } from './connection';
import type { ColdKeys } from './cold-keys';
import { placeIn } from './connection-store';
import { hashWord, wordsKey, type TabulationKey } from '../tabulation';

/** A slot that holds no connection (an enum so that esbuild writes each use as a number: see decode/layout.ts). */
enum Slot { EMPTY = -1 }
/** Grow when more than this share of slots is taken, to keep probe chains short. */
const MAX_LOAD = 0.6;
const INITIAL_SLOTS = 1024;

/** A connection's key, in 32-bit words: both endpoints' four address words (an IPv4 address is one), their ports in one. */
export const TUPLE_WORDS = 9;

/**
 * The hash of the packet's 4-tuple, the same in both directions: the endpoints in a fixed order
 * (the lower address and port first), then tabulation (core/tabulation.ts), so that no set of
 * 4-tuples shares a hash save by chance. (XORing one hash per endpoint, as before, gave every
 * connection from an endpoint to itself the hash 0.) An IPv4 address is one word, the others
 * zero, and zeros add nothing: its three are not read.
 */
export function tupleHash(t: Int32Array, d: Dissection): number {
  const s = d.src;
  const r = d.dst;
  const sp = d.srcPort;
  const rp = d.dstPort;
  if (d.ipVersion === 4) {
    const sa = s[0]!;
    const ra = r[0]!;
    return sa < ra || (sa === ra && sp <= rp)
      ? hashWord(t, 0, sa | 0) ^ hashWord(t, 4, ra | 0) ^ hashWord(t, 8, (sp << 16) | rp)
      : hashWord(t, 0, ra | 0) ^ hashWord(t, 4, sa | 0) ^ hashWord(t, 8, (rp << 16) | sp);
  }
  let srcFirst = sp <= rp;
  for (let k = 0; k < 4; k++) {
    if (s[k] !== r[k]) {
      srcFirst = s[k]! < r[k]!;
      break;
    }
  }
  const lo = srcFirst ? s : r;
  const hi = srcFirst ? r : s;
  return hashWord(t, 0, lo[0]! | 0) ^ hashWord(t, 1, lo[1]! | 0) ^ hashWord(t, 2, lo[2]! | 0) ^ hashWord(t, 3, lo[3]! | 0) ^
    hashWord(t, 4, hi[0]! | 0) ^ hashWord(t, 5, hi[1]! | 0) ^ hashWord(t, 6, hi[2]! | 0) ^ hashWord(t, 7, hi[3]! | 0) ^
    hashWord(t, 8, srcFirst ? (sp << 16) | rp : (rp << 16) | sp);
}

/**
 * With a cold store: the table keeps at most `maxSlots` slots in memory; when they are full, the
 * entries of cold connections go to ColdKeys (made on first use), and a packet that finds
 * nothing in memory asks there. Only captures with hundreds of thousands of connections get there.
 */
export interface TableSpill {
  readonly maxSlots: number;
  isCold(stream: number): boolean;
  keys(): ColdKeys;
}

export class ConnectionTable {
  private slots = new Int32Array(INITIAL_SLOTS).fill(Slot.EMPTY);
  private hashes = new Int32Array(INITIAL_SLOTS);
  /**
   * With a spill: 1 where the slot's entry came back from ColdKeys, which still holds it (it is
   * not stored there twice); made at the first spill.
   */
  private stored: Uint8Array | null = null;
  private used = 0;
  /** Set by `find`: the packet goes from the connection's client to its server. */
  fromClient = false;
  /**
   * Set by `find` when it finds one: where the connection is in `objects` (in memory by then). A
   * place rather than the object: storing a connection, young for most of its life, into this
   * long-lived table ran the collector's write barrier on every packet (about 60 instructions).
   */
  foundPlace = -1;
  /** Set by `find`: the packet's hash and the slot where it was found (or where it would go). */
  private hash = 0;
  private slot = 0;
  /**
   * Slots `find` stepped past, in all (tests watch it): below one a packet while keys spread out
   * (0.05 on the bench capture, see moveHome), far more if they collide.
   */
  probes = 0;
  /** Packets that `find` looked up by their hash, in all (tests watch it): the others were on the previous one's 4-tuple. */
  lookups = 0;
  /**
   * The 4-tuple of the previous packet `find` was asked about, seen from the client when its
   * connection is known (`lastStream`, −1 when not, with the slot and hash of its entry). A packet
   * on it (78% of the bench capture's packets, 82–99% of the larger corpus captures') is found
   * without hashing, probing or reading the connection: about 120 instructions instead of 490
   * (valgrind). IPv4 only: an IPv6 packet leaves ports of −1, which no packet has. Valid while the
   * entry stays in its slot (`makeRoom` moves entries: it forgets) and the tuple's latest
   * connection stays the same (only `insert` and `replace` change that, for the tuple of the
   * `find` before them).
   */
  private lastStream = -1;
  private lastSlot = 0;
  private lastHash = 0;
  private lastClientAddr = 0;
  private lastServerAddr = 0;
  private lastClientPort = -1;
  private lastServerPort = -1;
  /** Where cold entries went, once the table was full (see TableSpill). */
  private coldKeys: ColdKeys | null = null;

  /** The tabulation tables of tupleHash. */
  private readonly key: Int32Array;

  /** @param key for tests: tables drawn from a seeded generator (by default, at random). */
  constructor(private readonly spill: TableSpill | null = null, key: TabulationKey = wordsKey(TUPLE_WORDS)) {
    this.key = key.table;
    if (spill !== null && spill.maxSlots < INITIAL_SLOTS) {
      this.slots = new Int32Array(spill.maxSlots).fill(Slot.EMPTY);
      this.hashes = new Int32Array(spill.maxSlots);
    }
    // V8 takes a field that was never reassigned for a constant and builds the tracker's optimised
    // code on it; the first grow() then threw that code away in the middle of warm-up (track and
    // find were optimised three times instead of two). Reassigned once here, before any of that
    // code exists, these fields are variables from the start.
    this.slots = this.slots.slice();
    this.hashes = this.hashes.slice();
  }

  /**
   * Stream of the latest connection on the packet's 4-tuple, or −1. A stream's connection is
   * `objects[place]`, its place being in `wherePages` (see ConnectionStore), or out of memory when
   * that says −1 (see TcpTracker's `cold`): `thaw` brings it back to compare it. (Arrays rather
   * than one callback: that call, on every packet, cost 1–2% of the bench capture's time.)
   */
  find(d: Dissection, wherePages: readonly Int32Array[], objects: readonly Connection[], thaw: (stream: number) => Connection): number {
    const last = this.lastStream;
    if (last >= 0 && d.ipVersion === 4) {
      const s = d.src[0]! | 0;
      const r = d.dst[0]! | 0;
      const sp = d.srcPort;
      const rp = d.dstPort;
      // The client's side first, as `matches` (a connection from an endpoint to itself is from its client).
      const fromClient = s === this.lastClientAddr && sp === this.lastClientPort && r === this.lastServerAddr && rp === this.lastServerPort;
      if (fromClient || (r === this.lastClientAddr && rp === this.lastClientPort && s === this.lastServerAddr && sp === this.lastServerPort)) {
        const p = placeIn(wherePages, last);
        // Out of memory: the lookup below reads it back.
        if (p >= 0) {
          this.fromClient = fromClient;
          this.foundPlace = p;
          this.slot = this.lastSlot;
          this.hash = this.lastHash;
          return last;
        }
      }
    }
    this.lookups++;
    const idx = this.lookup(d, wherePages, objects, thaw);
    this.remember(d, idx);
    return idx;
  }

  /** `find` by the hash: the slots from the packet's home slot on, then ColdKeys. */
  private lookup(d: Dissection, wherePages: readonly Int32Array[], objects: readonly Connection[], thaw: (stream: number) => Connection): number {
    const hash = tupleHash(this.key, d);
    this.hash = hash;
    const mask = this.slots.length - 1;
    const home = hash & mask;
    let i = home;
    for (;;) {
      const idx = this.slots[i]!;
      if (idx === Slot.EMPTY) break;
      if (this.hashes[i] === hash) {
        const p = placeIn(wherePages, idx);
        const c = p >= 0 ? objects[p]! : thaw(idx);
        if (this.matches(c, d)) {
          this.slot = i === home ? i : this.moveHome(i, home);
          this.foundPlace = p >= 0 ? p : placeIn(wherePages, idx);
          return idx;
        }
      }
      i = (i + 1) & mask;
      this.probes++;
    }
    this.slot = i;
    return this.coldKeys === null ? Slot.EMPTY : this.findCold(d, wherePages, objects, thaw);
  }

  /**
   * After a lookup: the packet's 4-tuple for the next `find`, from the client's side when the
   * connection `idx` was found (else as sent: `insert` turns it).
   */
  private remember(d: Dissection, idx: number): void {
    this.lastStream = idx;
    this.lastSlot = this.slot;
    this.lastHash = this.hash;
    if (d.ipVersion !== 4) {
      this.lastClientPort = this.lastServerPort = -1;
      return;
    }
    const senderIsClient = idx < 0 || this.fromClient;
    const s = d.src[0]! | 0;
    const r = d.dst[0]! | 0;
    this.lastClientAddr = senderIsClient ? s : r;
    this.lastServerAddr = senderIsClient ? r : s;
    this.lastClientPort = senderIsClient ? d.srcPort : d.dstPort;
    this.lastServerPort = senderIsClient ? d.dstPort : d.srcPort;
  }

  /** The remembered 4-tuple from the other side: its client is now its server. */
  private turnRemembered(): void {
    const addr = this.lastClientAddr;
    const port = this.lastClientPort;
    this.lastClientAddr = this.lastServerAddr;
    this.lastClientPort = this.lastServerPort;
    this.lastServerAddr = addr;
    this.lastServerPort = port;
  }

  /**
   * The entry found at slot `i` trades places with the one at its home slot, where its next packets
   * find it at the first probe; returns `home`. Without this the connections with packets (the
   * newest) sit at the far end of their runs, behind the closed ones: the bench capture took 1.28
   * extra probes a packet. The entry moved out of `home` stays reachable: its own home is at or
   * before `home`, and every slot from there to `i` is taken (`find` just walked them; nothing is
   * ever deleted from a run).
   */
  private moveHome(i: number, home: number): number {
    const { slots, hashes, stored } = this;
    const idx = slots[i]!;
    const hash = hashes[i]!;
    slots[i] = slots[home]!;
    hashes[i] = hashes[home]!;
    slots[home] = idx;
    hashes[home] = hash;
    if (stored !== null) {
      const s = stored[i]!;
      stored[i] = stored[home]!;
      stored[home] = s;
    }
    return home;
  }

  /**
   * After a `find` that returned −1: the packet's 4-tuple now leads to connection `idx`, whose
   * client sent the packet when `fromClient`.
   */
  insert(idx: number, fromClient: boolean): void {
    this.slots[this.slot] = idx;
    this.hashes[this.slot] = this.hash;
    if (this.stored !== null) this.stored[this.slot] = 0;
    if (fromClient === false) this.turnRemembered();
    this.lastStream = idx;
    if (++this.used > this.slots.length * MAX_LOAD) this.makeRoom();
  }

  /** After a `find` that found one: the 4-tuple now leads to a newer connection `idx`, whose client sent the packet. */
  replace(idx: number): void {
    this.slots[this.slot] = idx;
    if (this.stored !== null) this.stored[this.slot] = 0;
    if (this.fromClient === false) this.turnRemembered();
    this.lastStream = idx;
  }

  private matches(c: Connection, d: Dissection): boolean {
    const way = c.directionOf(d.ipVersion, d.src, d.srcPort, d.dst, d.dstPort);
    if (way < 0) return false;
    this.fromClient = way === 1;
    return true;
  }

  /**
   * After the table in memory missed: the latest connection on the packet's 4-tuple among those
   * in ColdKeys, put back into the table in memory (at `slot`, where `find` stopped) so that the
   * packets after it find it there.
   */
  private findCold(d: Dissection, wherePages: readonly Int32Array[], objects: readonly Connection[], thaw: (stream: number) => Connection): number {
    const keys = this.coldKeys!;
    const n = keys.lookup(this.hash);
    // Streams are numbered in order, so the latest connection on a 4-tuple has the highest.
    const candidates = keys.found.subarray(0, n).sort().reverse();
    for (const idx of candidates) {
      const p = placeIn(wherePages, idx);
      const c = p >= 0 ? objects[p]! : thaw(idx);
      if (!this.matches(c, d)) continue;
      this.foundPlace = placeIn(wherePages, idx);
      this.slots[this.slot] = idx;
      this.hashes[this.slot] = this.hash;
      this.stored![this.slot] = 1;
      if (++this.used > this.slots.length * MAX_LOAD) {
        this.makeRoom();
        // For a `replace` after this find: where the entry is now.
        const mask = this.slots.length - 1;
        this.slot = this.hash & mask;
        while (this.slots[this.slot] !== idx) this.slot = (this.slot + 1) & mask;
      }
      return idx;
    }
    return Slot.EMPTY;
  }

  /** The table is too full for short probe chains: cold entries out to ColdKeys, or more slots. */
  private makeRoom(): void {
    // Entries move: the remembered slot would be wrong.
    this.lastStream = -1;
    const spill = this.spill;
    if (spill !== null && this.slots.length >= spill.maxSlots) {
      this.spillCold(spill);
      if (this.used <= this.slots.length * MAX_LOAD / 2) return;
    }
    this.rehash(this.slots.length * 2);
  }

  /**
   * Moves the entries of cold connections to ColdKeys, in place: they are gathered at the front of
   * the table's own arrays and handed over from there; the few of connections in memory are set
   * aside and put back. (A second table and a scratch copy of the entries were 17 MB more.)
   */
  private spillCold(spill: TableSpill): void {
    const { slots, hashes } = this;
    const stored = (this.stored ??= new Uint8Array(slots.length));
    const kept: number[] = [];
    let n = 0;
    for (let j = 0; j < slots.length; j++) {
      const idx = slots[j]!;
      if (idx === Slot.EMPTY) continue;
      if (!spill.isCold(idx)) {
        kept.push(idx, hashes[j]!, stored[j]!);
      } else if (stored[j] === 0) {
        // n ≤ j: only places already read are written.
        slots[n] = idx;
        hashes[n++] = hashes[j]!;
      }
    }
    (this.coldKeys ??= spill.keys()).addAll(hashes, slots, n);
    slots.fill(Slot.EMPTY);
    stored.fill(0);
    const mask = slots.length - 1;
    for (let k = 0; k < kept.length; k += 3) {
      let i = kept[k + 1]! & mask;
      while (slots[i] !== Slot.EMPTY) i = (i + 1) & mask;
      slots[i] = kept[k]!;
      hashes[i] = kept[k + 1]!;
      stored[i] = kept[k + 2]!;
    }
    this.used = kept.length / 3;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(Slot.EMPTY);
    const hashes = new Int32Array(size);
    const stored = this.stored === null ? null : new Uint8Array(size);
    const mask = size - 1;
    for (let j = 0; j < this.slots.length; j++) {
      const idx = this.slots[j]!;
      if (idx === Slot.EMPTY) continue;
      let i = this.hashes[j]! & mask;
      while (slots[i] !== Slot.EMPTY) i = (i + 1) & mask;
      slots[i] = idx;
      hashes[i] = this.hashes[j]!;
      if (stored !== null) stored[i] = this.stored![j]!;
    }
    this.slots = slots;
    this.hashes = hashes;
    this.stored = stored;
  }
}
