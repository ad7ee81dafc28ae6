import { describe, expect, it } from 'vitest';
import { compileFilter, FilterRun } from './index';
import { StoreBuilder } from '../../test/filter/store-builder';

/**
 * Frames: 1 TCP 10.0.0.1:40000 → 10.0.0.2:80, 2 TCP 10.0.0.2:80 → 10.0.0.1:40000,
 * 3 TCP 10.0.0.1:40001 → 10.9.9.9:443, 4 UDP 10.0.0.1 → 10.0.0.1 (no ports in the store),
 * 5 ARP (no IP), 6 TCP over IPv6 [fe80::1]:50000 → [fe80::2]:50000.
 */
function capture(): StoreBuilder {
  return new StoreBuilder()
    .withStream(0, { clientPort: 40000, serverPort: 80 })
    .withStream(1, { clientPort: 40001, serverPort: 443, clientBaseSeq: 0xfffffff0 })
    .withStream(2, { ipVersion: 6, clientPort: 50000, serverPort: 50000 })
    .add({ eth: ['02:00:00:00:00:01', '02:00:00:00:00:02'], ip: ['10.0.0.1', '10.0.0.2'], tcp: { stream: 0, flags: 'S', seq: 1000 } })
    .add({ eth: ['02:00:00:00:00:02', '02:00:00:00:00:01'], ip: ['10.0.0.2', '10.0.0.1'], tcp: { stream: 0, fromClient: false, flags: 'SA', seq: 5000, ack: 1001 } })
    .add({ ip: ['10.0.0.1', '10.9.9.9'], tcp: { stream: 1, flags: 'PA', seq: 0x00000005, ack: 5001, len: 3 } })
    .add({ ip: ['10.0.0.1', '10.0.0.1'], proto: 'UDP' })
    .add({ eth: ['02:00:00:00:00:01', 'ff:ff:ff:ff:ff:ff'], proto: 'ARP' })
    .add({ ip: ['fe80::1', 'fe80::2'], tcp: { stream: 2, flags: 'A', seq: 1001, ack: 5001 } });
}

const b = capture();
const frames = (text: string): number[] => {
  const f = compileFilter(text);
  if (!f.ok) throw new Error(`${text}: ${f.error.message}`);
  return Array.from(new FilterRun(f.value, b).runToEnd().indices(), (i) => i + 1);
};

describe('fields that occur twice (ip.addr, tcp.port, eth.addr, ipv6.addr)', () => {
  it('"==" passes when either occurrence equals', () => {
    expect(frames('ip.addr == 10.0.0.2')).toEqual([1, 2]);
    expect(frames('tcp.port == 80')).toEqual([1, 2]);
    expect(frames('eth.addr == 02:00:00:00:00:02')).toEqual([1, 2]);
    expect(frames('ipv6.addr == fe80::2')).toEqual([6]);
  });
  it('"!=" passes when the field is present and no occurrence equals (Wireshark 4: all not equal)', () => {
    expect(frames('ip.addr != 10.0.0.2')).toEqual([3, 4]);
    expect(frames('tcp.port != 80')).toEqual([3, 6]);
    expect(frames('ipv6.addr != fe80::2')).toEqual([]);
  });
  it('"!=" is not "not ==": a packet without the field passes only the latter', () => {
    expect(frames('not tcp.port == 80')).toEqual([3, 4, 5, 6]);
  });
  it('"~=" (any_ne) passes when some occurrence differs; "===" (all_eq) when all equal', () => {
    expect(frames('ip.addr ~= 10.0.0.1')).toEqual([1, 2, 3]);
    expect(frames('ip.addr !== 10.0.0.1')).toEqual([1, 2, 3]);
    expect(frames('ip.addr === 10.0.0.1')).toEqual([4]);
    expect(frames('tcp.port all_eq 50000')).toEqual([6]);
  });
  it('orders on any occurrence', () => {
    expect(frames('tcp.port > 40000')).toEqual([3, 6]);
    expect(frames('ip.addr > 10.0.0.1')).toEqual([1, 2, 3]);
  });
});

describe('fields a packet does not have', () => {
  it('make every comparison false, "!=" and "~=" included', () => {
    for (const t of ['tcp.port == 80', 'tcp.port != 1', 'tcp.port ~= 1', 'tcp.port < 70', 'tcp.port in {0..65535}', 'ip.addr != 1.1.1.1']) {
      expect(frames(t), t).not.toContain(5);
    }
  });
  it('leave the packet to "not"', () => {
    expect(frames('not ip')).toEqual([5, 6]);
    expect(frames('!(ip.addr != 1.1.1.1)')).toEqual([5, 6]);
  });
});

