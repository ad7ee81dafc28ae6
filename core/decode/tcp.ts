/** The TCP header and its options (RFC 9293, 7323, 2018, 7413). */
import { MAX_OPTION_KINDS, MAX_SACK_BLOCKS, Proto, type Dissection } from './dissection';
import { malformed, short } from './bounds';
import { TcpOption, TFO_EXPERIMENT_MAGIC } from './numbers';
import { PORTS_LEN, TCP, TLV } from './layout';

export const TCP_MIN_HEADER = TCP.LEN;
/**
 * The numbers the decoder masks and measures with, as an enum so that esbuild writes each use as a
 * number (see layout.ts). WORD: the data offset counts 32-bit words. ALIGNED_TIMESTAMPS: NOP, NOP,
 * kind 8, length 10, the aligned timestamps prefix, and ALIGNED_TIMESTAMPS_LEN the 12 bytes it
 * takes with its values. TFO_EXP_HEADER: TFO under the experimental kind is kind, length, the
 * 2-byte magic, then the cookie (none for a request).
 */
/* eslint-disable @typescript-eslint/no-duplicate-enum-values -- a word and two lengths are each 4 */
enum Tcp {
  FLAGS_MASK = 0x0fff, WORD = 4, LEN_MSS = 4, LEN_WINDOW_SCALE = 3, LEN_SACK_PERMITTED = 2, LEN_TIMESTAMPS = 10, SACK_BLOCK = 8,
  ALIGNED_TIMESTAMPS = 0x0101080a, ALIGNED_TIMESTAMPS_LEN = 12, TFO_EXP_HEADER = 4,
}
/* eslint-enable @typescript-eslint/no-duplicate-enum-values */

export function decodeTcp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  // A header cut after the ports still names the conversation (as in Wireshark).
  if (pos + PORTS_LEN <= readEnd) {
    out.srcPort = v.getUint16(pos + TCP.SPORT);
    out.dstPort = v.getUint16(pos + TCP.DPORT);
  }
  if (pos + TCP_MIN_HEADER > readEnd) return short(out, 'tcp', 'TCP header', TCP_MIN_HEADER, pos, capEnd, wireEnd);
  out.proto = Proto.TCP;
  out.seq = v.getUint32(pos + TCP.SEQ);
  out.ack = v.getUint32(pos + TCP.ACK);
  const offFlags = v.getUint16(pos + TCP.OFF_FLAGS);
  const hlen = (offFlags >> 12) * Tcp.WORD;
  out.tcpHeaderLen = hlen;
  out.tcpFlags = offFlags & Tcp.FLAGS_MASK;
  out.window = v.getUint16(pos + TCP.WINDOW);
  out.checksum = v.getUint16(pos + TCP.CHECKSUM);
  out.urgentPointer = v.getUint16(pos + TCP.URGENT);
  const segLen = wireEnd - pos;
  if (hlen < TCP_MIN_HEADER) {
    // Wireshark keeps the segment (and its stream) and counts tcp.len from the stated offset.
    out.payloadLen = Math.max(0, segLen - hlen);
    return malformed(out, 'tcp', `data offset ${hlen} bytes, below the 20-byte minimum`);
  }
  if (hlen > segLen) {
    // A "short segment": the IP payload cannot hold the header it announces.
    out.payloadLen = 0;
    return malformed(out, 'tcp', `header length ${hlen} bytes, but the segment holds ${segLen}`);
  }
  out.payloadLen = segLen - hlen;
  out.payloadOffset = pos + hlen - base;
  if (hlen > TCP_MIN_HEADER) decodeOptions(v, pos + TCP_MIN_HEADER, pos + hlen, capEnd, out);
}

/**
 * Most segments of a connection carry exactly NOP, NOP, Timestamps (RFC 7323 Appendix A's layout,
 * which Linux and BSD send): one 32-bit compare instead of the option loop. When the options
 * between `p` and `end` (captured) are those, fills them in and returns true.
 */
export function readAlignedTimestamps(v: DataView, p: number, end: number, out: Dissection): boolean {
  if (end - p !== Tcp.ALIGNED_TIMESTAMPS_LEN || v.getUint32(p) !== Tcp.ALIGNED_TIMESTAMPS) return false;
  const kinds = out.optionKinds;
  kinds[0] = TcpOption.NOP;
  kinds[1] = TcpOption.NOP;
  kinds[2] = TcpOption.TIMESTAMPS;
  out.optionCount = 3;
  out.hasTimestamps = true;
  out.tsVal = v.getUint32(p + 4);
  out.tsEcr = v.getUint32(p + 8);
  return true;
}

