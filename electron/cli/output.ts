/**
 * Buffered output to a file descriptor with synchronous writes: the CLI's read loop is
 * synchronous, and writing in large blocks keeps per-line costs out of `packets --json`.
 * Text is encoded straight into one reused byte buffer (no list of strings to join, no new
 * Buffer per block), and writers that build lines byte by byte (./json-lines.ts) fill the same
 * buffer, so the order of everything written is kept.
 * A closed pipe (`synfin packets f | head`) ends the program quietly instead of crashing.
 */
import { writeSync } from 'node:fs';

/** Flush once this much is waiting: large enough to amortise the syscall, small enough for memory. */
const FLUSH_AT = 1 << 20;
/** UTF-8 needs at most 3 bytes for one UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

export class PipeClosed extends Error {}

export class Output {
  /** Bytes waiting are buf[0, pos). Writers that fill it directly call `reserve` first. */
  buf: Buffer = Buffer.allocUnsafe(FLUSH_AT);
  pos = 0;

  /** `sink` must be done with the bytes when it returns: the buffer is reused. */
  constructor(private readonly sink: (bytes: Buffer) => void) {}

  static toFd(fd: number): Output {
    return new Output((bytes) => writeAll(fd, bytes));
  }

  write(text: string): void {
    const most = text.length * MAX_UTF8_PER_UNIT;
    if (most > this.buf.length - this.pos) {
      this.flush();
      // Larger than the whole buffer: encode it on its own rather than grow the buffer for good.
      if (most > this.buf.length) {
        this.sink(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** Makes room for `n` more bytes at buf[pos] (flushing what waits when they would not fit). */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  flush(): void {
    if (this.pos === 0) return;
    const n = this.pos;
    this.pos = 0;
    this.sink(this.buf.subarray(0, n));
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') throw new PipeClosed('output closed');
      // A non-blocking pipe that is full: wait a moment for the reader, then go on.
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      else throw e;
    }
  }
}
