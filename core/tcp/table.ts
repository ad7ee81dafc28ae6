/**
 * The connection table: 4-tuple → the latest connection on it, by a numeric hash that is the same
 * in both directions. Open addressing over typed arrays; no strings or objects per packet.
 * Like Wireshark's conversations, the key is addresses and ports only (not VLAN, not interface).
 */
import type { Dissection } from '../decode/dissection';
import type { Connection } from './connection';

const EMPTY = -1;
/** Grow when more than this share of slots is taken, to keep probe chains short. */
const MAX_LOAD = 0.6;
const INITIAL_SLOTS = 1024;

/**
 * FNV-1a over one endpoint's address words, version and port, mixed. Kept in int32 throughout:
 * a uint32 (`>>> 0`) above 2^31 returned from a call is a heap number, one allocation per
 * packet and direction.
 */
function endpointHash(version: number, addr: Uint32Array, port: number): number {
  let h = 0x811c9dc5 | 0;
  h = Math.imul(h ^ addr[0]!, 0x01000193);
  h = Math.imul(h ^ addr[1]!, 0x01000193);
  h = Math.imul(h ^ addr[2]!, 0x01000193);
  h = Math.imul(h ^ addr[3]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return Math.imul(h ^ ((version << 16) | port), 0x01000193);
}

export class ConnectionTable {
  private slots = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private used = 0;
  /** Set by `find`: the packet goes from the connection's client to its server. */
  fromClient = false;
  /** Set by `find`: the packet's hash and the slot where it was found (or where it would go). */
  private hash = 0;
  private slot = 0;

  constructor() {
    // V8 takes a field that was never reassigned for a constant and builds the tracker's optimised
    // code on it; the first grow() then threw that code away in the middle of warm-up (track and
    // find were optimised three times instead of two). Reassigned once here, before any of that
    // code exists, these fields are variables from the start.
    this.slots = this.slots.slice();
    this.hashes = this.hashes.slice();
  }

  /**
   * Stream of the latest connection on the packet's 4-tuple, or −1. A stream's connection is
   * `objects[where[stream]]`, or out of memory when `where` says −1 (see TcpTracker's `cold`):
   * `thaw` brings it back to compare it. (Arrays rather than one callback: that call, on every
   * packet, cost 1–2% of the bench capture's time.)
   */
  find(d: Dissection, where: Int32Array, objects: readonly Connection[], thaw: (stream: number) => Connection): number {
    // XOR: the same in both directions. int32 (see endpointHash).
    const h = endpointHash(d.ipVersion, d.src, d.srcPort) ^ endpointHash(d.ipVersion, d.dst, d.dstPort);
    const mixed = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    this.hash = mixed;
    const mask = this.slots.length - 1;
    let i = mixed & mask;
    for (;;) {
      const idx = this.slots[i]!;
      if (idx === EMPTY) break;
      if (this.hashes[i] === mixed) {
        const p = where[idx]!;
        if (this.matches(p >= 0 ? objects[p]! : thaw(idx), d)) {
          this.slot = i;
          return idx;
        }
      }
      i = (i + 1) & mask;
    }
    this.slot = i;
    return EMPTY;
  }

  /** After a `find` that returned −1: the packet's 4-tuple now leads to connection `idx`. */
  insert(idx: number): void {
    this.slots[this.slot] = idx;
    this.hashes[this.slot] = this.hash;
    if (++this.used > this.slots.length * MAX_LOAD) this.grow();
  }

  /** After a `find` that found one: the 4-tuple now leads to a newer connection `idx`. */
  replace(idx: number): void {
    this.slots[this.slot] = idx;
  }

  private matches(c: Connection, d: Dissection): boolean {
    if (c.ipVersion !== d.ipVersion) return false;
    if (c.clientPort === d.srcPort && c.serverPort === d.dstPort && c.isAddress(true, d.src) && c.isAddress(false, d.dst)) {
      this.fromClient = true;
      return true;
    }
    if (c.serverPort === d.srcPort && c.clientPort === d.dstPort && c.isAddress(false, d.src) && c.isAddress(true, d.dst)) {
      this.fromClient = false;
      return true;
    }
    return false;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let j = 0; j < this.slots.length; j++) {
      const idx = this.slots[j]!;
      if (idx === EMPTY) continue;
      let i = this.hashes[j]! & mask;
      while (slots[i] !== EMPTY) i = (i + 1) & mask;
      slots[i] = idx;
      hashes[i] = this.hashes[j]!;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}