describe('values', () => {
  it('matches CIDR networks and IPv6 prefixes, host bits ignored', () => {
    expect(frames('ip.addr == 10.0.0.0/24')).toEqual([1, 2, 3, 4]);
    expect(frames('ip.dst == 10.9.0.0/16')).toEqual([3]);
    expect(frames('ip.src == 10.0.0.2/31')).toEqual([2]);
    expect(frames('ip.src == 10.0.0.3/30')).toEqual([1, 2, 3, 4]);
    expect(frames('ip.addr == 0.0.0.0/0')).toEqual([1, 2, 3, 4]);
    expect(frames('ipv6.addr == fe80::/10')).toEqual([6]);
    expect(frames('ipv6.src == fe80::1/128')).toEqual([6]);
  });
  it('takes numbers in hex, octal and binary', () => {
    expect(frames('tcp.port == 0x50')).toEqual([1, 2]);
    expect(frames('tcp.port == 0120')).toEqual([1, 2]);
    expect(frames('tcp.port == 0b1010000')).toEqual([1, 2]);
  });
  it('finds nothing equal to, above or below a negative number, as tshark 4.0 does', () => {
    expect(frames('tcp.port == -1')).toEqual([]);
    expect(frames('tcp.port > -1')).toEqual([]);
    expect(frames('tcp.port < -1')).toEqual([]);
    expect(frames('tcp.port != -1')).toEqual([1, 2, 3, 6]);
  });
  it('wraps relative sequence numbers modulo 2^32', () => {
    expect(frames('tcp.seq == 21')).toEqual([3]);
  });
  it('looks for bytes inside MAC addresses with "contains"', () => {
    expect(frames('eth.addr contains 00:00:02')).toEqual([1, 2]);
    expect(frames('eth.dst contains ffff')).toEqual([5]);
    expect(frames('eth.src contains 01')).toEqual([1, 5]);
  });
  it('treats a boolean compared with any non-zero number as "set"', () => {
    expect(frames('tcp.flags.syn == 2')).toEqual(frames('tcp.flags.syn == 1'));
    expect(frames('tcp.flags.syn != 0')).toEqual([1, 2]);
    expect(frames('tcp.flags.syn > 0')).toEqual([1, 2]);
  });
});

describe('sets', () => {
  it('passes when any occurrence is in the set, ranges inclusive', () => {
    expect(frames('tcp.port in {443 50000}')).toEqual([3, 6]);
    expect(frames('tcp.port in {1..80}')).toEqual([1, 2]);
    expect(frames('tcp.port in {81..442}')).toEqual([]);
    expect(frames('ip.addr in {10.9.9.9, 10.0.0.2}')).toEqual([1, 2, 3]);
    expect(frames('ip.addr in {10.9.0.0/16}')).toEqual([3]);
    expect(frames('ip.dst in {10.0.0.0..10.0.0.9}')).toEqual([1, 2, 4]);
  });
  it('finds nothing in a reversed range', () => {
    expect(frames('tcp.port in {443..80}')).toEqual([]);
  });
  it('"not in" keeps the packets without the field', () => {
    expect(frames('tcp.port not in {80}')).toEqual([3, 4, 5, 6]);
  });
});

describe('masks', () => {
  it('tests a masked field for non-zero alone, and compares the masked value', () => {
    expect(frames('tcp.flags & 0x02')).toEqual([1, 2]);
    expect(frames('tcp.flags & 0x12 == 0x12')).toEqual([2]);
    expect(frames('tcp.port & 1')).toEqual([3]);
    expect(frames('ip.addr & 255.255.255.0 == 10.9.9.0')).toEqual([3]);
  });
});

describe('two fields compared', () => {
  it('compares occurrences of fields read through the same key', () => {
    expect(frames('tcp.srcport == tcp.dstport')).toEqual([6]);
    expect(frames('ip.src == ip.dst')).toEqual([4]);
    expect(frames('eth.src == eth.dst')).toEqual([]);
    expect(frames('ipv6.src < ipv6.dst')).toEqual([6]);
  });
  it('compares fields read through different keys, packet by packet', () => {
    expect(frames('tcp.seq == tcp.len')).toEqual([1, 2]);
    expect(frames('tcp.stream < tcp.completeness')).toEqual([1, 2, 3, 6]);
  });
});
