/**
 * Packet builders and record wrappers for the decoder tests: headers are built field by field
 * (lengths computed, overridable to make them wrong), and a record puts the packet at an odd
 * offset of a buffer that ends exactly where the captured bytes end, so that reading one byte
 * past capLen throws.
 */
import type { PacketRecord } from '../../core/formats/record';

export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** Bytes before the packet in its chunk: odd, so that an offset mistake shows. */
const LEAD = 7;

/** A record whose captured bytes are the first `capLen` of `packet` (all of it by default), `origLen` on the wire. */
export function recordOf(packet: Uint8Array, linkType: number, opts: { capLen?: number; origLen?: number } = {}): PacketRecord {
  const capLen = opts.capLen ?? packet.length;
  const chunk = new Uint8Array(LEAD + capLen).fill(0xee);
  chunk.set(packet.subarray(0, capLen), LEAD);
  return {
    bytes: chunk,
    view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    offset: LEAD,
    capLen,
    origLen: opts.origLen ?? packet.length,
    fileOffset: 0,
    tsSec: 0,
    tsNsec: 0,
    linkType,
    interfaceId: 0,
    comments: null,
  };
}

export const MAC_A = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
export const MAC_B = [0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb];

export function ethernet(etherType: number, payload: Uint8Array, tags: { tpid: number; vid: number }[] = []): Uint8Array {
  return concat(MAC_B, MAC_A, ...tags.map((t) => [...u16(t.tpid), ...u16(t.vid)]), u16(etherType), payload);
}

export interface Ipv4Opts {
  proto: number;
  src?: number;
  dst?: number;
  ttl?: number;
  /** Total length field; computed when absent. */
  total?: number;
  /** Flags and fragment offset field (DF, MF, offset in 8-byte units). */
  fragment?: number;
  options?: number[];
  /** Header length in 4-byte words; computed when absent. */
  ihlWords?: number;
  id?: number;
  tos?: number;
}

export function ipv4(o: Ipv4Opts, payload: Uint8Array): Uint8Array {
  const options = o.options ?? [];
  const ihl = o.ihlWords ?? 5 + options.length / 4;
  const total = o.total ?? 20 + options.length + payload.length;
  return concat(
    [0x40 | ihl, o.tos ?? 0], u16(total), u16(o.id ?? 1), u16(o.fragment ?? 0x4000), [o.ttl ?? 64, o.proto], [0, 0],
    u32(o.src ?? 0x0a000001), u32(o.dst ?? 0x0a000002), options, payload,
  );
}

export const V6_A = [0x20010db8, 0, 0, 1];
export const V6_B = [0x20010db8, 0, 0, 2];

export function ipv6(o: { next: number; src?: number[]; dst?: number[]; hopLimit?: number; payloadLength?: number }, payload: Uint8Array): Uint8Array {
  return concat(
    [0x60, 0, 0, 0], u16(o.payloadLength ?? payload.length), [o.next, o.hopLimit ?? 64],
    ...(o.src ?? V6_A).map(u32), ...(o.dst ?? V6_B).map(u32), payload,
  );
}

/** A generic IPv6 extension header (hop-by-hop, routing, destination options) padded to 8-byte units. */
export function ext6(next: number, body: number[]): Uint8Array {
  const len = Math.ceil((body.length + 2) / 8) * 8;
  const out = new Uint8Array(len);
  out[0] = next;
  out[1] = len / 8 - 1;
  out.set(body, 2);
  return out;
}

export interface TcpOpts {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  urgent?: number;
  checksum?: number;
  options?: number[];
  /** Data offset in 4-byte words; computed when absent. */
  offsetWords?: number;
}

export function tcp(o: TcpOpts, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const options = o.options ?? [];
  const words = o.offsetWords ?? 5 + Math.ceil(options.length / 4);
  const padded = concat(options, new Array((4 - (options.length % 4)) % 4).fill(0));
  const flags = o.flags ?? 0x002;
  return concat(
    u16(o.sport ?? 51000), u16(o.dport ?? 80), u32(o.seq ?? 1000), u32(o.ack ?? 0),
    [(words << 4) | ((flags >> 8) & 0x0f), flags & 0xff], u16(o.window ?? 64240), u16(o.checksum ?? 0), u16(o.urgent ?? 0),
    padded, payload,
  );
}

export function udp(sport: number, dport: number, payload: Uint8Array, length = 8 + payload.length): Uint8Array {
  return concat(u16(sport), u16(dport), u16(length), [0, 0], payload);
}

export const bytesOf = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);
