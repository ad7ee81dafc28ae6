import { describe, expect, it } from 'vitest';
import { flagsLabel, formatBytes, formatDuration, formatRowTime, roleBadge, roleClass, teardownLabel } from './format';

describe('format', () => {
  it('role badges name the step: HS 1/3, FIN 2/4, the FIN+ACK of a three-packet close, RST', () => {
    expect(roleBadge(['handshake-1'])).toBe('HS 1/3');
    expect(roleBadge(['teardown-2'])).toBe('FIN 2/4');
    expect(roleBadge(['teardown-2', 'teardown-3'])).toBe('FIN 2+3/4');
    expect(roleBadge(['reset'])).toBe('RST');
    expect(roleBadge([])).toBe('');
  });

  it('a reset outranks an analysis problem, which outranks handshake colouring', () => {
    expect(roleClass(['reset'], ['retransmission'])).toBe('reset');
    expect(roleClass(['handshake-1'], ['retransmission'])).toBe('problem');
    expect(roleClass(['handshake-1'], [])).toBe('handshake');
    expect(roleClass(['teardown-4'], [])).toBe('teardown');
    expect(roleClass([], [], 'truncated')).toBe('problem');
    expect(roleClass([], [])).toBe('plain');
  });

  it('times: relative and delta to the microsecond, absolute as time of day', () => {
    const row = { time: 1_700_000_000.123456, relative: 1.5, delta: 0.000123 };
    expect(formatRowTime(row, 'relative')).toBe('1.500000');
    expect(formatRowTime(row, 'delta')).toBe('0.000123');
    expect(formatRowTime(row, 'absolute')).toMatch(/^\d\d:\d\d:\d\d\.123456$/);
  });

  it('durations and sizes keep the digits that matter', () => {
    expect(formatDuration(0.0000421)).toBe('42 µs');
    expect(formatDuration(0.1689)).toBe('168.9 ms');
    expect(formatDuration(2.5)).toBe('2.500 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatBytes(367)).toBe('367 B');
    expect(formatBytes(3550)).toBe('3.55 kB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
  });

  it('teardown labels say who reset or half-closed', () => {
    expect(teardownLabel('reset', 'server')).toBe('reset by server');
    expect(teardownLabel('half-closed', 'client')).toBe('half-closed by client');
    expect(teardownLabel('four-way', 'client')).toBe('graceful four-way');
    expect(teardownLabel('open', null)).toBe('still open');
  });
});

describe('flagsLabel', () => {
  it('spaces the flags out and names a segment with none', () => {
    expect(flagsLabel('SYN,ACK')).toBe('SYN, ACK');
    expect(flagsLabel('FIN, PSH,ACK')).toBe('FIN, PSH, ACK');
    expect(flagsLabel('')).toBe('(no flags)');
  });
});
