/**
 * A packet store built from what tshark decoded of a capture (recorded by record-tshark.mjs):
 * the filter engine then sees the very facts tshark saw, so any difference in what a filter keeps
 * is the filter engine's, not the decoders' or the tracker's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolLabel } from '../../core/decode/dissection';
import { analysisBit, ANALYSIS_FLAGS } from '../../core/tcp/vocabulary';
import type { AnalysisFlag } from '../../core/tcp/vocabulary';
import { parseTime } from '../../core/filter/literals';
import type { StreamInfo } from '../../core/tcp/stream-info';
import { flagsOf, StoreBuilder, streamInfo } from './store-builder';
import { EXPECTED_DIR, fromRanges } from './corpus';

type Row = Record<string, string>;

function readRows(capture: string): Row[] {
  const [header, ...lines] = readFileSync(join(EXPECTED_DIR, `${capture}.facts.tsv`), 'utf8').split('\n').filter(Boolean);
  const names = header!.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i]!, v])));
}

/** Analysis bits per frame number, from the frames tshark -2 marks with each flag. */
function readAnalysis(capture: string): Map<number, number> {
  const bits = new Map<number, number>();
  for (const line of readFileSync(join(EXPECTED_DIR, `${capture}.analysis.tsv`), 'utf8').split('\n').filter(Boolean)) {
    const [flag, frames] = line.split('\t') as [AnalysisFlag, string];
    if (!ANALYSIS_FLAGS.includes(flag)) throw new Error(`unknown analysis flag ${flag}`);
    for (const f of fromRanges(frames ?? '')) bits.set(f, (bits.get(f) ?? 0) | analysisBit(flag));
  }
  return bits;
}

const u32 = (n: number): number => n >>> 0;

/**
 * Connections as tshark numbered them: the client is the first packet's sender; each direction's
 * base is raw − relative of its first packet (or, for a side that never sent, of the peer's ack).
 */
function connections(rows: Row[], from: Map<number, string>): Map<number, StreamInfo> {
  const streams = new Map<number, StreamInfo>();
  for (const r of rows) {
    if (r.label !== 'TCP' || r['tcp.stream'] === '') continue;
    const s = Number(r['tcp.stream']);
    const src = sender(r);
    if (!streams.has(s)) {
      from.set(s, src);
      streams.set(s, streamInfo(s, { clientPort: Number(r['tcp.srcport']), serverPort: Number(r['tcp.dstport']), clientBaseSeq: -1, serverBaseSeq: -1,
        completeness: Number(r['tcp.completeness'] || 0), irtt: null }));
    }
    const info = streams.get(s)! as { -readonly [K in keyof StreamInfo]: StreamInfo[K] };
    const client = from.get(s) === src;
    const base = u32(Number(r['tcp.seq_raw']) - Number(r['tcp.seq']));
    if (client && info.clientBaseSeq < 0) info.clientBaseSeq = base;
    if (!client && info.serverBaseSeq < 0) info.serverBaseSeq = base;
    if (flagsOf(Number(r['tcp.flags'])) & 0x10) {
      const peer = u32(Number(r['tcp.ack_raw']) - Number(r['tcp.ack']));
      if (client && info.serverBaseSeq < 0) info.serverBaseSeq = peer;
      if (!client && info.clientBaseSeq < 0) info.clientBaseSeq = peer;
    }
    if (info.irtt === null && r['tcp.analysis.initial_rtt']) info.irtt = parseTime(r['tcp.analysis.initial_rtt'])! / 1e9;
  }
  return streams;
}

export function storeFromFacts(capture: string): StoreBuilder {
  const rows = readRows(capture);
  const analysis = readAnalysis(capture);
  const b = new StoreBuilder();
  const clients = new Map<number, string>();
  const streams = connections(rows, clients);
  for (const [s, info] of streams) b.streams.set(s, info);
  for (const r of rows) {
    const frame = Number(r['frame.number']);
    const v4 = r['ip.src'] !== '';
    const tcp = r.label === 'TCP' && r['tcp.stream'] !== '';
    const stream = Number(r['tcp.stream']);
    b.add({
      timeNs: parseTime(r['frame.time_relative']!)!, len: Number(r['frame.len']), capLen: Number(r['frame.cap_len']), iface: Number(r['frame.interface_id'] || 0),
      eth: r['eth.src'] ? [r['eth.src'], r['eth.dst']!] : undefined,
      vlan: r['vlan.id'] ? Number(r['vlan.id']) : undefined,
      ip: v4 ? [r['ip.src']!, r['ip.dst']!] : r['ipv6.src'] ? [r['ipv6.src'], r['ipv6.dst']!] : undefined,
      ttl: Number((v4 ? r['ip.ttl'] : r['ipv6.hlim']) || 0),
      proto: r.label as ProtocolLabel,
      tcp: tcp ? {
        stream, fromClient: sender(r) === clients.get(stream), flags: Number(r['tcp.flags']),
        seq: Number(r['tcp.seq_raw']), ack: Number(r['tcp.ack_raw']), len: Number(r['tcp.len']), window: Number(r['tcp.window_size_value']),
        analysisBits: analysis.get(frame) ?? 0,
      } : undefined,
    });
  }
  return b;
}

/** Address and port a TCP packet came from. */
const sender = (r: Row): string => `${r['ip.src'] || r['ipv6.src']}|${r['tcp.srcport']}`;
