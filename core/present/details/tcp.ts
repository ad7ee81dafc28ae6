/** Details of the TCP header, its options, and what the tracker concluded about the segment. */
import { TcpFlag } from '../../decode/dissection';
import { TcpOption, TFO_EXPERIMENT_MAGIC } from '../../decode/numbers';
import { PORTS_LEN, TCP, TLV } from '../../decode/layout';
import { analysisBit, type AnalysisFlag } from '../../tcp/vocabulary';
import { formatTcpFlagsWireshark, tcpFlagsSummary } from '../flags';
import { bits, hex, node, setNot, type DetailNode, type Walk } from './tree';

const FLAG_LINES: readonly (readonly [number, string, string])[] = [
  [0xe00, 'Reserved', 'tcp.flags.res'], [TcpFlag.AE, 'Accurate ECN', 'tcp.flags.ae'], [TcpFlag.CWR, 'Congestion Window Reduced', 'tcp.flags.cwr'],
  [TcpFlag.ECE, 'ECN-Echo', 'tcp.flags.ece'], [TcpFlag.URG, 'Urgent', 'tcp.flags.urg'], [TcpFlag.ACK, 'Acknowledgment', 'tcp.flags.ack'],
  [TcpFlag.PSH, 'Push', 'tcp.flags.push'], [TcpFlag.RST, 'Reset', 'tcp.flags.reset'], [TcpFlag.SYN, 'Syn', 'tcp.flags.syn'],
  [TcpFlag.FIN, 'Fin', 'tcp.flags.fin'],
];

/** Wireshark's expert texts for the analysis flags, in the order its tree lists them. */
const ANALYSIS_TEXT: readonly (readonly [AnalysisFlag, string])[] = [
  ['reused_ports', 'A new tcp session is started with the same ports as an earlier session in this trace'],
  ['retransmission', 'This frame is a (suspected) retransmission'],
  ['fast_retransmission', 'This frame is a (suspected) fast retransmission'],
  ['spurious_retransmission', 'This frame is a (suspected) spurious retransmission'],
  ['out_of_order', 'This frame is a (suspected) out-of-order segment'],
  ['lost_segment', 'Previous segment(s) not captured (common at capture start)'],
  ['ack_lost_segment', 'ACKed segment that wasn\'t captured (common at capture start)'],
  ['window_update', 'TCP window update'],
  ['window_full', 'TCP window specified by the receiver is now completely full'],
  ['keep_alive', 'TCP keep-alive segment'],
  ['keep_alive_ack', 'ACK to a TCP keep-alive segment'],
  ['duplicate_ack', 'Duplicate ACK'],
  ['zero_window_probe', 'TCP Zero Window Probe'],
  ['zero_window', 'TCP Zero Window segment'],
];

const OPTION_NAMES: Record<number, [string, string]> = {
  [TcpOption.EOL]: ['End of Option List (EOL)', 'End of Option List'],
  [TcpOption.NOP]: ['No-Operation (NOP)', 'No-Operation'],
  [TcpOption.MSS]: ['Maximum segment size', 'Maximum Segment Size'],
  [TcpOption.WINDOW_SCALE]: ['Window scale', 'Window Scale'],
  [TcpOption.SACK_PERMITTED]: ['SACK permitted', 'SACK Permitted'],
  [TcpOption.SACK]: ['SACK', 'SACK'],
  [TcpOption.TIMESTAMPS]: ['Timestamps', 'Time Stamp Option'],
  [TcpOption.MD5]: ['TCP MD5 signature', 'TCP MD5 Signature Option'],
  [TcpOption.USER_TIMEOUT]: ['User Timeout', 'User Timeout'],
  [TcpOption.AUTH]: ['TCP Authentication Option', 'TCP Authentication Option'],
  [TcpOption.MPTCP]: ['Multipath TCP', 'Multipath TCP'],
  [TcpOption.FAST_OPEN]: ['TCP Fast Open', 'TCP Fast Open Cookie'],
  [TcpOption.EXPERIMENT_1]: ['Experimental', 'RFC3692-style Experiment 1'],
  [TcpOption.EXPERIMENT_2]: ['Experimental', 'RFC3692-style Experiment 2'],
};
const FIXED_LENGTH: Record<number, number> = { [TcpOption.MSS]: 4, [TcpOption.WINDOW_SCALE]: 3, [TcpOption.SACK_PERMITTED]: 2, [TcpOption.TIMESTAMPS]: 10 };
/** The experiment id that follows kind and length in options 253 and 254. */
const MAGIC_LEN = 2;
/** RFC 7323 §2.3: shifts above 14 are treated as 14. */
const MAX_WINDOW_SHIFT = 14;

