/**
 * Filtering speed over a packet store: the bench capture of `npm run bench` read through the
 * whole engine, or (without a file) synthetic but varied traffic built straight into the store:
 * many connections between a few thousand addresses, handshakes, data, teardowns, resets,
 * analysis flags and roles. Only filtering is timed.
 */
import { readFileSync } from 'node:fs';
import { analyseCapture } from '../filter/pipeline';
import { PacketStore } from '../../core/store/packet-store';
import { Dissection, Proto, TcpFlag } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import type { StreamInfo } from '../../core/tcp/stream-info';
import { analysisBit, roleBit, stateCode } from '../../core/tcp/vocabulary';
import { compileFilter, FilterRun } from '../../core/filter/index';
import type { FilterSource } from '../../core/filter/index';
import type { PacketRecord } from '../../core/formats/record';
import { prng } from '../support/prng';

export const BENCH_FILTERS = [
  'tcp.port == 443',
  'ip.dst == 10.0.200.0/29',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.len > 1000',
  'tcp.analysis.flags && !tcp.analysis.window_update',
  'tcp.stream in {100..200}',
  'frame.time_relative > 30 && tcp.seq > 10000',
  'eth.addr == 02:00:20:00:00:01',
  'synfin.role == "reset" || synfin.state.client == "TIME-WAIT"',
  '!(tcp.port in {80, 443, 8000..8080}) && ip.src == 10.0.0.0/8 || udp',
  'tcp.srcport == tcp.dstport',
  'tcp.analysis.initial_rtt > 0.05',
  'tcp.len == tcp.window_size_value',
];

export function benchSource(packets: number, seed = 1): FilterSource {
  const rand = prng(seed);
  const store = new PacketStore();
  const streams: StreamInfo[] = [];
  const d = new Dissection();
  const f = new PacketFacts();
  const bytes = new Uint8Array(64);
  const view = new DataView(bytes.buffer);
  const rec: PacketRecord = { bytes, view, offset: 0, capLen: 64, origLen: 64, fileOffset: 0, tsSec: 1_700_000_000, tsNsec: 0, linkType: 1, interfaceId: 0, comments: null };
  const ports = [80, 443, 443, 443, 8080, 22, 25, 5432];
  /** Connections open at once; each sends ~50 packets before it closes. */
  const live: { s: number; n: number; seq: [number, number] }[] = [];
  for (let i = 0; i < packets; i++) {
    if (live.length < 200 || rand() < 0.02) {
      const s = streams.length;
      // Addresses as test/bench/tcp-sim.ts gives them: clients in 10.1/16, servers 10.0.200.1-50.
      const client = (10 << 24) | (1 << 16) | Math.floor(rand() * 4096);
      const server = (10 << 24) | (200 << 8) | (1 + (s % 50));
      const clientPort = 1024 + Math.floor(rand() * 60000);
      streams.push({ stream: s, ipVersion: 4, clientAddr: Uint32Array.of(client, 0, 0, 0), serverAddr: Uint32Array.of(server, 0, 0, 0),
        clientPort, serverPort: ports[s % ports.length]!, clientBaseSeq: Math.floor(rand() * 2 ** 32), serverBaseSeq: Math.floor(rand() * 2 ** 32),
        baseChanges: null, completeness: rand() < 0.9 ? 31 : 33, irtt: rand() < 0.95 ? rand() * 0.1 : null, handshakeStatus: 'complete', teardownStatus: 'four-way',
        firstFrame: i + 1, lastFrame: i + 1 } as StreamInfo);
      live.push({ s, n: 0, seq: [streams[s]!.clientBaseSeq, streams[s]!.serverBaseSeq] });
    }
    const k = Math.floor(rand() * live.length);
    const c = live[k]!;
    const info = streams[c.s]!;
    const fromClient = c.n === 0 || rand() < 0.5;
    d.reset();
    f.reset();
    d.ipVersion = 4;
    d.src[0] = fromClient ? info.clientAddr[0]! : info.serverAddr[0]!;
    d.dst[0] = fromClient ? info.serverAddr[0]! : info.clientAddr[0]!;
    d.ethOffset = 0;
    // MACs as tcp-sim gives them: 02:00:10:00:xx:xx for clients, 02:00:20:00:00:xx for servers.
    const clientMac = 0x10000000 + (c.s & 0xffff);
    const serverMac = 0x20000000 + (c.s % 50) + 1;
    view.setUint16(0, 0x0200);
    view.setUint32(2, fromClient ? serverMac : clientMac);
    view.setUint16(6, 0x0200);
    view.setUint32(8, fromClient ? clientMac : serverMac);
    d.proto = rand() < 0.03 ? Proto.UDP : Proto.TCP;
    d.ttl = 64;
    if (d.proto === Proto.TCP) {
      const len = c.n < 3 ? 0 : rand() < 0.4 ? 1448 : Math.floor(rand() * 600);
      d.tcpFlags = c.n === 0 ? TcpFlag.SYN : c.n === 1 ? TcpFlag.SYN | TcpFlag.ACK : TcpFlag.ACK | (len ? TcpFlag.PSH : 0);
      const side = fromClient ? 0 : 1;
      d.seq = c.seq[side]!;
      d.ack = c.seq[1 - side]!;
      d.payloadLen = len;
      c.seq[side] = (c.seq[side]! + len + (c.n < 2 ? 1 : 0)) >>> 0;
      d.window = Math.floor(rand() * 65536);
      f.stream = c.s;
      f.fromClient = fromClient;
      f.analysis = rand() < 0.01 ? analysisBit('retransmission') : rand() < 0.01 ? analysisBit('window_update') : 0;
      f.roles = c.n < 3 ? roleBit(c.n === 0 ? 'handshake-1' : c.n === 1 ? 'handshake-2' : 'handshake-3') : 0;
      f.clientState = stateCode('ESTABLISHED');
      f.serverState = stateCode('ESTABLISHED');
      if (++c.n > 50) {
        d.tcpFlags |= rand() < 0.1 ? TcpFlag.RST : TcpFlag.FIN;
        f.roles = d.tcpFlags & TcpFlag.RST ? roleBit('reset') : roleBit('teardown-1');
        f.clientState = stateCode(d.tcpFlags & TcpFlag.RST ? 'CLOSED' : 'TIME-WAIT');
        live.splice(k, 1);
      }
    }
    const t = i * 60_000; // ~16 667 packets a second: 1 M packets in a minute
    rec.tsSec = 1_700_000_000 + Math.floor(t / 1e9);
    rec.tsNsec = t % 1e9;
    rec.origLen = rec.capLen = 54 + d.payloadLen;
    store.append(rec, d, f);
  }
  return { store, streamInfo: (s) => streams[s] };
}

