import { describe, expect, it } from 'vitest';
import { compileFilter, FIELDS, FilterRun } from './index';
import { StoreBuilder } from '../../test/filter/store-builder';

const A = '00:0c:29:d3:46:dd';
const B = '00:0c:29:1f:a7:55';

/**
 * One connection over IPv4 (stream 0: handshake, data, FIN), one over IPv6 (stream 1: a reset
 * retransmitted), a UDP datagram, an ARP frame. Bases: client 1000, server 5000 (stream 0).
 */
function capture(): StoreBuilder {
  const b = new StoreBuilder()
    .withStream(0, { clientPort: 40000, serverPort: 80, clientBaseSeq: 1000, serverBaseSeq: 5000, completeness: 31, irtt: 0.0443,
      handshakeStatus: 'complete', teardownStatus: 'half-closed' })
    .withStream(1, { ipVersion: 6, clientPort: 5555, serverPort: 443, clientBaseSeq: 0xfffffff0, serverBaseSeq: 7, completeness: 33, irtt: null,
      handshakeStatus: 'syn-only', teardownStatus: 'reset' });
  const c2s = { eth: [A, B] as [string, string], ip: ['10.0.0.1', '10.0.0.2'] as [string, string], vlan: 100 };
  const s2c = { eth: [B, A] as [string, string], ip: ['10.0.0.2', '10.0.0.1'] as [string, string], vlan: 100, ttl: 57 };
  b.add({ ...c2s, time: 0, len: 74, tcp: { stream: 0, flags: 'S', seq: 1000, ack: 0, window: 64240, roles: ['handshake-1'], client: 'SYN-SENT', server: 'LISTEN' } });
  b.add({ ...s2c, time: 0.0443, len: 74, tcp: { stream: 0, fromClient: false, flags: 'SA', seq: 5000, ack: 1001, window: 65160, roles: ['handshake-2'],
    client: 'SYN-SENT', server: 'SYN-RECEIVED' } });
  b.add({ ...c2s, time: 0.0444, len: 66, tcp: { stream: 0, flags: 'A', seq: 1001, ack: 5001, roles: ['handshake-3'] } });
  b.add({ ...c2s, time: 0.05, len: 166, capLen: 100, tcp: { stream: 0, flags: 'PA', seq: 1001, ack: 5001, len: 100 } });
  b.add({ ...s2c, time: 0.06, len: 66, iface: 1, tcp: { stream: 0, fromClient: false, flags: 'FA', seq: 5001, ack: 1101, roles: ['teardown-1'],
    client: 'CLOSE-WAIT', server: 'FIN-WAIT-1' } });
  b.add({ eth: [A, B], ip: ['192.168.1.1', '192.168.1.2'], proto: 'UDP', time: 1.5, len: 60, ttl: 1 });
  b.add({ ip: ['2001:db8::1', '2001:db8::2'], ttl: 255, time: 2, len: 60, tcp: { stream: 1, flags: 'RA', seq: 0xfffffff1, ack: 9, roles: ['reset'],
    analysis: ['retransmission', 'out_of_order'], client: 'CLOSED', server: 'CLOSED' } });
  b.add({ eth: [B, 'ff:ff:ff:ff:ff:ff'], proto: 'ARP', time: 2.5, len: 42 });
  return b;
}

const frames = (b: StoreBuilder, text: string): number[] => {
  const f = compileFilter(text);
  if (!f.ok) throw new Error(`${text}: ${f.error.message}`);
  return Array.from(new FilterRun(f.value, b).runToEnd().indices(), (i) => i + 1);
};

