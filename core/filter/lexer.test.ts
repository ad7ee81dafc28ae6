import { describe, expect, it } from 'vitest';
import { lex } from './lexer';
import { FilterSyntaxError } from './errors';

const kinds = (text: string): string[] => lex(text).map((t) => (t.kind === 'word' ? `w:${t.text}` : t.kind));
const errorOf = (text: string): { message: string; start: number; end: number } => {
  try {
    lex(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e.error;
  }
  throw new Error(`no error for ${text}`);
};

describe('lexer', () => {
  it('reads operators longest first, with or without spaces around them', () => {
    expect(kinds('a===b!==c==d!=e~=f<=g>=h<i>j&&k||!l&m~n')).toEqual([
      'w:a', '===', 'w:b', '!==', 'w:c', '==', 'w:d', '!=', 'w:e', '~=', 'w:f', '<=', 'w:g', '>=', 'w:h', '<', 'w:i', '>', 'w:j',
      '&&', 'w:k', '||', '!', 'w:l', '&', 'w:m', '~', 'w:n', 'end',
    ]);
  });

  it('keeps addresses, prefixes and signed numbers in one word', () => {
    expect(kinds('ip.addr == 10.0.0.0/8 fe80::1/64 00:0c:29:d3:46:dd 000c.291d.29b5 -1 handshake-2')).toEqual([
      'w:ip.addr', '==', 'w:10.0.0.0/8', 'w:fe80::1/64', 'w:00:0c:29:d3:46:dd', 'w:000c.291d.29b5', 'w:-1', 'w:handshake-2', 'end',
    ]);
  });

  it('ends a word at ".." so that ranges need no spaces', () => {
    expect(kinds('{80..0x1f90, 1.2.3.4..1.2.3.9}')).toEqual(['{', 'w:80', '..', 'w:0x1f90', ',', 'w:1.2.3.4', '..', 'w:1.2.3.9', '}', 'end']);
  });

  it('records where each token is', () => {
    const [a, op, b] = lex('  tcp.port  ==  80');
    expect([a!.start, a!.end, op!.start, op!.end, b!.start, b!.end]).toEqual([2, 10, 12, 14, 16, 18]);
  });

  it('decodes escapes in strings and keeps the quoted text', () => {
    const [s] = lex('"G\\x45T \\"x\\" \\101\\n"');
    expect(s).toMatchObject({ kind: 'string', value: 'GET "x" A\n', text: '"G\\x45T \\"x\\" \\101\\n"' });
  });

  it('reads a one-character constant and refuses longer ones as tshark does', () => {
    expect(lex("'A'")[0]).toMatchObject({ kind: 'char', value: 'A' });
    expect(lex("'\\x41'")[0]).toMatchObject({ kind: 'char', value: 'A' });
    expect(errorOf("tcp.port == '80'")).toEqual({ message: "'80' is too long to be a valid character constant.", start: 12, end: 16 });
  });

  it('reports a missing closing quote at the end of the text', () => {
    expect(errorOf('tcp.port == "unterminated')).toEqual({ message: 'The final quote was missing from a quoted string.', start: 25, end: 25 });
  });

  it('reports a character that no token starts with, in tshark\'s words', () => {
    expect(errorOf('tcp.port @ 80')).toEqual({ message: '"@" was unexpected in this context.', start: 9, end: 10 });
    expect(errorOf('tcp.port = 80').message).toBe('"=" was unexpected in this context.');
    expect(errorOf('ipv6.addr == [::1]').message).toBe('"[" was unexpected in this context.');
  });

  it('refuses an unknown escape', () => {
    expect(errorOf('"a\\qb"').message).toBe('"\\q" is not a valid escape sequence.');
  });
});