function decodeOptions(v: DataView, p: number, end: number, capEnd: number, out: Dissection): void {
  if (end <= capEnd && readAlignedTimestamps(v, p, end, out)) return;
  // Options are read as far as they were captured; a cut is reported once the loop stops.
  const readEnd = Math.min(end, capEnd);
  while (p < readEnd) {
    const kind = v.getUint8(p + TLV.KIND);
    if (out.optionCount < MAX_OPTION_KINDS) out.optionKinds[out.optionCount] = kind;
    out.optionCount++;
    if (kind === TcpOption.EOL) return;
    if (kind === TcpOption.NOP) { p++; continue; }
    if (p + TLV.DATA > readEnd) break;
    const len = v.getUint8(p + TLV.LEN);
    if (len < TLV.DATA) return malformed(out, 'tcp', `option ${kind}: length ${len} is below 2`);
    if (p + len > end) return malformed(out, 'tcp', `option ${kind}: length ${len} runs ${p + len - end} bytes past the header`);
    if (p + len > readEnd) break;
    decodeOption(v, p, kind, len, out);
    p += len;
  }
  // The header fits the wire (checked by the caller), so a cut here is the snaplen's; it outranks
  // an earlier bad option length, as the frame list shows the cut (Wireshark does the same).
  if (p < end) {
    const have = Math.max(0, readEnd - p);
    const earlier = out.problem ? ` (and ${out.problem.message})` : '';
    out.problem = { kind: 'truncated', layer: 'tcp', message: `TCP options need ${end - p} more bytes, ${have} captured${earlier}`, need: end - p, have };
  }
}

/** One option whose kind and length were read and fit the header (the fast path shares it). */
export function decodeOption(v: DataView, p: number, kind: number, len: number, out: Dissection): void {
  switch (kind) {
    case TcpOption.MSS:
      if (len !== Tcp.LEN_MSS) return wrongLength(out, 'MSS', len, Tcp.LEN_MSS);
      out.mss = v.getUint16(p + TLV.DATA);
      return;
    case TcpOption.WINDOW_SCALE:
      if (len !== Tcp.LEN_WINDOW_SCALE) return wrongLength(out, 'window scale', len, Tcp.LEN_WINDOW_SCALE);
      out.windowScale = v.getUint8(p + TLV.DATA);
      return;
    case TcpOption.SACK_PERMITTED:
      if (len !== Tcp.LEN_SACK_PERMITTED) return wrongLength(out, 'SACK permitted', len, Tcp.LEN_SACK_PERMITTED);
      out.sackPermitted = true;
      return;
    case TcpOption.SACK: {
      if ((len - TLV.DATA) % Tcp.SACK_BLOCK !== 0) return malformed(out, 'tcp', `SACK option: length ${len} is not 2 + 8n`);
      const n = Math.min((len - TLV.DATA) / Tcp.SACK_BLOCK, MAX_SACK_BLOCKS);
      for (let i = 0; i < n; i++) {
        out.sack[2 * i] = v.getUint32(p + TLV.DATA + i * Tcp.SACK_BLOCK);
        out.sack[2 * i + 1] = v.getUint32(p + TLV.DATA + 4 + i * Tcp.SACK_BLOCK);
      }
      out.sackCount = n;
      return;
    }
    case TcpOption.TIMESTAMPS:
      if (len !== Tcp.LEN_TIMESTAMPS) return wrongLength(out, 'timestamps', len, Tcp.LEN_TIMESTAMPS);
      out.hasTimestamps = true;
      out.tsVal = v.getUint32(p + TLV.DATA);
      out.tsEcr = v.getUint32(p + TLV.DATA + 4);
      return;
    case TcpOption.FAST_OPEN:
      out.tfoCookieLen = len - TLV.DATA;
      return;
    case TcpOption.EXPERIMENT_2:
      if (len >= Tcp.TFO_EXP_HEADER && v.getUint16(p + TLV.DATA) === TFO_EXPERIMENT_MAGIC) out.tfoCookieLen = len - Tcp.TFO_EXP_HEADER;
      return;
  }
}

function wrongLength(out: Dissection, name: string, len: number, expected: number): void {
  malformed(out, 'tcp', `${name} option: length ${len}, should be ${expected}`);
}
