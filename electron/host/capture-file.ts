/**
 * Reading capture files from disk: the file streamed through core's push reader with one reused
 * buffer, and single packets read back later by their offset (the store keeps offsets, not bytes).
 *
 * Nothing here throws for a bad file or a failed open: problems come back as values that name the
 * file, so the CLI can print one line and the UI can show it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createCaptureReader } from '../../core/formats/reader';
import type { ReadError, ReaderSink, ReadSummary } from '../../core/formats/record';
import { type Result, err, ok } from '../../core/result';

/**
 * Large enough that the per-chunk costs (a syscall, a DataView, a promise) vanish against the
 * records in it; small enough that the chunk the kernel just copied is still in the CPU's cache
 * when the decoder reads it. Measured on the 1 M-packet bench capture: the read syscalls cost
 * 95–158 ms of CPU in 4 MB chunks and 32 ms in 256 KB ones, the same file and work.
 */
export const DEFAULT_CHUNK_SIZE = 256 * 1024;

export interface ReadFileOptions {
  /** Bytes per read (the buffer is reused for every chunk). */
  chunkSize?: number;
  /**
   * Bytes of the first read (default: chunkSize); each later read doubles it up to chunkSize.
   * A small first read lets the caller show the first packets while the engine is still cold
   * (not yet optimised, it decodes a first 4 MB several times slower than later ones).
   */
  firstChunkSize?: number;
  /** Stops the read between chunks; the summary then says `aborted`. */
  signal?: AbortSignal;
  /** Called after each chunk. `totalBytes` is the size when the read began (a growing file may exceed it). */
  onProgress?(bytesRead: number, totalBytes: number): void;
}

/** The file could not be opened or read (as opposed to read and found malformed). */
export interface IoError {
  kind: 'io';
  path: string;
  /** Where in the file reading failed (0 for a failed open). */
  offset: number;
  /** One line that names the file. */
  message: string;
}

export interface FileReadSummary extends Omit<ReadSummary, 'error'> {
  path: string;
  /** Size of the file when the read began; 0 when it could not be opened. */
  fileSize: number;
  aborted: boolean;
  error: ReadError | IoError | null;
}

/** Reads a capture file through the reader, chunk by chunk, without blocking the event loop. */
export async function readCaptureFile(path: string, sink: ReaderSink, options: ReadFileOptions = {}): Promise<FileReadSummary> {
  const chunkSize = chunkSizeOf(options);
  const firstChunkSize = Math.min(chunkSize, firstChunkSizeOf(options) ?? chunkSize);
  const reader = createCaptureReader(sink);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return failed(reader.snapshot(), path, 0, 0, `cannot open ${path}: ${reason(e)}`);
  }
  let fileSize = 0;
  let offset = 0;
  try {
    fileSize = (await fh.stat()).size;
    const buffer = new Uint8Array(chunkSize);
    let size = firstChunkSize;
    while (true) {
      if (options.signal?.aborted) return { ...reader.snapshot(), path, fileSize, aborted: true };
      const { bytesRead } = await fh.read(buffer, 0, size, offset);
      // Aborted while reading (the file was closed): its session, and the cold store its tracker
      // writes to, may be gone already, so nothing more goes to the sink.
      if (options.signal?.aborted) return { ...reader.snapshot(), path, fileSize, aborted: true };
      if (bytesRead === 0) break;
      reader.push(buffer.subarray(0, bytesRead));
      offset += bytesRead;
      options.onProgress?.(offset, fileSize);
      if (reader.stopped) break;
      size = Math.min(chunkSize, size * 2);
    }
  } catch (e) {
    return failed(reader.snapshot(), path, fileSize, offset, cannotReadAt(path, offset, e));
  } finally {
    await fh.close().catch(() => undefined);
  }
  return { ...reader.end(), path, fileSize, aborted: false };
}

/** The same, blocking: for the command line, where nothing else is waiting and syscalls are cheaper. */
export function readCaptureFileSync(path: string, sink: ReaderSink, options: ReadFileOptions = {}): FileReadSummary {
  const chunkSize = chunkSizeOf(options);
  const reader = createCaptureReader(sink);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return failed(reader.snapshot(), path, 0, 0, `cannot open ${path}: ${reason(e)}`);
  }
  let fileSize = 0;
  let offset = 0;
  // Only the file's own errors become a summary; what the sink throws (the CLI's PipeClosed when
  // `| head` goes away) is the caller's to handle, not "cannot read" the file.
  const cannotRead = (e: unknown) => failed(reader.snapshot(), path, fileSize, offset, cannotReadAt(path, offset, e));
  try {
    try {
      fileSize = fstatSync(fd).size;
    } catch (e) {
      return cannotRead(e);
    }
    const buffer = new Uint8Array(chunkSize);
    while (true) {
      if (options.signal?.aborted) return { ...reader.snapshot(), path, fileSize, aborted: true };
      let bytesRead: number;
      try {
        // From the current position, not from `offset`: a pipe (`synfin flows /dev/stdin`) cannot seek.
        bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        return cannotRead(e);
      }
      if (bytesRead === 0) break;
      reader.push(buffer.subarray(0, bytesRead));
      offset += bytesRead;
      options.onProgress?.(offset, fileSize);
      if (reader.stopped) break;
    }
  } finally {
    closeQuietly(fd);
  }
  return { ...reader.end(), path, fileSize, aborted: false };
}