export function describeTcp(w: Walk, p: number, end: number): void {
  const readEnd = Math.min(end, w.cap);
  if (p + PORTS_LEN > readEnd) return;
  const sport = w.u16(p + TCP.SPORT);
  const dport = w.u16(p + TCP.DPORT);
  const ports = [node(`Source Port: ${sport}`, p + TCP.SPORT, 2, 'tcp.srcport'), node(`Destination Port: ${dport}`, p + TCP.DPORT, 2, 'tcp.dstport')];
  if (p + TCP.LEN > readEnd) {
    w.out.push(node(`Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`, p, readEnd - p, 'tcp', ports));
    return;
  }
  const facts = w.ctx.facts?.stream !== undefined && w.ctx.facts.stream >= 0 ? w.ctx.facts : null;
  const seq = w.u32(p + TCP.SEQ);
  const ack = w.u32(p + TCP.ACK);
  const offFlags = w.u16(p + TCP.OFF_FLAGS);
  const hlen = (offFlags >> 12) * 4;
  const flags = offFlags & 0x0fff;
  const window = w.u16(p + TCP.WINDOW);
  const segLen = end - p;
  const len = hlen >= 20 && hlen <= segLen ? segLen - hlen : hlen < 20 ? Math.max(0, segLen - hlen) : 0;
  const hasAck = (flags & TcpFlag.ACK) !== 0;
  const relSeq = facts ? facts.relSeq : seq;
  const relAck = facts ? facts.relAck : ack;
  const kids: DetailNode[] = [...ports];
  if (facts) kids.push(node(`[Stream index: ${facts.stream}]`, p, 0, 'tcp.stream'));
  kids.push(node(`[TCP Segment Len: ${len}]`, p, 0, 'tcp.len'));
  kids.push(node(`Sequence Number: ${relSeq}${facts ? '    (relative sequence number)' : ''}`, p + TCP.SEQ, 4, 'tcp.seq'));
  kids.push(node(`Sequence Number (raw): ${seq}`, p + TCP.SEQ, 4, 'tcp.seq_raw'));
  if (len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) {
    const next = (relSeq + len + (flags & TcpFlag.SYN ? 1 : 0) + (flags & TcpFlag.FIN ? 1 : 0)) >>> 0;
    kids.push(node(`[Next Sequence Number: ${next}${facts ? '    (relative sequence number)' : ''}]`, p + TCP.SEQ, 0, 'tcp.nxtseq'));
  }
  kids.push(node(`Acknowledgment Number: ${hasAck ? relAck : ack}${hasAck && facts ? '    (relative ack number)' : ''}`, p + TCP.ACK, 4, 'tcp.ack'));
  kids.push(node(`Acknowledgment number (raw): ${ack}`, p + TCP.ACK, 4, 'tcp.ack_raw'));
  kids.push(node(`${bits(offFlags >> 8, 0xf0, 8)} = Header Length: ${hlen} bytes (${offFlags >> 12})`, p + TCP.OFF_FLAGS, 1, 'tcp.hdr_len'));
  kids.push(node(`Flags: 0x${hex(flags, 3)} (${formatTcpFlagsWireshark(flags)})`, p + TCP.OFF_FLAGS, 2, 'tcp.flags', [
    ...FLAG_LINES.map(([mask, name, field]) => node(`${bits(flags, mask, 12)} = ${name}: ${setNot((flags & mask) !== 0)}`, p + TCP.OFF_FLAGS, 2, field)),
    node(`[TCP Flags: ${tcpFlagsSummary(flags)}]`, p + TCP.OFF_FLAGS, 2, 'tcp.flags.str'),
  ]));
  kids.push(node(`Window: ${window}`, p + TCP.WINDOW, 2, 'tcp.window_size_value'));
  const scaled = facts && facts.windowSize >= 0 ? facts.windowSize : window;
  kids.push(node(`[Calculated window size: ${scaled}]`, p + TCP.WINDOW, 2, 'tcp.window_size'));
  const factor = w.ctx.windowScaleFactor;
  if (factor !== undefined) {
    const text = factor === -1 ? '-1 (unknown)' : factor === -2 ? '-2 (no window scaling used)' : `${factor}`;
    kids.push(node(`[Window size scaling factor: ${text}]`, p + TCP.WINDOW, 2, 'tcp.window_size_scalefactor'));
  }
  kids.push(node(`Checksum: 0x${hex(w.u16(p + TCP.CHECKSUM), 4)} [unverified]`, p + TCP.CHECKSUM, 2, 'tcp.checksum'));
  kids.push(node(`Urgent Pointer: ${w.u16(p + TCP.URGENT)}`, p + TCP.URGENT, 2, 'tcp.urgent_pointer'));
  if (hlen < 20) kids.push(node(`[Bogus TCP header length (${hlen}, must be at least 20)]`, p + TCP.OFF_FLAGS, 1, 'tcp.hdr_len'));
  if (hlen > 20) kids.push(options(w, p + TCP.LEN, p + Math.min(hlen, Math.max(TCP.LEN, segLen)), readEnd, facts ? (ack - relAck) >>> 0 : 0));
  const analysis = analysisNode(w, p, facts);
  if (analysis) kids.push(analysis);
  const payloadAt = p + hlen;
  const captured = Math.min(readEnd, end) - payloadAt;
  if (hlen >= 20 && len > 0 && captured > 0) kids.push(node(`TCP payload (${captured} bytes)`, payloadAt, captured, 'tcp.payload'));
  const title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${relSeq}${hasAck ? `, Ack: ${relAck}` : ''}, Len: ${len}`;
  w.out.push(node(title, p, Math.min(Math.max(hlen, 20), readEnd - p), 'tcp', kids));
}

function options(w: Walk, p: number, end: number, readEnd: number, peerBase: number): DetailNode {
  const start = p;
  const items: DetailNode[] = [];
  const names: string[] = [];
  const stop = Math.min(end, readEnd);
  while (p < stop) {
    const kind = w.u8(p);
    const [short, long] = OPTION_NAMES[kind] ?? ['Unknown', 'Unknown'];
    names.push(short);
    const kindNode = node(`Kind: ${long} (${kind})`, p, 1, 'tcp.option_kind');
    if (kind === TcpOption.EOL || kind === TcpOption.NOP) {
      items.push(node(`TCP Option - ${short}`, p, 1, kind === TcpOption.EOL ? 'tcp.options.eol' : 'tcp.options.nop', [kindNode]));
      p++;
      if (kind === TcpOption.EOL) break;
      continue;
    }
    if (p + TLV.DATA > stop) break;
    const len = w.u8(p + TLV.LEN);
    const lenNode = node(`Length: ${len}`, p + TLV.LEN, 1, 'tcp.option_len');
    if (len < 2 || p + len > end) {
      items.push(node(`TCP Option - ${short}: bad option length ${len}`, p, stop - p, 'tcp.options', [kindNode, lenNode]));
      break;
    }
    if (p + len > stop) break;
    items.push(option(w, p, kind, len, short, kindNode, lenNode, peerBase));
    p += len;
  }
  return node(`Options: (${end - start} bytes), ${names.join(', ')}`, start, Math.min(end, readEnd) - start, 'tcp.options', items);
}

function option(w: Walk, p: number, kind: number, len: number, short: string, kindNode: DetailNode, lenNode: DetailNode, peerBase: number): DetailNode {
  const kids = [kindNode, lenNode];
  const fixed = FIXED_LENGTH[kind];
  if (fixed !== undefined && len !== fixed) {
    kids.push(node(`[option length should be ${fixed}]`, p + TLV.LEN, 1, 'tcp.option_len.invalid'));
    return node(`TCP Option - ${short}`, p, len, 'tcp.options', kids);
  }
  switch (kind) {
    case TcpOption.MSS: {
      const mss = w.u16(p + TLV.DATA);
      kids.push(node(`MSS Value: ${mss}`, p + TLV.DATA, 2, 'tcp.options.mss_val'));
      return node(`TCP Option - Maximum segment size: ${mss} bytes`, p, len, 'tcp.options.mss', kids);
    }
    case TcpOption.WINDOW_SCALE: {
      const shift = w.u8(p + TLV.DATA);
      const mult = 2 ** Math.min(shift, MAX_WINDOW_SHIFT);
      kids.push(node(`Shift count: ${shift}`, p + TLV.DATA, 1, 'tcp.options.wscale.shift'), node(`[Multiplier: ${mult}]`, p + TLV.DATA, 1, 'tcp.options.wscale.multiplier'));
      return node(`TCP Option - Window scale: ${shift} (multiply by ${mult})`, p, len, 'tcp.options.wscale', kids);
    }
    case TcpOption.SACK_PERMITTED:
      return node('TCP Option - SACK permitted', p, len, 'tcp.options.sack_perm', kids);
    case TcpOption.SACK: {
      const edges: string[] = [];
      const rel = peerBase !== 0 ? ' (relative)' : '';
      for (let o = p + TLV.DATA; o + 8 <= p + len; o += 8) {
        const le = (w.u32(o) - peerBase) >>> 0;
        const re = (w.u32(o + 4) - peerBase) >>> 0;
        edges.push(`${le}-${re}`);
        kids.push(node(`left edge = ${le}${rel}`, o, 4, 'tcp.options.sack_le'), node(`right edge = ${re}${rel}`, o + 4, 4, 'tcp.options.sack_re'));
      }
      kids.push(node(`[TCP SACK Count: ${edges.length}]`, p + TLV.LEN, 1, 'tcp.options.sack.count'));
      return node(`TCP Option - SACK ${edges.join(' ')}`, p, len, 'tcp.options.sack', kids);
    }
    case TcpOption.TIMESTAMPS: {
      const tsval = w.u32(p + TLV.DATA);
      const tsecr = w.u32(p + TLV.DATA + 4);
      kids.push(node(`Timestamp value: ${tsval}`, p + TLV.DATA, 4, 'tcp.options.timestamp.tsval'), node(`Timestamp echo reply: ${tsecr}`, p + TLV.DATA + 4, 4, 'tcp.options.timestamp.tsecr'));
      return node(`TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`, p, len, 'tcp.options.timestamp', kids);
    }
    case TcpOption.FAST_OPEN:
      kids.push(tfoCookie(w, p + TLV.DATA, len - TLV.DATA));
      return node('TCP Option - TCP Fast Open', p, len, 'tcp.options.tfo', kids);
    case TcpOption.EXPERIMENT_1:
    case TcpOption.EXPERIMENT_2:
      if (len >= TLV.DATA + MAGIC_LEN && w.u16(p + TLV.DATA) === TFO_EXPERIMENT_MAGIC) {
        kids.push(node(`Experiment Identifier: Fast Open (0x${hex(TFO_EXPERIMENT_MAGIC, 4)})`, p + TLV.DATA, 2, 'tcp.options.experimental.magic_number'), tfoCookie(w, p + TLV.DATA + MAGIC_LEN, len - TLV.DATA - MAGIC_LEN));
        return node('TCP Option - Experimental: Fast Open', p, len, 'tcp.options.experimental', kids);
      }
      break;
  }
  if (len > 2) kids.push(node(`Payload: ${w.hexBytes(p + TLV.DATA, len - 2)}`, p + TLV.DATA, len - 2, 'tcp.options.payload'));
  return node(`TCP Option - ${short}${short === 'Unknown' ? ` (kind ${kind})` : ''}`, p, len, 'tcp.options', kids);
}

function tfoCookie(w: Walk, p: number, n: number): DetailNode {
  return n === 0 ? node('Fast Open Cookie Request', p, 0, 'tcp.options.tfo.request') : node(`Fast Open Cookie: ${w.hexBytes(p, n)}`, p, n, 'tcp.options.tfo.cookie');
}

function analysisNode(w: Walk, p: number, facts: { analysis: number } | null): DetailNode | null {
  const irtt = w.ctx.irtt;
  const flags = facts?.analysis ?? 0;
  if ((irtt === undefined || irtt === null) && flags === 0) return null;
  const kids: DetailNode[] = [];
  if (irtt !== undefined && irtt !== null) kids.push(node(`[iRTT: ${irtt.toFixed(9)} seconds]`, p, 0, 'tcp.analysis.initial_rtt'));
  if (flags) {
    const dup = w.ctx.dupAck;
    const items = ANALYSIS_TEXT.filter(([name]) => flags & analysisBit(name)).map(([name, text]) =>
      node(name === 'duplicate_ack' && dup ? `[${text} (#${dup.num}) to ACK in frame ${dup.frame}]` : `[${text}]`, p, 0, `tcp.analysis.${name}`));
    kids.push(node('[TCP Analysis Flags]', p, 0, 'tcp.analysis.flags', items));
  }
  return node('[SEQ/ACK analysis]', p, 0, 'tcp.analysis', kids);
}
