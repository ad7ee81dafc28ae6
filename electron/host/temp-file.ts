/**
 * The temporary files of electron/host (a cold store's records, a tracker's scratch pages). Each
 * is unlinked as soon as it is open, so nothing is left behind even if the process is killed;
 * where the system refuses to unlink an open file, it is unlinked on close instead.
 */
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface TemporaryFile {
  /** For messages: the file no longer has this name once open (see above). */
  readonly path: string;
  readonly fd: number;
  readonly unlinkOnClose: boolean;
}

/** A new file `synfin-KIND-…` in `dir`, open for reading and writing. Throws an Error naming it if it cannot be created. */
export function createTemporaryFile(dir: string, kind: string): TemporaryFile {
  const path = join(dir, `synfin-${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number;
  try {
    // 'x': never open a file someone else put under this name (a temporary directory is shared).
    fd = openSync(path, 'wx+', 0o600);
  } catch (e) {
    throw new Error(`cannot create the temporary file ${path}: ${reason(e)}`);
  }
  let unlinkOnClose = false;
  try {
    unlinkSync(path);
  } catch {
    // Windows may refuse while the file is open: the name then goes in removeTemporaryFile().
    unlinkOnClose = true;
  }
  return { path, fd, unlinkOnClose };
}

/** Closes the file and removes its name if that is still to do. */
export function removeTemporaryFile(fd: number, path: string, unlinkOnClose: boolean): void {
  // The file's content is no longer wanted by anyone, so a failure here changes nothing to report.
  try {
    closeSync(fd);
  } catch { /* see above */ }
  if (unlinkOnClose) {
    try {
      unlinkSync(path);
    } catch { /* see above */ }
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
