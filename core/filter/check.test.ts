import { describe, expect, it } from 'vitest';
import { checkFilter, compileFilter } from './index';

const error = (text: string): { message: string; start: number; end: number } => {
  const r = checkFilter(text);
  if (r.ok) throw new Error(`no error for ${text}`);
  return { message: r.message, start: r.start, end: r.end };
};

describe('checkFilter (the filter bar, as you type)', () => {
  it('accepts every complete filter, and the empty one', () => {
    for (const t of ['', ' ', 'tcp', 'tcp.port == 80', 'ip.addr == 10.0.0.0/8 && !(tcp.flags.syn == 1)', 'synfin.role == "handshake-2"']) {
      expect(checkFilter(t), t).toEqual({ ok: true });
    }
  });
  it('reports a half-typed filter with where it stops', () => {
    expect(checkFilter('tcp.port ==')).toEqual({ ok: false, message: 'Unexpected end of filter expression. Expected a value after "==".', start: 11, end: 11 });
  });
});

describe('names', () => {
  it('says a bare unknown name is neither a field nor a protocol, in tshark\'s words, with a suggestion', () => {
    expect(error('tcp.prot')).toEqual({ message: 'tcp.prot is neither a field nor a protocol name. Did you mean tcp.port?', start: 0, end: 8 });
    expect(error('tcp and http.request').message).toBe('http.request is neither a field nor a protocol name.');
    expect(error('"abc"').message).toBe('"abc" is neither a field nor a protocol name.');
    expect(error('80')).toEqual({ message: '80 is neither a field nor a protocol name.', start: 0, end: 2 });
  });
  it('says the left side of a comparison must be a field, in tshark\'s words', () => {
    expect(error('tcp.prot == 80')).toEqual({ message: 'Left side of "==" expression must be a field or function, not tcp.prot. Did you mean tcp.port?', start: 0, end: 8 });
    expect(error('80 eq tcp.port').message).toBe('Left side of "eq" expression must be a field or function, not 80.');
    expect(error('TCP.len ge 441').message).toBe('Left side of "ge" expression must be a field or function, not TCP.len. Did you mean tcp.len?');
    expect(error('foo in {1}').message).toBe('Left side of "in" expression must be a field or function, not foo.');
  });
});

describe('operators against types', () => {
  it('refuses comparisons of labels (present-or-absent fields), in tshark\'s words', () => {
    expect(error('tcp.analysis.flags == 1')).toEqual({ message: 'tcp.analysis.flags (type=Label) cannot participate in == comparison.', start: 0, end: 18 });
    expect(error('tcp.analysis.retransmission > 1').message).toBe('tcp.analysis.retransmission (type=Label) cannot participate in > comparison.');
    expect(error('tcp.analysis.flags in {1}').message).toBe('tcp.analysis.flags (type=Label) cannot participate in in comparison.');
  });
  it('refuses comparisons of protocols, which Synfin tests for presence only', () => {
    expect(error('tcp == 1').message).toBe('tcp (type=Protocol) cannot participate in == comparison. Synfin tests protocols for presence only ("tcp").');
    expect(error('frame contains "GET"').message).toBe('frame (type=Protocol) cannot participate in contains comparison. Synfin tests protocols for presence only ("frame").');
  });
  it('takes "contains" on MAC addresses and strings only, and "matches" on strings only', () => {
    expect(error('tcp.port contains 80').message).toBe('tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.');
    expect(error('ip.addr contains 10.0').message).toBe('ip.addr (type=IPv4 address) cannot participate in contains comparison.');
    expect(error('ipv6.addr contains 2001').message).toBe('ipv6.addr (type=IPv6 address) cannot participate in contains comparison.');
    expect(error('tcp.port matches "80"').message).toBe('tcp.port (type=Unsigned integer (2 bytes)) cannot participate in matches comparison.');
    expect(error('frame.time_relative matches "1"').message).toBe('frame.time_relative (type=Time offset) cannot participate in matches comparison.');
    expect(error('tcp.flags.syn ~ "1"').message).toBe('tcp.flags.syn (type=Boolean) cannot participate in ~ comparison.');
    expect(checkFilter('eth.addr contains 00:0c')).toEqual({ ok: true });
    expect(checkFilter('synfin.state.client matches "(?i)wait"')).toEqual({ ok: true });
  });
  it('masks unsigned integers and IPv4 addresses only', () => {
    expect(error('tcp.flags.syn & 1').message).toBe('FT_BOOLEAN cannot &.');
    expect(error('eth.addr & 1').message).toBe('FT_ETHER cannot &.');
    expect(error('ip.addr & 255.0.0.0/8').message).toBe('A mask cannot have a prefix length ("255.0.0.0/8").');
    expect(error('tcp.flags & -1').message).toBe('"-1" cannot be a mask.');
    expect(error('tcp.flags == 0x12 & 0x10').message).toBe('Only the left side of "==" may be masked with "&".');
  });
  it('compares two fields only when their types are compatible, in tshark\'s words', () => {
    expect(error('tcp.port == ip.addr')).toEqual({ message: 'tcp.port and ip.addr are not of compatible types.', start: 12, end: 19 });
    expect(error('ip.proto == tcp').message).toBe('ip.proto and tcp are not of compatible types.');
    expect(error('synfin.role contains synfin.teardown').message).toBe('Synfin cannot use a field (synfin.teardown) as the pattern of "contains".');
    expect(checkFilter('tcp.srcport == tcp.len')).toEqual({ ok: true });
  });
  it('converts the value for the field and reports where it is', () => {
    expect(error('tcp.port == 70000')).toEqual({ message: '"70000" too big for this field, maximum 65535.', start: 12, end: 17 });
    expect(error('tcp.port in {80, "abc"}')).toEqual({ message: 'Unsigned integer (2 bytes) cannot be converted from a string ("abc").', start: 17, end: 22 });
    expect(error('tcp.flags.fin == yes').message).toBe('"yes" cannot be found among the possible values for tcp.flags.fin.');
    expect(error('synfin.role == handshake-9').message).toBe(
      '"handshake-9" cannot be found among the possible values for synfin.role. Possible values: handshake-1, handshake-2, handshake-3, teardown-1, teardown-2, teardown-3, teardown-4, reset.',
    );
  });
});

describe('compileFilter', () => {
  it('lists the fields a filter reads, with the protocols they need', () => {
    const r = compileFilter('tcp.port == 80 && (ip.src == 10.0.0.0/8 || tcp.srcport == tcp.dstport)');
    expect(r.ok && r.value.fields).toEqual(['tcp.port', 'ip.src', 'tcp.srcport', 'tcp.dstport']);
    const flags = compileFilter('tcp.flags.syn == 1');
    expect(flags.ok && flags.value.fields).toEqual(['tcp', 'tcp.flags.syn']);
  });
  it('marks the empty filter as keeping everything', () => {
    const r = compileFilter('  ');
    expect(r.ok && r.value.keepsAll).toBe(true);
  });
});
