import { describe, expect, it } from 'vitest';
import type { LiteralTarget, Purpose } from './literals';
import { convert, parseBytes, parseInteger, parseIPv4, parseIPv6, parseTime } from './literals';
import type { Operand } from './parser';
import type { FieldType } from './types';
import { FilterSyntaxError } from './errors';

const word = (text: string): Operand => ({ kind: 'word', text, value: text, start: 0, end: text.length });
const quoted = (value: string): Operand => ({ kind: 'string', text: `"${value}"`, value, start: 0, end: value.length + 2 });
const field = (type: FieldType, names?: string[]): LiteralTarget => ({ name: `f.${type}`, type, names });
const errorOf = (f: LiteralTarget, o: Operand, purpose: Purpose = 'value'): string => {
  try {
    convert(f, o, purpose);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e.error.message;
  }
  throw new Error(`no error for ${o.text}`);
};

describe('numbers', () => {
  it('reads decimal, hex, octal (leading 0), binary and signs as tshark does', () => {
    expect(['80', '0x50', '0X50', '0120', '0b1010000', '0', '-1'].map((t) => parseInteger(t))).toEqual([80n, 80n, 80n, 80n, 80n, 0n, -1n]);
    expect(['08', '1_000', '80.', '4.4e2', '', '0x'].map((t) => parseInteger(t))).toEqual([null, null, null, null, null, null]);
  });
  it('checks a number against the field\'s width, in tshark\'s words', () => {
    expect(convert(field('uint16'), word('65535'), 'value')).toEqual({ t: 'num', v: 65535 });
    expect(errorOf(field('uint16'), word('70000'))).toBe('"70000" too big for this field, maximum 65535.');
    expect(errorOf(field('uint8'), word('256'))).toBe('"256" too big for this field, maximum 255.');
    expect(errorOf(field('uint32'), word('0x100000000'))).toBe('"0x100000000" too big for this field, maximum 4294967295.');
    expect(errorOf(field('uint16'), word('99999999999999999999'))).toBe('"99999999999999999999" causes an integer overflow.');
    expect(errorOf(field('uint16'), word('abc'))).toBe('"abc" is not a valid number.');
    expect(errorOf(field('uint16'), quoted('80'))).toBe('Unsigned integer (2 bytes) cannot be converted from a string ("80").');
  });
  it('keeps a negative number for an unsigned field as one that compares with nothing', () => {
    expect(convert(field('uint16'), word('-1'), 'value')).toEqual({ t: 'negative' });
  });
  it('takes a character constant as its code', () => {
    expect(convert(field('uint32'), { kind: 'char', text: "'A'", value: 'A', start: 0, end: 3 }, 'value')).toEqual({ t: 'num', v: 65 });
  });
});

describe('booleans', () => {
  it('takes any non-zero number as true, and True/False in any case', () => {
    expect(['1', '2', '0x100000000', '0', 'True', 'true', 'FALSE'].map((t) => convert(field('bool'), word(t), 'value'))).toEqual(
      [1, 1, 1, 0, 1, 1, 0].map((v) => ({ t: 'num', v })),
    );
  });
  it('refuses other words and strings as tshark does', () => {
    expect(errorOf(field('bool'), word('yes'))).toBe('"yes" cannot be found among the possible values for f.bool.');
    expect(errorOf(field('bool'), quoted('1'))).toBe('"1" cannot be found among the possible values for f.bool.');
    expect(errorOf(field('bool'), word('-1'))).toBe('FT_BOOLEAN cannot -.');
  });
});

describe('times', () => {
  it('reads seconds with up to nine decimals as exact nanoseconds', () => {
    expect(['0', '1', '0.5', '0.016903', '0.016903000', '-0.5', '12.000000001'].map(parseTime)).toEqual(
      [0, 1e9, 5e8, 16903000, 16903000, -5e8, 12000000001],
    );
    expect(['0.0169030001', '1s', '0x1', '1e-1', '.1', '1:00'].map(parseTime)).toEqual([null, null, null, null, null, null]);
  });
  it('names the bad time', () => {
    expect(errorOf(field('reltime'), word('1s'))).toBe('"1s" is not a valid time.');
    expect(errorOf(field('reltime'), quoted('1'))).toBe('Time offset cannot be converted from a string ("1").');
  });
});

describe('IPv4', () => {
  it('reads dotted quads strictly (no leading zeros, four parts)', () => {
    expect(parseIPv4('10.1.2.255')).toBe(0x0a0102ff);
    expect(['1.2.3', '300.1.1.1', '172.016.16.140', '0xac.16.16.140', '1.2.3.4.5', 'localhost'].map(parseIPv4)).toEqual([null, null, null, null, null, null]);
  });
  it('reads CIDR prefixes and checks their length', () => {
    expect(convert(field('ipv4'), word('10.0.0.0/8'), 'value')).toEqual({ t: 'ipv4', v: 0x0a000000, bits: 8 });
    expect(convert(field('ipv4'), word('10.0.0.1'), 'value')).toEqual({ t: 'ipv4', v: 0x0a000001, bits: 32 });
    expect(errorOf(field('ipv4'), word('10.0.0.0/33'))).toBe('Netmask bits in a CIDR IPv4 address should be <= 32, not 33');
    expect(errorOf(field('ipv4'), word('10.0.0.0/x'))).toBe('"10.0.0.0/x" is not a valid network: a prefix length (a number) must follow "/".');
    expect(errorOf(field('ipv4'), word('1.2.3'))).toBe('"1.2.3" is not a valid hostname or IPv4 address.');
    expect(errorOf(field('ipv4'), quoted('1.2.3.4'))).toBe('IPv4 address cannot be converted from a string ("1.2.3.4").');
  });
});

