/**
 * Tests on one occurrence of a field: comparisons with a constant, set membership, comparisons
 * of two fields, and masks. These run once per key value (a table entry), not once per packet,
 * except for per-packet fields.
 */
import type { CmpOp } from './parser';
import type { Const, FieldType, Occurrence } from './types';

export type OccPredicate = (v: Occurrence) => boolean;
export type PairPredicate = (a: Occurrence, b: Occurrence) => boolean;

/** The top `bits` bits of a 32-bit word set (a netmask), as an unsigned number. */
export const netmask = (bits: number): number => (bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0);

/** a − b in the order of the type: negative, 0 or positive; NaN when they cannot be ordered. */
export function order(a: Occurrence, c: Const): number {
  switch (c.t) {
    case 'num':
      return (a as number) - c.v;
    case 'negative':
      return NaN;
    case 'ipv4': {
      const m = netmask(c.bits);
      return (((a as number) & m) >>> 0) - ((c.v & m) >>> 0);
    }
    case 'ipv6':
      return orderIPv6(a as Uint32Array, c.w, c.bits);
    case 'str':
      return compareStrings(a as string, c.v);
    case 'bytes':
    case 'regex':
      return NaN;
  }
}

function orderIPv6(a: Uint32Array, b: Uint32Array, bits: number): number {
  for (let i = 0; i < 4; i++) {
    const m = netmask(bits - 32 * i);
    const x = (a[i]! & m) >>> 0;
    const y = (b[i]! & m) >>> 0;
    if (x !== y) return x - y;
  }
  return 0;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether an ordering result satisfies a comparison operator (NaN satisfies only "not equal"). */
export function holds(op: CmpOp, o: number): boolean {
  switch (op) {
    case 'any_eq':
    case 'all_eq':
      return o === 0;
    case 'all_ne':
    case 'any_ne':
      return o !== 0;
    case 'lt':
      return o < 0;
    case 'le':
      return o <= 0;
    case 'gt':
      return o > 0;
    case 'ge':
      return o >= 0;
    case 'contains':
    case 'matches':
      return false;
  }
}

export function valuePredicate(op: CmpOp, c: Const): OccPredicate {
  if (op === 'contains') {
    if (c.t === 'bytes') return (v) => containsBytes(macBytes(v as number), c.v);
    if (c.t === 'str') return (v) => (v as string).includes(c.v);
  }
  if (op === 'matches' && c.t === 'regex') return (v) => c.v.test(v as string);
  return (v) => holds(op, order(v, c));
}

export interface SetItemConst {
  low: Const;
  high: Const | null;
}

/** `in {a, b..c}`: equal to an item, or within a range (both ends included). */
export function setPredicate(items: readonly SetItemConst[]): OccPredicate {
  return (v) => items.some(({ low, high }) => (high ? order(v, low) >= 0 && order(v, high) <= 0 : order(v, low) === 0));
}

/** Comparison of two fields' occurrences (`tcp.srcport == tcp.dstport`). */
export function pairPredicate(type: FieldType, op: CmpOp): PairPredicate {
  if (type === 'ipv6') return (a, b) => holds(op, orderIPv6(a as Uint32Array, b as Uint32Array, 128));
  if (type === 'string') return (a, b) => holds(op, compareStrings(a as string, b as string));
  return (a, b) => holds(op, (a as number) - (b as number));
}

/** `field & mask`: the masked value (unsigned integers and IPv4 addresses). */
export function maskValue(mask: Const): (v: Occurrence) => number {
  const m = mask.t === 'num' || mask.t === 'ipv4' ? mask.v : 0;
  // Numbers above 32 bits (never in these types) would not survive `&`; masks are at most 32 bits.
  return (v) => ((v as number) & m) >>> 0;
}

function macBytes(v: number): Uint8Array {
  const b = new Uint8Array(6);
  let x = v;
  for (let i = 5; i >= 0; i--) {
    b[i] = x % 256;
    x = Math.floor(x / 256);
  }
  return b;
}

function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}
