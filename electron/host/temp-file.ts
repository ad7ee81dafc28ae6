/**
 * The temporary files of electron/host (a cold store's records, a tracker's scratch pages). Each
 * is unlinked as soon as it is open, so nothing is left behind even if the process is killed;
 * where the system refuses to unlink an open file, it is unlinked on close instead.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Names tried before giving up when each is taken already. */
const NAME_ATTEMPTS = 8;

/**
 * 48 random bits, as 12 hex digits, for a temporary file's name. Math.random, not node:crypto:
 * loading node:crypto cost every CLI run about 60 M instructions (15 ms), and the name needs no
 * more than to be rarely taken. 'wx' never opens a file someone else put under the name: a name
 * that is taken, by chance or by someone who guessed it, only makes the constructor try another.
 */
function randomHex48(): string {
  return Math.floor(Math.random() * 0x1_0000_0000_0000).toString(16).padStart(12, '0');
}

/**
 * An open temporary file `synfin-KIND-…`, read and written at byte offsets. Every error names the
 * file. The cold store's records and the scratch files both live in one of these.
 */
export class TemporaryFile {
  /** For messages: the file no longer has this name once open (see above). */
  readonly path: string;
  /** -1 once closed. (Tests swap it to make the system fail a read or a write.) */
  fd: number;
  private readonly unlinkOnClose: boolean;

  /** A new file in `dir`, open for reading and writing. Throws an Error naming it if it cannot be created. */
  constructor(dir: string, kind: string) {
    let path = '';
    let fd = -1;
    for (let attempt = 1; fd < 0; attempt++) {
      path = join(dir, `synfin-${kind}-${process.pid}-${randomHex48()}`);
      try {
        // 'x': never open a file someone else put under this name (a temporary directory is shared).
        fd = openSync(path, 'wx+', 0o600);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < NAME_ATTEMPTS) continue;
        throw new Error(`cannot create the temporary file ${path}: ${reason(e)}`);
      }
    }
    this.path = path;
    this.fd = fd;
    let unlinkOnClose = false;
    try {
      unlinkSync(this.path);
    } catch {
      // Windows may refuse while the file is open: the name then goes in close().
      unlinkOnClose = true;
    }
    this.unlinkOnClose = unlinkOnClose;
  }

  /** Reads up to `length` bytes at `position` into the start of `into`; returns how many there were before the file's end. */
  readAt(into: Uint8Array, length: number, position: number): number {
    let done = 0;
    try {
      while (done < length) {
        const n = readSync(this.fd, into, done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
    } catch (e) {
      throw new Error(`cannot read the temporary file ${this.path}: ${reason(e)}`);
    }
    return done;
  }

  /** Writes `bytes[0, length)` at `position`; a write may be short, so it loops. */
  writeAt(bytes: Uint8Array, length: number, position: number): void {
    try {
      for (let done = 0; done < length; ) done += writeSync(this.fd, bytes, done, length - done, position + done);
    } catch (e) {
      throw new Error(`cannot write the temporary file ${this.path}: ${reason(e)}`);
    }
  }

  checkOpen(): void {
    if (this.fd < 0) throw new Error(`the temporary file ${this.path} is already closed`);
  }

  /** Closes the file and removes its name if that is still to do; closing again does nothing. */
  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    // The file's content is no longer wanted by anyone, so a failure here changes nothing to report.
    try {
      closeSync(fd);
    } catch { /* see above */ }
    if (this.unlinkOnClose) {
      try {
        unlinkSync(this.path);
      } catch { /* see above */ }
    }
  }
}

/**
 * The system's reason in one line, without what the message already names: Node writes
 * "ENOSPC: no space left on device, write" and "ENOENT: …, open '/path'"; we name the file ourselves.
 */
export function reason(e: unknown): string {
  const { code, syscall } = e as NodeJS.ErrnoException;
  let message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  if (syscall) {
    const cut = message.indexOf(`, ${syscall}`);
    if (cut > 0) message = message.slice(0, cut);
  }
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
