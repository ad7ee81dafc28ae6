import { describe, expect, it } from 'vitest';
import { formatEndpoint, formatIPv4, formatIPv6, formatMac } from './address';

describe('address formatting', () => {
  it('prints IPv4 dotted quads', () => {
    expect(formatIPv4(0xc0a80001)).toBe('192.168.0.1');
  });
  it('compresses the longest run of zero groups in IPv6 (RFC 5952)', () => {
    expect(formatIPv6([0x20010db8, 0, 0, 1])).toBe('2001:db8::1');
    expect(formatIPv6([0, 0, 0, 1])).toBe('::1');
    expect(formatIPv6([0, 0, 0, 0])).toBe('::');
    expect(formatIPv6([0x20010db8, 0x00000001, 0x00000000, 0x00010001])).toBe('2001:db8:0:1::1:1');
    expect(formatIPv6([0x20010db8, 0x00010001, 0x00010001, 0x00010001])).toBe('2001:db8:1:1:1:1:1:1');
    expect(formatIPv6([0x20010000, 0x00000001, 0x00000000, 0x00000001])).toBe('2001:0:0:1::1');
    expect(formatIPv6([0, 0, 0xffff, 0x0a000001])).toBe('::ffff:10.0.0.1');
  });
  it('brackets IPv6 endpoints', () => {
    expect(formatEndpoint(6, [0xfe800000, 0, 0, 2], 443)).toBe('[fe80::2]:443');
    expect(formatEndpoint(4, [0x0a000001, 0, 0, 0], 80)).toBe('10.0.0.1:80');
  });
  it('prints MAC addresses in lower-case hex', () => {
    expect(formatMac([0x00, 0x1b, 0x21, 0xab, 0xcd, 0xef])).toBe('00:1b:21:ab:cd:ef');
  });
});
