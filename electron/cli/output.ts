/**
 * Buffered output to a file descriptor with synchronous writes: the CLI's read loop is
 * synchronous, and writing in large blocks keeps per-line costs out of `packets --json`.
 * A closed pipe (`synfin packets f | head`) ends the program quietly instead of crashing.
 */
import { writeSync } from 'node:fs';

/** Flush once this much text is waiting: large enough to amortise the syscall, small enough for memory. */
const FLUSH_AT = 1 << 20;

export class PipeClosed extends Error {}

export class Output {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: (bytes: Buffer) => void) {}

  static toFd(fd: number): Output {
    return new Output((bytes) => writeAll(fd, bytes));
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.sink(Buffer.from(text, 'utf8'));
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
