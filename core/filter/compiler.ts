/**
 * Turns checked tests into evaluators that work a page slice at a time: each node fills a byte a
 * packet (1 = passes) for packets [i0, i0 + n), reading the store's columns directly.
 *
 * A test on a field read through a key becomes a lookup table indexed by that key, built once per
 * key value (per flags value, address pair, MAC pair or connection side): the loop over packets
 * is then one array read per packet. Per-packet numbers are compared in tight loops. No code is
 * generated at run time (the app's Content-Security-Policy forbids eval): these are closures.
 */
import type { Page } from '../store/packet-store';
import { MiscBit, NO_ETH, PAGE_SIZE } from '../store/packet-store';
import type { Env } from './env';
import type { FieldDef } from './fields';
import type { Mask, NumericCompare, Quant, Test } from './check';
import type { OccPredicate, PairPredicate } from './predicates';
import type { Occurrence } from './types';

export interface Slice {
  env: Env;
  page: Page;
  /** Offset of the first packet in the page, and the packets' count and first index. */
  j0: number;
  n: number;
  i0: number;
}

export interface Node {
  /** Rough work per packet, to evaluate cheap tests first in "and" / "or". */
  readonly cost: number;
  eval(s: Slice, out: Uint8Array): void;
}

/** A lookup table over key values, filled in as larger keys turn up (address pairs and connections grow). */
export class Lut {
  private table = new Uint8Array(0);
  private computed = 0;

  constructor(private readonly entry: (k: number) => number) {}

  get values(): Uint8Array {
    return this.table;
  }

  /** Keys [0, size) have their entry. */
  get size(): number {
    return this.computed;
  }

  ensure(size: number): Uint8Array {
    if (size <= this.computed) return this.table;
    if (size > this.table.length) {
      const grown = new Uint8Array(Math.max(size, 2 * this.table.length, 64));
      grown.set(this.table.subarray(0, this.computed));
      this.table = grown;
    }
    for (let k = this.computed; k < size; k++) this.table[k] = this.entry(k);
    this.computed = size;
    return this.table;
  }

  /** Forgets computed entries (what a live capture's connections look like changes). */
  reset(): void {
    this.computed = 0;
  }
}

/** Occurrences of one field for one key value decide the test: any / all of them, or that there are some. */
export function quantify(count: number, occ: Occurrence[], quant: Quant, pred: OccPredicate | null, mask: Mask | null): number {
  if (count === 0) return 0;
  if (quant === 'exists' || !pred) return 1;
  for (let i = 0; i < count; i++) {
    const pass = pred(mask ? mask(occ[i]!) : occ[i]!);
    if (quant === 'any' && pass) return 1;
    if (quant === 'all' && !pass) return 0;
  }
  return quant === 'all' ? 1 : 0;
}

export interface Bound {
  root: Node;
  /** Tables that depend on connections, for Lut.reset when they change. */
  streamTables: Lut[];
}

export function bind(test: Test, env: Env): Bound {
  const streamTables: Lut[] = [];
  const occ: Occurrence[] = [];
  const occ2: Occurrence[] = [];

  const build = (t: Test): Node => {
    switch (t.kind) {
      case 'all':
        return { cost: 0, eval: (s, out) => void out.fill(1, 0, s.n) };
      case 'not': {
        const inner = build(t.part);
        return { cost: inner.cost, eval: (s, out) => {
          inner.eval(s, out);
          for (let x = 0; x < s.n; x++) out[x] = out[x]! ^ 1;
        } };
      }
      case 'and':
      case 'or':
        return junction(t.kind, flatten(t.kind, t.parts).map(build));
      case 'field': {
        const { field, quant, pred, mask } = t;
        if (field.key.kind === 'packet') return packetNode(field, quant, pred, mask, t.numeric);
        const lut = new Lut((k) => quantify(field.read!(env, k, occ), occ, quant, pred, mask));
        return keyedNode(field, lut);
      }
      case 'pair': {
        const { left, right, quant, pred, leftMask } = t;
        if (left.key.kind !== 'packet' && sameKey(left, right)) {
          const lut = new Lut((k) => pairs(left.read!(env, k, occ), occ, right.read!(env, k, occ2), occ2, quant, pred, leftMask));
          return keyedNode(left, lut);
        }
        return pairNode(left, right, quant, pred, leftMask);
      }
    }
  };

  const keyedNode = (field: FieldDef, lut: Lut): Node => {
    const key = field.key;
    switch (key.kind) {
      case 'column': {
        const table = lut.ensure(key.size);
        return { cost: 1, eval: (s, out) => {
          const col = s.page[key.column];
          for (let x = 0; x < s.n; x++) out[x] = table[col[s.j0 + x]!]!;
        } };
      }
      case 'addr':
        return { cost: 2, eval: (s, out) => {
          const table = lut.ensure(env.store.addresses.size);
          const col = s.page.addrPair;
          for (let x = 0; x < s.n; x++) out[x] = table[col[s.j0 + x]!]!;
        } };
      case 'eth':
        return { cost: 2, eval: (s, out) => {
          const table = lut.ensure(env.store.macs.size);
          const col = s.page.ethPair;
          for (let x = 0; x < s.n; x++) {
            const k = col[s.j0 + x]!;
            out[x] = k === NO_ETH ? 0 : table[k]!;
          }
        } };
      case 'stream':
        streamTables.push(lut);
        return { cost: 3, eval: (s, out) => {
          const streams = s.page.stream;
          const misc = s.page.misc;
          let table = lut.values;
          for (let x = 0; x < s.n; x++) {
            const st = streams[s.j0 + x]!;
            if (st < 0) {
              out[x] = 0;
              continue;
            }
            const k = 2 * st + (misc[s.j0 + x]! & MiscBit.FROM_CLIENT);
            if (k >= lut.size) table = lut.ensure(k + 1);
            out[x] = table[k]!;
          }
        } };
      case 'packet':
        throw new Error(`${field.name} has no key table`);
    }
  };

  const packetNode = (field: FieldDef, quant: Quant, pred: OccPredicate | null, mask: Mask | null, numeric: NumericCompare | null): Node => {
    const vals = new Float64Array(PAGE_SIZE);
    const fill = field.fill!;
    return { cost: field.name === 'tcp.analysis' ? 6 : 4, eval: (s, out) => {
      fill(env, s.page, s.j0, s.n, s.i0, vals);
      if (quant === 'exists' || !pred) {
        for (let x = 0; x < s.n; x++) out[x] = vals[x] === vals[x] ? 1 : 0;
      } else if (numeric) {
        compareLoop(vals, s.n, numeric, out);
      } else {
        for (let x = 0; x < s.n; x++) {
          const v = vals[x]!;
          out[x] = v === v && pred(mask ? mask(v) : v) ? 1 : 0;
        }
      }
    } };
  };

  const pairNode = (left: FieldDef, right: FieldDef, quant: 'any' | 'all', pred: PairPredicate, leftMask: Mask | null): Node => ({
    cost: 20,
    eval: (s, out) => {
      for (let x = 0; x < s.n; x++) {
        const a = readAt(env, left, s.page, s.j0 + x, s.i0 + x, occ);
        const b = readAt(env, right, s.page, s.j0 + x, s.i0 + x, occ2);
        out[x] = pairs(a, occ, b, occ2, quant, pred, leftMask);
      }
    },
  });

  return { root: build(test), streamTables };
}