describe('IPv6', () => {
  const hex = (w: Uint32Array | null): string | null => (w ? Array.from(w, (x) => x.toString(16).padStart(8, '0')).join('') : null);
  it('reads the RFC 4291 text forms', () => {
    expect(hex(parseIPv6('2001:db8:1:2::1000'))).toBe('20010db8000100020000000000001000');
    expect(hex(parseIPv6('2001:DB8:1:2:0:0:0:1002'))).toBe('20010db8000100020000000000001002');
    expect(hex(parseIPv6('::'))).toBe('0'.repeat(32));
    expect(hex(parseIPv6('::1'))).toBe(`${'0'.repeat(31)}1`);
    expect(hex(parseIPv6('fe80::'))).toBe(`fe80${'0'.repeat(28)}`);
    expect(hex(parseIPv6('::ffff:1.2.3.4'))).toBe('00000000000000000000ffff01020304');
  });
  it('refuses malformed addresses', () => {
    expect(['2001:db8:::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::', '1.2.3.4', '1:2:3:4:5:6:7::8'].map(parseIPv6)).toEqual(
      [null, null, null, null, null, null, null, null],
    );
  });
  it('reads prefixes and checks their length', () => {
    expect(convert(field('ipv6'), word('2001:db8::/32'), 'value')).toMatchObject({ t: 'ipv6', bits: 32 });
    expect(errorOf(field('ipv6'), word('2001:db8::/129'))).toBe('Prefix in a IPv6 address should be <= 128, not 129');
    expect(errorOf(field('ipv6'), word('hello'))).toBe('"hello" is not a valid hostname or IPv6 address.');
  });
});

describe('MAC addresses and bytes', () => {
  it('reads the separators tshark takes', () => {
    for (const t of ['00:0c:29:d3:46:dd', '00-0c-29-d3-46-dd', '00.0c.29.d3.46.dd', '000c.291d.29b5'.replace('291d.29b5', '29d3.46dd'), '000c29d346dd', '00:0C:29:D3:46:DD']) {
      expect(convert(field('ether'), word(t), 'value'), t).toEqual({ t: 'num', v: 0x000c29d346dd });
    }
  });
  it('counts the bytes of a wrong-length address, in tshark\'s words', () => {
    expect(errorOf(field('ether'), word('00:11'))).toBe('"00:11" contains too few bytes to be a valid Ethernet address.');
    expect(errorOf(field('ether'), word('00:0c:29:d3:46:dd:00'))).toBe('"00:0c:29:d3:46:dd:00" contains too many bytes to be a valid Ethernet address.');
    expect(errorOf(field('ether'), word('hello'))).toBe('"hello" is not a valid Ethernet address.');
    expect(errorOf(field('ether'), quoted('F'), 'contains')).toBe('Ethernet or other MAC address cannot be converted from a string ("F").');
  });
  it('takes any number of bytes for "contains"', () => {
    expect(Array.from(parseBytes('d3')!)).toEqual([0xd3]);
    expect(Array.from(parseBytes('46dd')!)).toEqual([0x46, 0xdd]);
    expect(Array.from(parseBytes('d3:46')!)).toEqual([0xd3, 0x46]);
    expect(parseBytes('d')).toBeNull();
    expect(parseBytes('d3:4')).toBeNull();
  });
});

describe('strings', () => {
  const roles = field('string', ['handshake-1', 'reset']);
  it('takes the known values of an enumerated field in any case, quoted or bare', () => {
    expect(convert(roles, word('handshake-1'), 'value')).toEqual({ t: 'str', v: 'handshake-1' });
    expect(convert(roles, quoted('RESET'), 'value')).toEqual({ t: 'str', v: 'reset' });
  });
  it('lists the possible values when a value is unknown', () => {
    expect(errorOf(roles, quoted('handshake-9'))).toBe('"handshake-9" cannot be found among the possible values for f.string. Possible values: handshake-1, reset.');
  });
  it('takes any text for "contains" and a regular expression for "matches", with PCRE\'s (?i)', () => {
    expect(convert(roles, quoted('shake'), 'contains')).toEqual({ t: 'str', v: 'shake' });
    const r = convert(roles, quoted('(?i)^HAND'), 'matches');
    expect(r.t === 'regex' && r.v.test('handshake-1')).toBe(true);
    expect(errorOf(roles, quoted('['), 'matches')).toMatch(/^Regex compilation error: /);
  });
});
