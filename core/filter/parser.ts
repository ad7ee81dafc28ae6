/**
 * Display-filter grammar, with Wireshark 4.0's precedence (checked against tshark 4.0.17):
 *
 *   or    := and ( ("||" | "or") and )*              lowest: `a or b and c` is `a or (b and c)`
 *   and   := not ( ("&&" | "and") not )*
 *   not   := ("!" | "not") not | primary             `not a == 1 and b` is `(not a == 1) and b`
 *   primary := "(" or ")" | relation
 *   relation := value [ cmp value | ["not"] "in" set ]
 *   value := operand [ ("&" | "bitwise_and") operand ]   `tcp.flags & 0x12 == 0x12` masks first
 *   set   := "{" item ( [","] item )* "}"           item := operand [ ".." operand ]
 *
 * Wireshark 4.0 wants commas between set items; Synfin also takes Wireshark 3's spaces
 * (`{80 443 8000..8080}`), since people type filters from memory.
 * The parser knows no fields: whether a word is a field or a value is the checker's business.
 */
import type { Token } from './lexer';
import { lex } from './lexer';
import { fail, unexpected, unexpectedEnd } from './errors';

/** Comparison operators by meaning; `==` is any-equal and `!=` all-not-equal, as in Wireshark 4. */
export type CmpOp = 'any_eq' | 'all_ne' | 'all_eq' | 'any_ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'matches';

const CMP_OPS = new Map<string, CmpOp>(Object.entries({
  '==': 'any_eq', eq: 'any_eq', any_eq: 'any_eq',
  '!=': 'all_ne', ne: 'all_ne', all_ne: 'all_ne',
  '===': 'all_eq', all_eq: 'all_eq',
  '!==': 'any_ne', '~=': 'any_ne', any_ne: 'any_ne',
  '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge',
  contains: 'contains', matches: 'matches', '~': 'matches',
}) as [string, CmpOp][]);

/** Words that are operators, never names or values. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'bitwise_and', ...[...CMP_OPS.keys()].filter((k) => /^[a-z_]+$/.test(k))]);

export interface Operand {
  kind: 'word' | 'string' | 'char';
  /** Source text (strings with their quotes). */
  text: string;
  /** Value after escapes. */
  value: string;
  start: number;
  end: number;
}

/** An operand, optionally masked: `tcp.flags & 0x12`. */
export interface Value {
  operand: Operand;
  mask: Operand | null;
  start: number;
  end: number;
}

export interface SetItem {
  low: Operand;
  high: Operand | null;
}

interface Spanned {
  start: number;
  end: number;
}

export type Expr = Spanned &
  (
    | { kind: 'or' | 'and'; left: Expr; right: Expr }
    | { kind: 'not'; operand: Expr }
    | { kind: 'test'; value: Value }
    | { kind: 'compare'; op: CmpOp; opText: string; opStart: number; opEnd: number; left: Value; right: Value }
    | { kind: 'in'; negated: boolean; opStart: number; opEnd: number; left: Value; items: SetItem[] }
  );

/** Parses a filter; null for an empty (all-blank) filter, which keeps every packet. */
export function parse(text: string): Expr | null {
  const p = new Parser(lex(text));
  if (p.peek().kind === 'end') return null;
  const e = p.or();
  p.expectEnd();
  return e;
}

const isWord = (t: Token, w: string): boolean => t.kind === 'word' && t.text === w;
const isOr = (t: Token): boolean => t.kind === '||' || isWord(t, 'or');
const isAnd = (t: Token): boolean => t.kind === '&&' || isWord(t, 'and');
const isNot = (t: Token): boolean => t.kind === '!' || isWord(t, 'not');
const cmpOf = (t: Token): CmpOp | undefined => (t.kind === 'string' || t.kind === 'char' ? undefined : CMP_OPS.get(t.text));

const START_OF_TEST = 'a field, "not" or "("';
const AFTER_TEST = '"and", "or" or the end of the filter';