function pairs(na: number, a: Occurrence[], nb: number, b: Occurrence[], quant: 'any' | 'all', pred: PairPredicate, mask: Mask | null): number {
  if (na === 0 || nb === 0) return 0;
  for (let i = 0; i < na; i++) {
    const x = mask ? mask(a[i]!) : a[i]!;
    for (let k = 0; k < nb; k++) {
      const pass = pred(x, b[k]!);
      if (quant === 'any' && pass) return 1;
      if (quant === 'all' && !pass) return 0;
    }
  }
  return quant === 'all' ? 1 : 0;
}

function sameKey(a: FieldDef, b: FieldDef): boolean {
  if (a.key.kind !== b.key.kind) return false;
  return a.key.kind !== 'column' || (b.key.kind === 'column' && a.key.column === b.key.column);
}

const scratch = new Float64Array(1);

/** The occurrences of a field in one packet (the slow path, for comparisons of two fields). */
function readAt(env: Env, f: FieldDef, page: Page, j: number, i: number, out: Occurrence[]): number {
  switch (f.key.kind) {
    case 'column':
      return f.read!(env, page[f.key.column][j]!, out);
    case 'addr':
      return f.read!(env, page.addrPair[j]!, out);
    case 'eth':
      return f.read!(env, page.ethPair[j]!, out);
    case 'stream': {
      const st = page.stream[j]!;
      return st < 0 ? 0 : f.read!(env, 2 * st + (page.misc[j]! & MiscBit.FROM_CLIENT), out);
    }
    case 'packet':
      f.fill!(env, page, j, 1, i, scratch);
      if (scratch[0] !== scratch[0]) return 0;
      out[0] = scratch[0]!;
      return 1;
  }
}

function flatten(kind: 'and' | 'or', parts: Test[]): Test[] {
  return parts.flatMap((p) => (p.kind === kind ? flatten(kind, p.parts) : [p]));
}

/** "and" / "or" over slices: cheapest part first, stopping once the outcome is settled for every packet. */
function junction(kind: 'and' | 'or', parts: Node[]): Node {
  parts.sort((a, b) => a.cost - b.cost);
  const tmp = new Uint8Array(PAGE_SIZE);
  const settled = kind === 'and' ? 0 : 1;
  return {
    cost: parts.reduce((c, p) => c + p.cost, 0),
    eval: (s, out) => {
      parts[0]!.eval(s, out);
      for (let p = 1; p < parts.length; p++) {
        if (allAre(out, s.n, settled)) return;
        parts[p]!.eval(s, tmp);
        if (kind === 'and') for (let x = 0; x < s.n; x++) out[x] = out[x]! & tmp[x]!;
        else for (let x = 0; x < s.n; x++) out[x] = out[x]! | tmp[x]!;
      }
    },
  };
}

function allAre(a: Uint8Array, n: number, v: number): boolean {
  for (let x = 0; x < n; x++) if (a[x] !== v) return false;
  return true;
}

/** A per-packet number against one constant: NaN (absent) fails every comparison, "!=" included. */
function compareLoop(v: Float64Array, n: number, c: NumericCompare, out: Uint8Array): void {
  const k = c.k;
  switch (c.op) {
    case 'eq': for (let x = 0; x < n; x++) out[x] = v[x] === k ? 1 : 0; break;
    case 'ne': for (let x = 0; x < n; x++) out[x] = v[x] !== k && v[x] === v[x] ? 1 : 0; break;
    case 'lt': for (let x = 0; x < n; x++) out[x] = v[x]! < k ? 1 : 0; break;
    case 'le': for (let x = 0; x < n; x++) out[x] = v[x]! <= k ? 1 : 0; break;
    case 'gt': for (let x = 0; x < n; x++) out[x] = v[x]! > k ? 1 : 0; break;
    case 'ge': for (let x = 0; x < n; x++) out[x] = v[x]! >= k ? 1 : 0; break;
  }
}
