import { describe, expect, it } from 'vitest';
import { formatTcpFlags, formatTcpFlagsWireshark, tcpFlagNames, tcpFlagsSummary } from './flags';

describe('TCP flag names', () => {
  it('lists flags from the lowest bit up, as Wireshark 4.0 does', () => {
    expect(tcpFlagNames(0x0ff)).toEqual(['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR']);
    expect(tcpFlagNames(0xf14)).toEqual(['RST', 'ACK', 'AE', 'Reserved']);
  });

  it('joins with "," for the CLI and ", " for the Info column', () => {
    expect(formatTcpFlags(0x012)).toBe('SYN,ACK');
    expect(formatTcpFlags(0)).toBe('');
    expect(formatTcpFlagsWireshark(0x012)).toBe('SYN, ACK');
    expect(formatTcpFlagsWireshark(0)).toBe('<None>');
  });

  it('draws the one-letter summary of tcp.flags.str (zeek/rst-inject-rae.pcap frame 2: 0x0f14)', () => {
    expect(tcpFlagsSummary(0xf14)).toBe('RRRA···A·R··');
    expect(tcpFlagsSummary(0x0ff)).toBe('····CEUAPRSF');
    expect(tcpFlagsSummary(0x002)).toBe('··········S·');
  });
});
