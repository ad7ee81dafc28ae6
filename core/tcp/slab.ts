/**
 * Where connections keep their own numbers: blocks of typed arrays, each connection a fixed
 * stretch of int32s and of float64s in one block. As object fields (8 bytes each, a boxed number
 * for each fractional one) they took about 430 bytes and an array per frame list; here about 200.
 * The endpoints stay objects: they are read and written for every packet, and an accessor over a
 * typed array cost 15–30% more CPU there (measured on the bench capture) for the bytes it saved.
 * Blocks are never moved or grown, so a connection holds its block's arrays directly.
 */

/** Where one connection's numbers are: its block's arrays, and the offsets of its stretch in them. */
export interface Slot {
  i32: Int32Array;
  /** The same bytes as `i32`, for the fields that are uint32 (addresses, frame numbers). */
  u32: Uint32Array;
  f64: Float64Array;
  /** First int32 (and uint32) of the stretch. */
  io: number;
  /** First float64 of the stretch. */
  fo: number;
}

/** Connections a block holds: a few hundred kilobytes a block. */
const PER_BLOCK = 512;

export class Slab {
  private used: number;
  /** Handed out by `take` and overwritten by the next: copy what you need. */
  private readonly slot: Slot = { i32: new Int32Array(0), u32: new Uint32Array(0), f64: new Float64Array(0), io: 0, fo: 0 };

  /** @param ints, doubles the size of one connection's stretch. */
  constructor(private readonly ints: number, private readonly doubles: number, private readonly perBlock = PER_BLOCK) {
    this.used = perBlock;
  }

  /** A zeroed stretch for one more connection. */
  take(): Slot {
    const s = this.slot;
    if (this.used === this.perBlock) {
      const bytes = new ArrayBuffer(this.perBlock * this.ints * 4);
      s.i32 = new Int32Array(bytes);
      s.u32 = new Uint32Array(bytes);
      s.f64 = new Float64Array(this.perBlock * this.doubles);
      this.used = 0;
    }
    s.io = this.used * this.ints;
    s.fo = this.used * this.doubles;
    this.used++;
    return s;
  }
}