const CASES: [string, number[]][] = [
  ['frame', [1, 2, 3, 4, 5, 6, 7, 8]],
  ['frame.number == 3', [3]],
  ['frame.number >= 7', [7, 8]],
  ['frame.len == 74', [1, 2]],
  ['frame.cap_len == 100', [4]],
  ['frame.cap_len < frame.len', [4]],
  ['frame.time_relative == 0.0443', [2]],
  ['frame.time_relative > 1', [6, 7, 8]],
  ['frame.time_delta >= 0.5', [6, 7, 8]],
  ['frame.time_delta == 0', [1]],
  ['frame.interface_id == 1', [5]],
  ['eth', [1, 2, 3, 4, 5, 6, 8]],
  ['eth.addr == 00:0c:29:d3:46:dd', [1, 2, 3, 4, 5, 6]],
  ['eth.src == 00:0c:29:d3:46:dd', [1, 3, 4, 6]],
  ['eth.dst == ff:ff:ff:ff:ff:ff', [8]],
  ['vlan', [1, 2, 3, 4, 5]],
  ['vlan.id == 100', [1, 2, 3, 4, 5]],
  ['ip', [1, 2, 3, 4, 5, 6]],
  ['ip.addr == 10.0.0.1', [1, 2, 3, 4, 5]],
  ['ip.src == 10.0.0.1', [1, 3, 4]],
  ['ip.dst == 192.168.0.0/16', [6]],
  ['ip.proto == 6', [1, 2, 3, 4, 5]],
  ['ip.proto == 17', [6]],
  ['ip.ttl == 57', [2, 5]],
  ['ipv6', [7]],
  ['ipv6.addr == 2001:db8::2', [7]],
  ['ipv6.src == 2001:db8::1', [7]],
  ['ipv6.dst == 2001:db8::1', []],
  ['ipv6.hlim == 255', [7]],
  ['tcp', [1, 2, 3, 4, 5, 7]],
  ['udp', [6]],
  ['arp', [8]],
  ['icmp || icmpv6', []],
  ['tcp.port == 80', [1, 2, 3, 4, 5]],
  ['tcp.srcport == 80', [2, 5]],
  ['tcp.dstport == 80', [1, 3, 4]],
  ['tcp.srcport == 5555', [7]],
  ['tcp.stream == 1', [7]],
  ['tcp.stream', [1, 2, 3, 4, 5, 7]],
  ['tcp.flags == 0x012', [2]],
  ['tcp.flags.syn == 1', [1, 2]],
  ['tcp.flags.ack == 1', [2, 3, 4, 5, 7]],
  ['tcp.flags.fin == 1', [5]],
  ['tcp.flags.reset == 1', [7]],
  ['tcp.flags.push == 1', [4]],
  ['tcp.flags.urg == 1 or tcp.flags.ece == 1 or tcp.flags.cwr == 1 or tcp.flags.ae == 1 or tcp.flags.res == 1', []],
  ['tcp.seq == 0', [1, 2]],
  ['tcp.seq == 1', [3, 4, 5, 7]],
  ['tcp.ack == 1', [2, 3, 4]],
  ['tcp.ack == 101', [5]],
  ['tcp.ack == 2', [7]],
  ['tcp.ack == 0', [1]],
  ['tcp.seq_raw == 5001', [5]],
  ['tcp.ack_raw == 1101', [5]],
  ['tcp.len == 100', [4]],
  ['tcp.len == 0', [1, 2, 3, 5, 7]],
  ['tcp.window_size_value == 64240', [1]],
  ['tcp.completeness == 31', [1, 2, 3, 4, 5]],
  ['tcp.completeness & 32', [7]],
  ['tcp.analysis', [2, 3, 4, 5, 7]],
  ['tcp.analysis.flags', [7]],
  ['tcp.analysis.retransmission', [7]],
  ['tcp.analysis.out_of_order', [7]],
  ['tcp.analysis.duplicate_ack', []],
  ['tcp.analysis.initial_rtt', [2, 3, 4, 5]],
  ['tcp.analysis.initial_rtt == 0.0443', [2, 3, 4, 5]],
  ['synfin.role == "handshake-2"', [2]],
  ['synfin.role', [1, 2, 3, 5, 7]],
  ['synfin.role contains "shake"', [1, 2, 3]],
  ['synfin.role matches "^(teardown|reset)"', [5, 7]],
  ['synfin.state.client == "SYN-SENT"', [1, 2]],
  ['synfin.state.server == fin-wait-1', [5]],
  ['synfin.state.client == CLOSED', [7]],
  ['synfin.handshake == "complete"', [1, 2, 3, 4, 5]],
  ['synfin.handshake == syn-only', [7]],
  ['synfin.teardown in {reset, half-closed}', [1, 2, 3, 4, 5, 7]],
];

describe('every field reads what tshark would show for it', () => {
  const b = capture();
  for (const [text, expected] of CASES) it(`${text} → ${expected.join(',') || 'none'}`, () => expect(frames(b, text)).toEqual(expected));

  it('has a case here for every field in the registry', () => {
    const tested = CASES.map(([t]) => t).join(' ');
    const analysisFlags = FIELDS.filter((f) => f.name.startsWith('tcp.analysis.') && f.type === 'label').map((f) => f.name);
    const untested = FIELDS.filter((f) => !analysisFlags.includes(f.name) && !new RegExp(`(^|[ (!])${f.name.replace(/\./g, '\\.')}($|[ )])`).test(tested));
    expect(untested.map((f) => f.name)).toEqual([]);
  });

  it('tests every analysis flag as one bit of the analysis column', () => {
    const b2 = new StoreBuilder().withStream(0);
    const flags = FIELDS.filter((f) => f.name.startsWith('tcp.analysis.') && f.type === 'label' && f.name !== 'tcp.analysis.flags');
    for (const f of flags) b2.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp: { stream: 0, analysis: [f.name.slice('tcp.analysis.'.length) as never] } });
    flags.forEach((f, i) => expect(frames(b2, f.name), f.name).toEqual([i + 1]));
  });
});
