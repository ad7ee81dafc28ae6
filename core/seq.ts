/**
 * TCP sequence-number arithmetic, modulo 2^32 (RFC 9293 §3.4), in one place.
 * A Seq is an unsigned 32-bit number; comparisons are by signed 32-bit difference.
 */
export type Seq = number & { readonly __brand: 'Seq' };

export const asSeq = (n: number): Seq => (n >>> 0) as Seq;
export const seqAdd = (a: Seq | number, n: number): Seq => ((a + n) >>> 0) as Seq;
/** a − b as a signed distance (−2^31 … 2^31−1). */
export const seqDiff = (a: Seq | number, b: Seq | number): number => (a - b) | 0;
export const seqLt = (a: Seq | number, b: Seq | number): boolean => ((a - b) | 0) < 0;
export const seqLe = (a: Seq | number, b: Seq | number): boolean => ((a - b) | 0) <= 0;
export const seqGt = (a: Seq | number, b: Seq | number): boolean => ((a - b) | 0) > 0;
export const seqGe = (a: Seq | number, b: Seq | number): boolean => ((a - b) | 0) >= 0;
