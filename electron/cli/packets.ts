/** `synfin packets FILE [--json] [--filter EXPR]`: one row per frame, NDJSON with --json. */
import type { PacketRecord } from '../../core/formats/record';
import { PROTOCOLS, type Dissection } from '../../core/decode/dissection';
import { formatEndpoint, formatIP, formatMac } from '../../core/decode/address';
import type { PacketFacts } from '../../core/tcp/facts';
import type { Connection } from '../../core/tcp/connection';
import { analysisNames, roleNames, stateName } from '../../core/tcp/vocabulary';
import { formatTcpFlags } from '../../core/present/flags';
import { formatInfo } from '../../core/present/info';
import { compileFilter, FilterRun } from '../../core/filter';
import { PacketStore } from '../../core/store/packet-store';
import { roleBadge } from './ladder-text';
import { PacketPipeline } from '../../core/pipeline';
import { fail, finish, readCapture } from './read';
import type { CliIo } from './io';

/** JSON fragments that repeat across packets, built once per distinct value. */
class Fragments {
  private readonly roles = new Map<number, string>();
  private readonly analysis = new Map<number, string>();
  private readonly states = new Map<number, string>();
  private readonly flags = new Map<number, string>();
  private readonly endpoints: (readonly [string, string])[] = [];

  rolesJson(bits: number): string {
    let s = this.roles.get(bits);
    if (s === undefined) this.roles.set(bits, (s = JSON.stringify(roleNames(bits))));
    return s;
  }
  analysisJson(bits: number): string {
    let s = this.analysis.get(bits);
    if (s === undefined) this.analysis.set(bits, (s = JSON.stringify(analysisNames(bits))));
    return s;
  }
  statesJson(client: number, server: number): string {
    const k = (client << 4) | server;
    let s = this.states.get(k);
    if (s === undefined) this.states.set(k, (s = JSON.stringify({ client: stateName(client), server: stateName(server) })));
    return s;
  }
  flagsJson(bits: number): string {
    let s = this.flags.get(bits);
    if (s === undefined) this.flags.set(bits, (s = JSON.stringify(formatTcpFlags(bits))));
    return s;
  }
  /** "ip:port" of a connection's client and server, JSON-quoted. */
  connectionEndpoints(c: Connection): readonly [string, string] {
    let e = this.endpoints[c.stream];
    if (e === undefined) {
      e = [JSON.stringify(formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort)), JSON.stringify(formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort))];
      this.endpoints[c.stream] = e;
    }
    return e;
  }
}

/** Epoch seconds with all nine digits of the nanoseconds: exact, and still a JSON number. */
function epoch(rec: PacketRecord): string {
  return `${rec.tsSec}.${String(rec.tsNsec).padStart(9, '0')}`;
}

/** Source and destination of a frame that is not tracked TCP: ip:port, ip, a MAC, or null. */
function otherEndpoints(rec: PacketRecord, d: Dissection): [string | null, string | null] {
  if (d.ipVersion === 4 || d.ipVersion === 6) {
    if (d.srcPort >= 0) return [formatEndpoint(d.ipVersion, d.src, d.srcPort), formatEndpoint(d.ipVersion, d.dst, d.dstPort)];
    return [formatIP(d.ipVersion, d.src), formatIP(d.ipVersion, d.dst)];
  }
  if (d.ethOffset >= 0 && rec.capLen >= d.ethOffset + 12) {
    const at = rec.offset + d.ethOffset;
    return [formatMac(rec.bytes, at + 6), formatMac(rec.bytes, at)];
  }
  return [null, null];
}

export function packetsCommand(io: CliIo, file: string, json: boolean, filter: string | null): number {
  let keep: Uint8Array | null = null;
  if (filter !== null) {
    const compiled = compileFilter(filter);
    if (!compiled.ok) {
      fail(io, `bad filter "${filter}": ${compiled.error.message} (at character ${compiled.error.start + 1})`);
      return 1;
    }
    // First pass: index the file and run the filter (some fields, like tcp.completeness, are only
    // known at the end). The second pass prints the kept frames exactly as an unfiltered run does.
    const store = new PacketStore();
    const first = readCapture(io, file, new PacketPipeline((_frame, rec, d, f) => store.append(rec, d, f)));
    if (first.summary.format === null) return finish(io, file, first, false);
    const connections = first.tracker.connections;
    keep = new FilterRun(compiled.value, { store, streamInfo: (s) => connections[s] }).runToEnd().matches;
  }

  const frag = new Fragments();
  let firstNs = -1;
  const pipeline: PacketPipeline = new PacketPipeline((frame, rec, d, f) => {
    if (firstNs < 0) firstNs = rec.tsSec * 1e9 + rec.tsNsec;
    if (keep !== null && !keep[frame - 1]) return;
    const conn = f.stream >= 0 ? pipeline.tracker.connections[f.stream]! : null;
    io.out.write(json ? jsonLine(frame, rec, d, f, conn, frag) : textLine(frame, rec, d, f, conn, (rec.tsSec * 1e9 + rec.tsNsec - firstNs) / 1e9));
  });
  const outcome = readCapture(io, file, pipeline);
  io.out.flush();
  return finish(io, file, outcome, false);
}

function jsonLine(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection | null, frag: Fragments): string {
  if (c === null) {
    const [src, dst] = otherEndpoints(rec, d);
    return `{"frame":${frame},"time":${epoch(rec)},"stream":null,"src":${JSON.stringify(src)},"dst":${JSON.stringify(dst)},"flags":null,"seq":null,"ack":null,"seqRaw":null,"ackRaw":null,"len":null,"window":null,"roles":[],"analysis":[],"states":null}\n`;
  }
  const [client, server] = frag.connectionEndpoints(c);
  const src = f.fromClient ? client : server;
  const dst = f.fromClient ? server : client;
  return `{"frame":${frame},"time":${epoch(rec)},"stream":${f.stream},"src":${src},"dst":${dst},"flags":${frag.flagsJson(d.tcpFlags)},"seq":${f.relSeq},"ack":${f.relAck},"seqRaw":${d.seq >>> 0},"ackRaw":${d.ack >>> 0},"len":${d.payloadLen},"window":${d.window},"roles":${frag.rolesJson(f.roles)},"analysis":${frag.analysisJson(f.analysis)},"states":${frag.statesJson(f.clientState, f.serverState)}}\n`;
}

function textLine(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection | null, rel: number): string {
  const ip = d.ipVersion === 4 || d.ipVersion === 6;
  const [src, dst] = ip ? [formatIP(d.ipVersion, d.src), formatIP(d.ipVersion, d.dst)] : otherEndpoints(rec, d);
  let line = `${String(frame).padStart(6)} ${rel.toFixed(6).padStart(12)} ${src ?? '?'} → ${dst ?? '?'} ${PROTOCOLS[d.proto] ?? 'Undecoded'} ${rec.origLen} ${formatInfo(d, c ? f : null)}`;
  if (c !== null) {
    const badge = roleBadge(roleNames(f.roles));
    line += `  ⟨${badge ? `${badge} · ` : ''}client ${stateName(f.clientState)}, server ${stateName(f.serverState)}⟩`;
  }
  return line + '\n';
}
