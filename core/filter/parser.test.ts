import { describe, expect, it } from 'vitest';
import type { Expr, Value } from './parser';
import { parse } from './parser';
import { FilterSyntaxError } from './errors';

const v = (x: Value): string => (x.mask ? `${x.operand.text}&${x.mask.text}` : x.operand.text);
/** The tree as a compact s-expression. */
function show(e: Expr | null): string {
  if (!e) return '∅';
  switch (e.kind) {
    case 'or':
    case 'and':
      return `(${e.kind} ${show(e.left)} ${show(e.right)})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'test':
      return v(e.value);
    case 'compare':
      return `[${v(e.left)} ${e.op} ${v(e.right)}]`;
    case 'in':
      return `[${v(e.left)} ${e.negated ? 'not-in' : 'in'} ${e.items.map((i) => (i.high ? `${i.low.text}..${i.high.text}` : i.low.text)).join(',')}]`;
  }
}
const p = (text: string): string => show(parse(text));
const errorOf = (text: string): { message: string; start: number; end: number } => {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e.error;
  }
  throw new Error(`no error for ${text}`);
};

describe('precedence (as tshark 4.0.17 evaluates it)', () => {
  it('binds "and" tighter than "or", on either side', () => {
    expect(p('a or b and c')).toBe('(or a (and b c))');
    expect(p('a and b or c')).toBe('(or (and a b) c)');
    expect(p('a || b && c || d')).toBe('(or (or a (and b c)) d)');
  });
  it('binds "not" tighter than "and", and looser than a comparison', () => {
    expect(p('not a == 1 and b')).toBe('(and (not [a any_eq 1]) b)');
    expect(p('!!a')).toBe('(not (not a))');
  });
  it('lets parentheses override', () => {
    expect(p('(a or b) and c')).toBe('(and (or a b) c)');
    expect(p('(((a)))')).toBe('a');
  });
  it('masks before comparing: tcp.flags & 0x12 == 0x12', () => {
    expect(p('tcp.flags & 0x12 == 0x12')).toBe('[tcp.flags&0x12 any_eq 0x12]');
    expect(p('tcp.flags bitwise_and 0x02')).toBe('tcp.flags&0x02');
  });
  it('keeps every filter empty of tests when it is blank', () => {
    expect(p('')).toBe('∅');
    expect(p('   ')).toBe('∅');
  });
});

describe('operators', () => {
  it('reads each spelling of each comparison as Wireshark 4 means it', () => {
    const forms: [string, string][] = [
      ['==', 'any_eq'], ['eq', 'any_eq'], ['any_eq', 'any_eq'], ['!=', 'all_ne'], ['ne', 'all_ne'], ['all_ne', 'all_ne'],
      ['===', 'all_eq'], ['all_eq', 'all_eq'], ['!==', 'any_ne'], ['~=', 'any_ne'], ['any_ne', 'any_ne'],
      ['<', 'lt'], ['lt', 'lt'], ['<=', 'le'], ['le', 'le'], ['>', 'gt'], ['gt', 'gt'], ['>=', 'ge'], ['ge', 'ge'],
      ['contains', 'contains'], ['matches', 'matches'], ['~', 'matches'],
    ];
    for (const [op, meaning] of forms) expect(p(`f ${op} 1`), op).toBe(`[f ${meaning} 1]`);
  });
  it('reads "and", "or", "not" in words and in symbols', () => {
    expect(p('a and b or not c')).toBe(p('a && b || !c'));
  });
  it('takes keywords in lower case only, as tshark does', () => {
    expect(errorOf('tcp.len GE 441').message).toBe('"GE" was unexpected in this context. Expected "and", "or" or the end of the filter.');
  });
});

describe('sets', () => {
  it('reads items separated by commas, by spaces (Wireshark 3), or both, with ranges', () => {
    expect(p('tcp.port in {80, 443, 8000..8080}')).toBe('[tcp.port in 80,443,8000..8080]');
    expect(p('tcp.port in {80 443 8000..8080}')).toBe('[tcp.port in 80,443,8000..8080]');
    expect(p('tcp.port in { 80 .. 100 ,443}')).toBe('[tcp.port in 80..100,443]');
  });
  it('reads "not in" as the negation of "in"', () => {
    expect(p('tcp.port not in {80}')).toBe('[tcp.port not-in 80]');
  });
  it('takes strings, CIDR networks and MAC ranges as items', () => {
    expect(p('synfin.role in {"reset", handshake-1}')).toBe('[synfin.role in "reset",handshake-1]');
    expect(p('ip.addr in {10.0.0.0/8 192.168.1.1..192.168.1.9}')).toBe('[ip.addr in 10.0.0.0/8,192.168.1.1..192.168.1.9]');
  });
  it('refuses an empty set, a trailing comma and a missing brace', () => {
    expect(errorOf('tcp.port in {}')).toEqual({ message: '"}" was unexpected in this context. Expected a value.', start: 13, end: 14 });
    expect(errorOf('tcp.port in {80,}').message).toBe('"}" was unexpected in this context. Expected a value.');
    expect(errorOf('tcp.port in 80')).toEqual({ message: '"80" was unexpected in this context. Expected "{" after "in".', start: 12, end: 14 });
    expect(errorOf('tcp.port in {80').message).toBe('Unexpected end of filter expression. Expected "}" to close the "{" at column 13.');
    expect(errorOf('tcp.port in {80..').message).toBe('Unexpected end of filter expression. Expected "}" to close the "{" at column 13.');
    expect(errorOf('tcp.port in {80 and 81}').message).toBe('"and" was unexpected in this context. Expected ",", ".." or "}".');
  });
});

describe('syntax errors', () => {
  it('says what was expected at the end of the filter', () => {
    expect(errorOf('tcp.port ==')).toEqual({ message: 'Unexpected end of filter expression. Expected a value after "==".', start: 11, end: 11 });
    expect(errorOf('tcp.port == 80 and')).toEqual({ message: 'Unexpected end of filter expression. Expected a field, "not" or "(".', start: 18, end: 18 });
    expect(errorOf('not').message).toBe('Unexpected end of filter expression. Expected a field, "not" or "(".');
    expect(errorOf('tcp.flags &').message).toBe('Unexpected end of filter expression. Expected a value after "&".');
  });
  it('points at an unclosed parenthesis', () => {
    expect(errorOf('tcp and (tcp.port == 80')).toEqual({ message: 'Unexpected end of filter expression. Expected ")" to close the "(" at column 9.', start: 8, end: 9 });
  });
  it('points at a closing parenthesis with nothing to close', () => {
    expect(errorOf('tcp.port == 80)')).toEqual({ message: '")" was unexpected in this context. There is no "(" for it to close.', start: 14, end: 15 });
    expect(errorOf('()')).toEqual({ message: '")" was unexpected in this context. Expected a field, "not" or "(".', start: 1, end: 2 });
  });
  it('points at a token that cannot follow a complete test', () => {
    expect(errorOf('tcp.port == 80 80')).toEqual({ message: '"80" was unexpected in this context. Expected "and", "or" or the end of the filter.', start: 15, end: 17 });
    expect(errorOf('tcp.port == 80 not tcp').message).toBe('"not" was unexpected in this context. Expected "and", "or" or the end of the filter.');
    expect(errorOf('(tcp.port == 80 tcp)').message).toBe('"tcp" was unexpected in this context. Expected "and", "or" or ")".');
    expect(errorOf('a == b == c')).toMatchObject({ start: 7, end: 9 });
  });
  it('points at an operator where a test should start', () => {
    expect(errorOf('&& tcp')).toEqual({ message: '"&&" was unexpected in this context. Expected a field, "not" or "(".', start: 0, end: 2 });
    expect(errorOf('tcp.port == 80 and or tcp').message).toBe('"or" was unexpected in this context. Expected a field, "not" or "(".');
    expect(errorOf('tcp.port == and').message).toBe('"and" was unexpected in this context. Expected a value after "==".');
  });
});
