/**
 * Writing and reading the compact records of connection-codec.ts: whole numbers as varints
 * (zigzag for signed ones, so small negatives stay short), groups of numbers behind a map of which
 * are not zero, and text as UTF-8.
 */

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** A double that is a whole number this small is stored as one (a varint); others as 8 bytes. */
const DOUBLE_ZERO = 0;
const DOUBLE_WHOLE = 1;
const DOUBLE_RAW = 2;
/** Below this a whole number's zigzag form (twice it) is still exact in a double. */
const WHOLE_LIMIT = 2 ** 52;

/** One growable buffer, reused from record to record: `bytes[0, at)` is the record so far. */
export class RecordWriter {
  bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  at = 0;

  reset(): void {
    this.at = 0;
  }

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(v: number): void {
    this.room(1);
    this.bytes[this.at++] = v;
  }

  /** A uint32 (or an int32's bits read as unsigned). */
  uint(v: number): void {
    this.room(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.bytes[this.at++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.bytes[this.at++] = x;
  }

  int(v: number): void {
    this.uint((v << 1) ^ (v >> 31));
  }

  /** A safe integer, either sign (a count, a time in ns). */
  whole(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    this.room(8);
    while (z >= 0x80) {
      this.bytes[this.at++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    this.bytes[this.at++] = z;
  }

  double(v: number): void {
    this.room(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
  }

  /** Text is rare (notes): encoded on its own, then copied. */
  text(s: string): void {
    const body = utf8Encoder.encode(s);
    this.uint(body.length);
    this.room(body.length);
    this.bytes.set(body, this.at);
    this.at += body.length;
  }

  /**
   * Room for a group's map of `bytes` bytes, zeroed, at the current position; returns where it is.
   * (A loop: TypedArray#fill for a few bytes cost more than the bytes, a SYN flood writing six
   * maps a connection.)
   */
  private zeroedMap(bytes: number): number {
    this.room(bytes);
    const map = this.at;
    for (let k = 0; k < bytes; k++) this.bytes[map + k] = 0;
    this.at += bytes;
    return map;
  }

  /**
   * `values[0, n)`, int32s: a map of the non-zero ones, then those as zigzag varints. Room for the
   * whole group is made once and the varints written here, rather than through `int` with its
   * check each (in a SYN flood this is written for every connection, several times).
   */
  intGroup(values: Int32Array, n: number): void {
    const mapBytes = (n + 7) >> 3;
    this.room(mapBytes + 5 * n);
    const map = this.zeroedMap(mapBytes);
    const b = this.bytes;
    let at = this.at;
    for (let k = 0; k < n; k++) {
      const v = values[k]!;
      if (v === 0) continue;
      b[map + (k >> 3)]! |= 1 << (k & 7);
      let x = ((v << 1) ^ (v >> 31)) >>> 0;
      while (x >= 0x80) {
        b[at++] = (x & 0x7f) | 0x80;
        x >>>= 7;
      }
      b[at++] = x;
    }
    this.at = at;
  }

  /** `values[0, n)`, float64s: two bits each (zero, whole, raw), then the non-zero ones. */
  doubleGroup(values: Float64Array, n: number): void {
    const map = this.zeroedMap((n + 3) >> 2);
    for (let k = 0; k < n; k++) {
      const v = values[k]!;
      // −0 is kept as raw bytes: a varint would give it back as +0.
      const kind = v === 0 && 1 / v > 0 ? DOUBLE_ZERO : Number.isInteger(v) && Math.abs(v) < WHOLE_LIMIT ? DOUBLE_WHOLE : DOUBLE_RAW;
      if (kind === DOUBLE_ZERO) continue;
      this.bytes[map + (k >> 2)]! |= kind << ((k & 3) * 2);
      if (kind === DOUBLE_WHOLE) this.whole(v);
      else this.double(v);
    }
  }
}

/** Reads what a RecordWriter wrote, in the same order. */
export class RecordReader {
  private bytes: Uint8Array = new Uint8Array(0);
  at = 0;

  start(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.at = 0;
  }

  /** All of the record was read: a record that says otherwise was not written by RecordWriter. */
  get done(): boolean {
    return this.at === this.bytes.length;
  }

  byte(): number {
    return this.bytes[this.at++]!;
  }

  uint(): number {
    let x = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.at++]!;
      x |= (b & 0x7f) << shift;
      if (b < 0x80) return x >>> 0;
      shift += 7;
    }
  }

  int(): number {
    const z = this.uint();
    return (z >>> 1) ^ -(z & 1);
  }

  whole(): number {
    let z = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.at++]!;
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** Rare (most doubles are whole numbers): a view is made only here, rather than for every record. */
  double(): number {
    const b = this.bytes;
    const v = new DataView(b.buffer, b.byteOffset + this.at, 8).getFloat64(0, true);
    this.at += 8;
    return v;
  }

  text(): string {
    const n = this.uint();
    const s = utf8Decoder.decode(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }

  /** What RecordWriter#intGroup wrote (its varints read here, as they are written there). */
  intGroup(into: Int32Array, n: number): void {
    const b = this.bytes;
    const map = this.at;
    let at = map + ((n + 7) >> 3);
    for (let k = 0; k < n; k++) {
      if ((b[map + (k >> 3)]! & (1 << (k & 7))) === 0) {
        into[k] = 0;
        continue;
      }
      let x = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = b[at++]!;
        x |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte >= 0x80);
      into[k] = (x >>> 1) ^ -(x & 1);
    }
    this.at = at;
  }

  doubleGroup(into: Float64Array, n: number): void {
    const map = this.at;
    this.at += (n + 3) >> 2;
    for (let k = 0; k < n; k++) {
      const kind = (this.bytes[map + (k >> 2)]! >> ((k & 3) * 2)) & 3;
      into[k] = kind === DOUBLE_ZERO ? 0 : kind === DOUBLE_WHOLE ? this.whole() : this.double();
    }
  }
}
