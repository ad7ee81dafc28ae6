/**
 * Rewrites before checking. `f == a or f == b or f in {c..d}` becomes `f in {a, b, c..d}`: one
 * test, which a set answers by bisection, instead of a test per value (filters generated from a
 * selection, or pasted lists of streams, can hold thousands).
 */
import type { Expr, Operand, SetItem, Value } from './parser';
import { fieldByName } from './fields';
import { TYPES } from './types';

type Membership = Extract<Expr, { kind: 'in' }>;

/** The field and the values of an "any equal" test on a plain (unmasked) field, or null. */
function asMembership(e: Expr): { field: string; left: Value; items: SetItem[] } | null {
  if (e.kind === 'compare') {
    if (e.op !== 'any_eq' || e.left.mask || e.right.mask) return null;
    // A field on the right is a comparison of two fields, not a value.
    if (e.right.operand.kind === 'word' && fieldByName(e.right.operand.value)) return null;
    return { field: e.left.operand.value, left: e.left, items: [{ low: e.right.operand as Operand, high: null }] };
  }
  if (e.kind === 'in' && !e.negated && !e.left.mask) return { field: e.left.operand.value, left: e.left, items: e.items };
  return null;
}

/** The parts of an "or", with equality and membership tests on one field merged into one set. */
export function mergeEqualities(parts: Expr[]): Expr[] {
  const merged = new Map<string, Membership>();
  const out: Expr[] = [];
  for (const p of parts) {
    const m = asMembership(p);
    const field = m && m.left.operand.kind === 'word' ? fieldByName(m.field) : undefined;
    // Only known, valued fields: anything else keeps its own (error) message.
    if (!m || !field || !TYPES[field.type].valued) {
      out.push(p);
      continue;
    }
    const set = merged.get(m.field);
    if (set) {
      set.items.push(...m.items);
      set.end = Math.max(set.end, p.end);
      continue;
    }
    const fresh: Membership = { kind: 'in', negated: false, opStart: p.start, opEnd: p.end, left: m.left, items: [...m.items], start: p.start, end: p.end };
    merged.set(m.field, fresh);
    out.push(fresh);
  }
  return out;
}
