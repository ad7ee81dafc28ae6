import { describe, expect, it } from 'vitest';
import { Dissection, Proto } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { Connection } from '../../core/tcp/connection';
import type { PacketRecord } from '../../core/formats/record';
import { analysisNames, roleNames, stateName } from '../../core/tcp/vocabulary';
import { formatTcpFlags } from '../../core/present/flags';
import { PacketJsonWriter } from './json-lines';
import { Output } from './output';

/** The line as the template literal before PacketJsonWriter printed it: the reference for its bytes. */
function reference(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection): string {
  const [client, server] = [JSON.stringify(c.endpointText(true)), JSON.stringify(c.endpointText(false))];
  const [src, dst] = f.fromClient ? [client, server] : [server, client];
  const time = `${rec.tsSec}.${String(rec.tsNsec).padStart(9, '0')}`;
  const states = JSON.stringify({ client: stateName(f.clientState), server: stateName(f.serverState) });
  return `{"frame":${frame},"time":${time},"stream":${f.stream},"src":${src},"dst":${dst},"flags":${JSON.stringify(formatTcpFlags(d.tcpFlags))},"seq":${f.relSeq},"ack":${f.relAck},"seqRaw":${d.seq >>> 0},"ackRaw":${d.ack >>> 0},"len":${d.payloadLen},"window":${d.window},"roles":${JSON.stringify(roleNames(f.roles))},"analysis":${JSON.stringify(analysisNames(f.analysis))},"states":${states}}\n`;
}

function printed(write: (w: PacketJsonWriter) => void): string {
  const chunks: Buffer[] = [];
  const out = new Output((b) => chunks.push(Buffer.from(b)));
  write(new PacketJsonWriter(out));
  out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

describe('PacketJsonWriter', () => {
  const c = new Connection(7, 4, 40000, 443, 4, 4, 1, 1_767_225_600, 0);
  c.setAddresses(Uint32Array.of(0x0a000001, 0, 0, 0), Uint32Array.of(0xc0a80102, 0, 0, 0));
  const v6 = new Connection(8, 6, 5000, 80, 4, 4, 1, 0, 0);
  v6.setAddresses(Uint32Array.of(0x20010db8, 0, 0, 1), Uint32Array.of(0x20010db8, 0, 0, 2));

  // Numbers at the edges of each way of printing them: digits, nine-digit nanoseconds, and the
  // String() fallback (negative, fractional, beyond uint32).
  const cases: [string, Partial<PacketRecord>, Partial<Dissection>, Partial<PacketFacts>, Connection][] = [
    ['plain', { tsSec: 1_767_225_600, tsNsec: 25_599_000 }, {}, {}, c],
    ['nanoseconds 0 and 999999999', { tsSec: 0, tsNsec: 0 }, {}, { relSeq: 0 }, c],
    ['last nanosecond', { tsSec: 9, tsNsec: 999_999_999 }, { window: 65535 }, {}, c],
    ['uint32 extremes', { tsSec: 4_294_967_295, tsNsec: 1 }, { seq: -1, ack: 0x80000000 | 0 }, { relSeq: 4_294_967_295, relAck: 2_147_483_648 }, c],
    ['beyond uint32 and fractional', { tsSec: 2 ** 40, tsNsec: 12.5 }, { payloadLen: -3 }, {}, c],
    ['server to client, flags, roles, analysis', { tsSec: 100, tsNsec: 5 }, { tcpFlags: 0xfff }, { fromClient: false, roles: 0xff, analysis: 0x3fff, clientState: 10, serverState: 0 }, c],
    ['IPv6', { tsSec: 1, tsNsec: 100_000_000 }, { tcpFlags: 0x12 }, { stream: 8 }, v6],
  ];

  it.each(cases)('prints the template literal byte for byte: %s', (_name, recPart, dPart, fPart, conn) => {
    const rec = { tsSec: 0, tsNsec: 0, ...recPart } as PacketRecord;
    const d = Object.assign(new Dissection(), { proto: Proto.TCP, seq: 1000, ack: 2000, tcpFlags: 0x10, payloadLen: 100, window: 501 }, dPart);
    const f = Object.assign(new PacketFacts(), { stream: conn.stream, fromClient: true, relSeq: 1, relAck: 1, clientState: 4, serverState: 4 }, fPart);
    expect(printed((w) => w.line(42, rec, d, f, conn))).toBe(reference(42, rec, d, f, conn));
  });

  // Every digit count and the edges of the writer's steps (pairs, the split at four digits, the
  // nine nanosecond digits), in every field that prints a number, against the template literal.
  const EDGES = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10_000, 10_001, 99_999, 100_000, 999_999, 1_000_000, 9_999_999,
    10_000_000, 99_999_999, 100_000_000, 999_999_999, 1_000_000_000, 2 ** 31 - 1, 2 ** 31, 4_294_967_200, 2 ** 32 - 1,
    2 ** 32, -1, 0.5, 1e21, -0, NaN, Infinity];
  it.each(EDGES)('prints %s as String() and padStart do, wherever a number goes', (n) => {
    const rec = { tsSec: n, tsNsec: n } as PacketRecord;
    const d = Object.assign(new Dissection(), { proto: Proto.TCP, seq: n, ack: n, tcpFlags: 0x10, payloadLen: n, window: n });
    const f = Object.assign(new PacketFacts(), { stream: 7, fromClient: true, relSeq: n, relAck: n, clientState: 4, serverState: 4 });
    expect(printed((w) => w.line(n, rec, d, f, c))).toBe(reference(n, rec, d, f, c));
  });

  it('keeps lines whole across many flushes of the output buffer', () => {
    const rec = { tsSec: 1_767_225_600, tsNsec: 1 } as PacketRecord;
    const d = Object.assign(new Dissection(), { proto: Proto.TCP, tcpFlags: 0x18, payloadLen: 1448, window: 501 });
    const f = Object.assign(new PacketFacts(), { stream: 7, fromClient: true, clientState: 4, serverState: 4 });
    const n = 20_000; // about 5 MB of lines: several 1 MB flushes
    const text = printed((w) => {
      for (let i = 1; i <= n; i++) w.line(i, rec, d, f, c);
    });
    const lines = text.split('\n');
    expect(lines.length).toBe(n + 1);
    expect(lines[n - 1]).toBe(reference(n, rec, d, f, c).trimEnd());
  });
});