/**
 * Milliseconds for the least a filter can do over `n` packets: one table lookup a packet
 * (median of 5). Shared machines vary; filter times are also reported as multiples of this.
 */
export function baselineMs(n: number): number {
  const col = new Uint16Array(n);
  for (let i = 0; i < n; i++) col[i] = (i * 7919) & 0xffff;
  const table = new Uint8Array(65536).map((_, k) => k & 1);
  const out = new Uint8Array(n);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) out[i] = table[col[i]!]!;
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** A capture file read through reader, decoders and tracker into a store (as the app's session does). */
export function captureSource(path: string): FilterSource {
  return analyseCapture(readFileSync(path));
}

export interface BenchResult {
  filter: string;
  matched: number;
  /** Median of the runs, milliseconds. */
  ms: number;
  packetsPerSecond: number;
}

/** Times each filter over the same store (compile, bind and run), median of `runs`, after one untimed pass over all. */
export function benchFilters(source: FilterSource, filters = BENCH_FILTERS, runs = 5): BenchResult[] {
  // The first filter timed would otherwise also pay for compiling the shared code paths.
  for (const filter of filters) {
    const compiled = compileFilter(filter);
    if (compiled.ok) new FilterRun(compiled.value, source).runToEnd();
  }
  return filters.map((filter) => {
    const compiled = compileFilter(filter);
    if (!compiled.ok) throw new Error(`${filter}: ${compiled.error.message}`);
    const times: number[] = [];
    let matched = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      matched = new FilterRun(compiled.value, source).runToEnd().matchCount;
      times.push(performance.now() - t0);
    }
    const ms = times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    return { filter, matched, ms, packetsPerSecond: Math.round(source.store.length / (ms / 1000)) };
  });
}
