/**
 * Filter errors: a message and the character range it is about, as the filter bar shows them.
 * Messages start with Wireshark 4.0's own words where tshark has them (so that a message can be
 * searched for), followed where useful by what Synfin expected there.
 */
import type { FilterError } from '../api';

export type { FilterError };

/** Thrown inside the lexer, parser and checker only; the public API returns it as a value. */
export class FilterSyntaxError extends Error {
  constructor(readonly error: FilterError) {
    super(error.message);
  }
}

export interface Span {
  start: number;
  end: number;
}

export function fail(message: string, span: Span): never {
  throw new FilterSyntaxError({ message, start: span.start, end: span.end });
}

/** Wireshark: `"X" was unexpected in this context.` */
export function unexpected(text: string, span: Span, expected?: string): never {
  fail(`"${text}" was unexpected in this context.${expected ? ` Expected ${expected}.` : ''}`, span);
}

/** Wireshark: `Unexpected end of filter expression.` */
export function unexpectedEnd(at: number, expected?: string): never {
  fail(`Unexpected end of filter expression.${expected ? ` Expected ${expected}.` : ''}`, { start: at, end: at });
}