class Parser {
  private i = 0;
  /** Open parentheses, innermost last, for "expected ')'" messages. */
  private readonly open: Token[] = [];

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  or(): Expr {
    let left = this.and();
    while (isOr(this.peek())) {
      this.next();
      const right = this.and();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (isAnd(this.peek())) {
      this.next();
      const right = this.not();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): Expr {
    const t = this.peek();
    if (!isNot(t)) return this.primary();
    this.next();
    const operand = this.not();
    return { kind: 'not', operand, start: t.start, end: operand.end };
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind !== '(') return this.relation();
    this.next();
    this.open.push(t);
    const inner = this.or();
    const close = this.peek();
    if (close.kind !== ')') this.afterTest(close);
    this.next();
    this.open.pop();
    return { ...inner, start: t.start, end: close.end };
  }

  private relation(): Expr {
    const left = this.value(START_OF_TEST);
    const t = this.peek();
    const op = cmpOf(t);
    if (op) {
      this.next();
      const right = this.value(`a value after "${t.text}"`);
      return { kind: 'compare', op, opText: t.text, opStart: t.start, opEnd: t.end, left, right, start: left.start, end: right.end };
    }
    if (isWord(t, 'in') || (isNot(t) && isWord(this.tokens[this.i + 1]!, 'in'))) {
      const negated = isNot(t);
      if (negated) this.next();
      const inTok = this.next();
      const { items, end } = this.set(inTok);
      return { kind: 'in', negated, opStart: t.start, opEnd: inTok.end, left, items, start: left.start, end };
    }
    return { kind: 'test', value: left, start: left.start, end: left.end };
  }

  private value(expected: string): Value {
    const operand = this.operand(expected);
    const t = this.peek();
    if (t.kind !== '&' && !isWord(t, 'bitwise_and')) return { operand, mask: null, start: operand.start, end: operand.end };
    this.next();
    const mask = this.operand(`a value after "${t.text}"`);
    return { operand, mask, start: operand.start, end: mask.end };
  }

  private operand(expected: string): Operand {
    const t = this.peek();
    if (t.kind === 'end') unexpectedEnd(t.start, expected);
    if ((t.kind === 'word' && !KEYWORDS.has(t.text)) || t.kind === 'string' || t.kind === 'char') {
      this.next();
      return { kind: t.kind, text: t.text, value: t.value, start: t.start, end: t.end };
    }
    unexpected(t.text, t, expected);
  }

  private set(inTok: Token): { items: SetItem[]; end: number } {
    const brace = this.peek();
    if (brace.kind !== '{') {
      if (brace.kind === 'end') unexpectedEnd(brace.start, `"{" after "${inTok.text}"`);
      unexpected(brace.text, brace, `"{" after "${inTok.text}"`);
    }
    this.next();
    const items: SetItem[] = [];
    for (;;) {
      const low = this.setOperand(brace);
      let high: Operand | null = null;
      if (this.peek().kind === '..') {
        this.next();
        high = this.setOperand(brace);
      }
      items.push({ low, high });
      const t = this.peek();
      if (t.kind === '}') {
        this.next();
        return { items, end: t.end };
      }
      if (t.kind === ',') this.next();
      else if (t.kind === 'end') this.unclosedSet(brace);
      else if ((t.kind !== 'word' && t.kind !== 'string' && t.kind !== 'char') || KEYWORDS.has(t.text)) {
        unexpected(t.text, t, '",", ".." or "}"');
      }
    }
  }

  private setOperand(brace: Token): Operand {
    if (this.peek().kind === 'end') this.unclosedSet(brace);
    return this.operand('a value');
  }

  private unclosedSet(brace: Token): never {
    unexpectedEnd(this.peek().start, `"}" to close the "{" at column ${brace.start + 1}`);
  }

  private unclosed(open: Token): never {
    fail(`Unexpected end of filter expression. Expected ")" to close the "(" at column ${open.start + 1}.`, open);
  }

  /** After a complete test only "and", "or", ")" (inside parentheses) or the end may follow. */
  private afterTest(t: Token): never {
    const open = this.open.at(-1);
    if (t.kind === 'end') {
      if (open) this.unclosed(open);
      unexpectedEnd(t.start);
    }
    if (t.kind === ')' && !open) fail('")" was unexpected in this context. There is no "(" for it to close.', t);
    unexpected(t.text, t, open ? '"and", "or" or ")"' : AFTER_TEST);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') this.afterTest(t);
  }
}

