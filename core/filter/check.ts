/**
 * The checker: resolves names against the field registry, checks each operator against the
 * field's type, converts literals, and produces the tests the compiler turns into code.
 */
import type { CmpOp, Expr, Operand, Value } from './parser';
import type { FieldDef } from './fields';
import { FIELDS, fieldByName } from './fields';
import type { Const, Occurrence } from './types';
import { TYPES, compatible } from './types';
import { convert } from './literals';
import type { OccPredicate, PairPredicate, SetItemConst } from './predicates';
import { maskValue, pairPredicate, setPredicate, valuePredicate } from './predicates';
import { fail } from './errors';

/**
 * How a field's occurrences decide a test (Wireshark 4.0): `any` occurrence passing (==, <, in …),
 * `all` of at least one passing (!=, ===), or merely `exists`.
 */
export type Quant = 'any' | 'all' | 'exists';

/** A comparison with one number, which per-packet fields run as a tight loop. */
export interface NumericCompare {
  op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
  k: number;
}

export type Test =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; parts: Test[] }
  | { kind: 'not'; part: Test }
  | { kind: 'field'; field: FieldDef; quant: Quant; pred: OccPredicate | null; mask: Mask | null; numeric: NumericCompare | null }
  | { kind: 'pair'; left: FieldDef; right: FieldDef; quant: 'any' | 'all'; pred: PairPredicate; leftMask: Mask | null };

export type Mask = (v: Occurrence) => number;

export function check(e: Expr | null): Test {
  return e ? test(e) : { kind: 'all' };
}

function test(e: Expr): Test {
  switch (e.kind) {
    case 'or':
    case 'and':
      return { kind: e.kind, parts: [test(e.left), test(e.right)] };
    case 'not':
      return { kind: 'not', part: test(e.operand) };
    case 'test':
      return existence(e.value);
    case 'compare':
      return compare(e.op, e.opText, e.left, e.right);
    case 'in': {
      const t = membership(e.left, e.items);
      return e.negated ? { kind: 'not', part: t } : t;
    }
  }
}

/** A bare name (`tcp`, `tcp.analysis.retransmission`) or a masked one (`tcp.flags & 0x02`). */
function existence(v: Value): Test {
  const field = fieldByName(v.operand.value);
  if (!field || v.operand.kind !== 'word') fail(`${v.operand.text} is neither a field nor a protocol name.${suggestion(v.operand)}`, v.operand);
  if (!v.mask) return within(field, { kind: 'field', field, quant: 'exists', pred: null, mask: null, numeric: null });
  const mask = maskOf(field, v);
  return within(field, { kind: 'field', field, quant: 'any', pred: (x) => x !== 0, mask, numeric: null });
}

function compare(op: CmpOp, opText: string, left: Value, right: Value): Test {
  const field = leftField(left, opText);
  const type = TYPES[field.type];
  if (!type.valued) fail(cannotParticipate(field, opText), left.operand);
  if (op === 'contains' && field.type !== 'ether' && field.type !== 'string') fail(cannotParticipate(field, opText), left.operand);
  if (op === 'matches' && field.type !== 'string') fail(cannotParticipate(field, opText), left.operand);
  const mask = left.mask ? maskOf(field, left) : null;
  if (right.mask) fail(`Only the left side of "${opText}" may be masked with "&".`, right);
  const quant = op === 'all_ne' || op === 'all_eq' ? 'all' : 'any';

  const other = right.operand.kind === 'word' ? fieldByName(right.operand.value) : undefined;
  if (other) {
    if (op === 'contains' || op === 'matches') fail(`Synfin cannot use a field (${other.name}) as the pattern of "${opText}".`, right.operand);
    if (!compatible(field.type, other.type)) fail(`${field.name} and ${other.name} are not of compatible types.`, right.operand);
    const pair: Test = { kind: 'pair', left: field, right: other, quant, pred: pairPredicate(field.type, op), leftMask: mask };
    return within(field, within(other, pair));
  }

  const purpose = op === 'contains' ? 'contains' : op === 'matches' ? 'matches' : 'value';
  const c = convert(field, right.operand, purpose);
  const numeric = field.key.kind === 'packet' && c.t === 'num' && !mask ? numericCompare(op, c.v) : null;
  return within(field, { kind: 'field', field, quant, pred: valuePredicate(op, c), mask, numeric });
}

function membership(left: Value, items: { low: Operand; high: Operand | null }[]): Test {
  const field = leftField(left, 'in');
  if (!TYPES[field.type].valued) fail(cannotParticipate(field, 'in'), left.operand);
  const mask = left.mask ? maskOf(field, left) : null;
  // Every valued type is ordered, so any of them takes ranges.
  const consts: SetItemConst[] = items.map(({ low, high }) => ({ low: convert(field, low, 'value'), high: high ? convert(field, high, 'value') : null }));
  return within(field, { kind: 'field', field, quant: 'any', pred: setPredicate(consts), mask, numeric: null });
}

function leftField(left: Value, opText: string): FieldDef {
  const field = left.operand.kind === 'word' ? fieldByName(left.operand.value) : undefined;
  if (!field) fail(`Left side of "${opText}" expression must be a field or function, not ${left.operand.text}.${suggestion(left.operand)}`, left.operand);
  return field;
}

/** `field & mask`: unsigned integers and IPv4 addresses only, as in Wireshark. */
function maskOf(field: FieldDef, v: Value): Mask {
  if (field.type !== 'uint8' && field.type !== 'uint16' && field.type !== 'uint32' && field.type !== 'ipv4') {
    fail(`${TYPES[field.type].ft} cannot &.`, v);
  }
  const m: Const = convert(field, v.mask!, 'value');
  if (m.t === 'ipv4' && m.bits !== 32) fail(`A mask cannot have a prefix length ("${v.mask!.text}").`, v.mask!);
  if (m.t === 'negative') fail(`"${v.mask!.text}" cannot be a mask.`, v.mask!);
  return maskValue(m);
}

/** Wraps a test on a field with the presence of the field it lives in (tcp.flags needs tcp). */
function within(field: FieldDef, t: Test): Test {
  const outer = field.within ? fieldByName(field.within)! : null;
  if (!outer) return t;
  const exists: Test = within(outer, { kind: 'field', field: outer, quant: 'exists', pred: null, mask: null, numeric: null });
  return { kind: 'and', parts: [exists, t] };
}

function numericCompare(op: CmpOp, k: number): NumericCompare | null {
  const ops: Partial<Record<CmpOp, NumericCompare['op']>> = { any_eq: 'eq', all_eq: 'eq', all_ne: 'ne', any_ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' };
  const o = ops[op];
  return o ? { op: o, k } : null;
}

function cannotParticipate(field: FieldDef, opText: string): string {
  const base = `${field.name} (type=${TYPES[field.type].description}) cannot participate in ${opText} comparison.`;
  // tshark compares a protocol's bytes; Synfin keeps no packet bytes in its index.
  return field.type === 'protocol' ? `${base} Synfin tests protocols for presence only ("${field.name}").` : base;
}

/** "Did you mean …?" for a misspelt field: the closest registered name within two edits. */
function suggestion(o: Operand): string {
  if (o.kind !== 'word' || !/^[a-z]/i.test(o.value)) return '';
  let best: string | null = null;
  let bestDistance = 3;
  for (const f of FIELDS) {
    const d = editDistance(o.value.toLowerCase(), f.name, bestDistance);
    if (d < bestDistance) {
      best = f.name;
      bestDistance = d;
    }
  }
  return best ? ` Did you mean ${best}?` : '';
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return Math.min(prev[b.length]!, limit);
}