/**
 * One packet's bytes, read back by the offset and length the reader reported. `source` is an open
 * file descriptor (kept open by a session) or a path (opened and closed for this one read).
 * `into`, when given and large enough, receives the bytes instead of a new array.
 */
export function readPacketBytes(source: number | string, fileOffset: number, capLen: number, into?: Uint8Array): Result<Uint8Array, IoError> {
  const path = typeof source === 'string' ? source : `file descriptor ${source}`;
  const bad = checkRange(path, fileOffset, capLen);
  if (bad) return err(bad);
  let fd: number;
  try {
    fd = typeof source === 'string' ? openSync(source, 'r') : source;
  } catch (e) {
    return err({ kind: 'io', path, offset: 0, message: `cannot open ${path}: ${reason(e)}` });
  }
  try {
    const out = into && into.length >= capLen ? into.subarray(0, capLen) : new Uint8Array(capLen);
    let got = 0;
    while (got < capLen) {
      const n = readSync(fd, out, got, capLen - got, fileOffset + got);
      if (n === 0) return err(shortRead(path, fileOffset, capLen, got));
      got += n;
    }
    return ok(out);
  } catch (e) {
    return err({ kind: 'io', path, offset: fileOffset, message: cannotReadAt(path, fileOffset, e) });
  } finally {
    if (typeof source === 'string') closeQuietly(fd);
  }
}

/** The same without blocking, for a session answering the UI while other work goes on. */
export async function readPacketBytesAsync(source: FileHandle | string, fileOffset: number, capLen: number): Promise<Result<Uint8Array, IoError>> {
  const path = typeof source === 'string' ? source : `file descriptor ${source.fd}`;
  const bad = checkRange(path, fileOffset, capLen);
  if (bad) return err(bad);
  let fh: FileHandle;
  try {
    fh = typeof source === 'string' ? await open(source, 'r') : source;
  } catch (e) {
    return err({ kind: 'io', path, offset: 0, message: `cannot open ${path}: ${reason(e)}` });
  }
  try {
    const out = new Uint8Array(capLen);
    let got = 0;
    while (got < capLen) {
      const { bytesRead } = await fh.read(out, got, capLen - got, fileOffset + got);
      if (bytesRead === 0) return err(shortRead(path, fileOffset, capLen, got));
      got += bytesRead;
    }
    return ok(out);
  } catch (e) {
    return err({ kind: 'io', path, offset: fileOffset, message: cannotReadAt(path, fileOffset, e) });
  } finally {
    if (typeof source === 'string') await fh.close().catch(() => undefined);
  }
}

/** A bad chunk size is the caller's mistake, not the file's: it throws, before anything is opened. */
function chunkSizeOf(options: ReadFileOptions): number {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunkSize must be a positive integer, not ${size}`);
  return size;
}

function firstChunkSizeOf(options: ReadFileOptions): number | null {
  const size = options.firstChunkSize;
  if (size === undefined) return null;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`firstChunkSize must be a positive integer, not ${size}`);
  return size;
}

function checkRange(path: string, fileOffset: number, capLen: number): IoError | null {
  if (Number.isSafeInteger(fileOffset) && fileOffset >= 0 && Number.isSafeInteger(capLen) && capLen >= 0) return null;
  return { kind: 'io', path, offset: 0, message: `cannot read ${capLen} bytes of ${path} at byte offset ${fileOffset}: not a valid range` };
}

function shortRead(path: string, fileOffset: number, capLen: number, got: number): IoError {
  return { kind: 'io', path, offset: fileOffset + got, message: `${path} ends at byte offset ${fileOffset + got}, inside the ${capLen}-byte packet at byte offset ${fileOffset}` };
}

function failed(so: ReadSummary, path: string, fileSize: number, offset: number, message: string): FileReadSummary {
  return { ...so, path, fileSize, aborted: false, error: { kind: 'io', path, offset, message } };
}

/** What a read the file system refused says: the file, where, and the system's reason. */
function cannotReadAt(path: string, offset: number, e: unknown): string {
  return `cannot read ${path} at byte offset ${offset}: ${reason(e)}`;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Read-only: nothing was written that closing could lose.
  }
}
