/**
 * Writes builder segments as a classic pcap (Ethernet, IPv4 or IPv6, TCP with the window scale
 * option when given, payload of 'x' bytes), so that tshark can be asked about the same packets.
 */
import type { Endpoints, Segment } from './tcp-builder';
import { flagBits, START_SEC } from './tcp-builder';

function checksum(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function frame(seg: Segment, ep: Endpoints): Uint8Array {
  const fromClient = seg.from === 'c';
  const opts = seg.ws !== undefined ? [3, 3, seg.ws, 1] : [];
  const tcpLen = 20 + opts.length + seg.len;
  const ipLen = ep.ipVersion === 4 ? 20 : 40;
  const b = new Uint8Array(14 + ipLen + tcpLen);
  const v = new DataView(b.buffer);
  b.set([0, 1, 2, 3, 4, fromClient ? 5 : 6, 0, 1, 2, 3, 4, fromClient ? 6 : 5], 0);
  v.setUint16(12, ep.ipVersion === 4 ? 0x0800 : 0x86dd);
  const src = fromClient ? ep.clientAddr : ep.serverAddr;
  const dst = fromClient ? ep.serverAddr : ep.clientAddr;
  let o = 14;
  if (ep.ipVersion === 4) {
    v.setUint8(o, 0x45);
    v.setUint16(o + 2, ipLen + tcpLen);
    v.setUint8(o + 8, 64);
    v.setUint8(o + 9, 6);
    v.setUint32(o + 12, src[0]!);
    v.setUint32(o + 16, dst[0]!);
    v.setUint16(o + 10, checksum(b.subarray(o, o + 20)));
  } else {
    v.setUint32(o, 0x60000000);
    v.setUint16(o + 4, tcpLen);
    v.setUint8(o + 6, 6);
    v.setUint8(o + 7, 64);
    for (let i = 0; i < 4; i++) {
      v.setUint32(o + 8 + 4 * i, src[i]!);
      v.setUint32(o + 24 + 4 * i, dst[i]!);
    }
  }
  o += ipLen;
  v.setUint16(o, fromClient ? ep.clientPort : ep.serverPort);
  v.setUint16(o + 2, fromClient ? ep.serverPort : ep.clientPort);
  v.setUint32(o + 4, seg.seq >>> 0);
  v.setUint32(o + 8, seg.ack >>> 0);
  v.setUint16(o + 12, (((20 + opts.length) / 4) << 12) | flagBits(seg.flags));
  v.setUint16(o + 14, seg.win);
  b.set(opts, o + 20);
  b.fill(0x78, o + 20 + opts.length);
  return b;
}

/** The segments, each between its endpoints, as pcap file bytes (microsecond timestamps from START_SEC). */
export function pcapBytes(packets: readonly { segment: Segment; endpoints: Endpoints }[]): Uint8Array {
  const segments = packets.map((p) => p.segment);
  const frames = packets.map((p) => frame(p.segment, p.endpoints));
  const out = new Uint8Array(24 + frames.reduce((n, f) => n + 16 + f.length, 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, 1, true);
  let o = 24;
  segments.forEach((s, i) => {
    const f = frames[i]!;
    const whole = Math.floor(s.t);
    v.setUint32(o, START_SEC + whole, true);
    v.setUint32(o + 4, Math.round((s.t - whole) * 1e6), true);
    v.setUint32(o + 8, f.length, true);
    v.setUint32(o + 12, f.length, true);
    out.set(f, o + 16);
    o += 16 + f.length;
  });
  return out;
}
