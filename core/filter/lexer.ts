/**
 * Splits a display filter into tokens, each with its character range.
 *
 * Like Wireshark's scanner, a "word" is one run of name-and-value characters: a field name
 * (`tcp.port`), a keyword (`and`, `eq`, `contains`), a number (`0x1f`), an address
 * (`10.0.0.0/8`, `fe80::1/64`, `00:11:22:33:44:55`) or a bare string (`handshake-2`). What a word
 * means is decided by the parser and the checker, which know where it stands.
 */
import { fail, unexpected } from './errors';

export type TokenKind =
  | 'word' | 'string' | 'char'
  | '==' | '!=' | '===' | '!==' | '~=' | '~' | '<' | '<=' | '>' | '>='
  | '&&' | '||' | '!' | '&' | '(' | ')' | '{' | '}' | ',' | '..'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: with the quotes). */
  text: string;
  /** Strings and character constants: the value after escapes. */
  value: string;
  start: number;
  end: number;
}

/** Operators, longest first so that `===` is not read as `==` then `=`. */
const OPERATORS: readonly TokenKind[] = ['===', '!==', '==', '!=', '~=', '<=', '>=', '&&', '||', '..', '~', '<', '>', '!', '&', '(', ')', '{', '}', ','];

const isWordChar = (c: string): boolean => /[A-Za-z0-9_.:/-]/.test(c);

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const { value, end } = readQuoted(text, i, '"');
      tokens.push({ kind: 'string', text: text.slice(i, end), value, start: i, end });
      i = end;
      continue;
    }
    if (c === "'") {
      const { value, end } = readQuoted(text, i, "'");
      const raw = text.slice(i, end);
      if ([...value].length !== 1) fail(`${raw} is too long to be a valid character constant.`, { start: i, end });
      tokens.push({ kind: 'char', text: raw, value, start: i, end });
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: op, text: op, value: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      // A range's ".." ends a word: "80..100" is 80, "..", 100 (an address never holds "..").
      while (j < text.length && isWordChar(text[j]!) && !text.startsWith('..', j)) j++;
      const word = text.slice(i, j);
      tokens.push({ kind: 'word', text: word, value: word, start: i, end: j });
      i = j;
      continue;
    }
    unexpected(c, { start: i, end: i + 1 });
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** Reads a quoted string or character constant starting at `start` (the opening quote). */
function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    if (e in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'x' && /^[0-9a-fA-F]{1,2}/.test(text.slice(i + 2, i + 4))) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))![0];
      value += String.fromCharCode(parseInt(hex, 16));
      i += 2 + hex.length;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      value += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i += 1 + oct.length;
    } else {
      fail(`"\\${e}" is not a valid escape sequence.`, { start: i, end: i + 2 });
    }
  }
  fail(
    quote === '"' ? 'The final quote was missing from a quoted string.' : 'The final quote was missing from a character constant.',
    { start: text.length, end: text.length },
  );
}
