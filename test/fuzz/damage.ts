/**
 * Seeded damage to capture files: cuts, overwritten bytes, garbage ranges, inserted and deleted
 * bytes, and length fields set to huge values — what truncated downloads, bad disks and hostile
 * files do. The same seed gives the same damage.
 */
import { prng } from '../support/prng';

export type Damage = { kind: 'cut'; at: number } | { kind: 'mutate'; seed: number };

/** Evenly spread cut points (the header edge cases first), plus seeded mutations. */
export function damages(length: number, cuts: number, mutations: number, seed: number): Damage[] {
  const out: Damage[] = [];
  const edges = [0, 1, 4, 8, 23, 24, 25, 28, 39, 40, 41];
  for (const at of edges) if (at < length) out.push({ kind: 'cut', at });
  for (let k = 1; k <= cuts; k++) out.push({ kind: 'cut', at: Math.floor((length * k) / (cuts + 1)) });
  for (let k = 0; k < mutations; k++) out.push({ kind: 'mutate', seed: seed * 7919 + k });
  return out;
}

export function damaged(original: Uint8Array, d: Damage): Uint8Array {
  if (d.kind === 'cut') return original.slice(0, d.at);
  const rand = prng(d.seed);
  const int = (n: number) => Math.floor(rand() * n);
  let f = original.slice();
  const edits = 1 + int(6);
  for (let e = 0; e < edits && f.length > 0; e++) {
    const at = int(f.length);
    switch (int(6)) {
      case 0: // a few bytes overwritten
        for (let i = 0; i < 1 + int(8) && at + i < f.length; i++) f[at + i] = int(256);
        break;
      case 1: {
        // a range of garbage, as from a bad sector
        const n = Math.min(f.length - at, 16 + int(512));
        for (let i = 0; i < n; i++) f[at + i] = int(256);
        break;
      }
      case 2: {
        // a 32-bit field (lengths are 4-aligned in pcap and pcapng) set to something huge
        const a = at & ~3;
        if (a + 4 <= f.length) new DataView(f.buffer).setUint32(a, [0xffffffff, 0x7fffffff, 0x80000000, 0x00010001][int(4)]!, rand() < 0.5);
        break;
      }
      case 3: {
        // bytes inserted
        const ins = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
        const g = new Uint8Array(f.length + ins.length);
        g.set(f.subarray(0, at));
        g.set(ins, at);
        g.set(f.subarray(at), at + ins.length);
        f = g;
        break;
      }
      case 4: {
        // bytes deleted
        const n = Math.min(f.length - at, 1 + int(64));
        const g = new Uint8Array(f.length - n);
        g.set(f.subarray(0, at));
        g.set(f.subarray(at + n), at);
        f = g;
        break;
      }
      default:
        f = f.slice(0, at); // cut
    }
  }
  return f;
}
