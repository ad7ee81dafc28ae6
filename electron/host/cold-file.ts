/**
 * A ColdStore in a temporary file, so that the connections a tracker moves out of memory leave
 * the process too (a SYN flood of millions of connections would otherwise need gigabytes).
 * Records are framed as in MemoryColdStore (a 4-byte little-endian length, then the bytes) and a
 * record's handle is its byte offset in the file: a plain number, because the file may pass 4 GB.
 * The file is unlinked as soon as it is open, so nothing is left behind even if the process is
 * killed (see temp-file.ts).
 */
import { tmpdir } from 'node:os';
import type { BlockFile } from '../../core/tcp/block-file';
import { MemoryColdStore, type ColdStore } from '../../core/tcp/cold-store';
import { FileBlockFile, openScratch } from './block-file';
import { TemporaryFile } from './temp-file';

/** Bytes a record's length takes in front of it (as in MemoryColdStore). */
const LENGTH_BYTES = 4;
/** Records are gathered in memory and written this many bytes at a time: one system call per MiB. */
export const WRITE_BUFFER_BYTES = 1 << 20;
/**
 * Bytes read from a record's offset at once: a connection's record is a hundred bytes or so, so
 * one read usually brings the length and the record together, and only larger ones need a second.
 * Measured on 1 M records of 100–140 bytes read back at random: about 2.2 s with 256 or 1024 bytes,
 * 2.6 s with 4096 (more to copy), 3.7 s reading the length and the record separately (two calls).
 */
const READ_AHEAD_BYTES = 1024;
/**
 * Bytes read at once when records are read in the order they were written (the connections
 * listed at the end, in stream order, mostly are): one system call for hundreds of records.
 */
const SEQUENTIAL_READ_BYTES = 256 * 1024;

/**
 * Opens a store in a new temporary file in `dir`. `writeBufferBytes` is for tests that want
 * flushes without writing megabytes. Throws an Error naming the file if it cannot be created.
 */
export function openColdFile(dir: string = tmpdir(), writeBufferBytes: number = WRITE_BUFFER_BYTES): FileColdStore {
  return new FileColdStore(dir, writeBufferBytes);
}

/**
 * A cold store in a temporary file while the file takes records, in memory from the first one it
 * refuses (a full disk, no temporary directory): the analysis goes on, with more memory, rather
 * than stopping. `onFallback` hears why, once. Records already in the file stay readable there.
 * Its scratch files (see openScratch) do the same, each on its own, and `onFallback` still hears
 * only the first of them all: the caller has one thing to say, that memory is used instead of disk.
 */
export function openColdStore(onFallback: (why: string) => void, dir: string = tmpdir()): ColdStore {
  let told = false;
  const once = (why: string): void => {
    if (told) return;
    told = true;
    onFallback(why);
  };
  let file: FileColdStore | null = null;
  try {
    file = openColdFile(dir);
  } catch (e) {
    once((e as Error).message);
  }
  return new FileThenMemory(file, once, dir);
}

class FileThenMemory implements ColdStore {
  private memory: MemoryColdStore | null;

  constructor(
    private readonly file: FileColdStore | null,
    private readonly onFallback: (why: string) => void,
    private readonly dir: string,
  ) {
    this.memory = file === null ? new MemoryColdStore() : null;
  }

  get size(): number {
    return (this.file?.size ?? 0) + (this.memory?.size ?? 0);
  }

  put(bytes: Uint8Array, length: number): number {
    if (this.memory === null) {
      try {
        return this.file!.put(bytes, length);
      } catch (e) {
        this.memory = new MemoryColdStore();
        this.onFallback((e as Error).message);
      }
    }
    // Records in memory get negative handles, so the two never meet.
    return -1 - this.memory.put(bytes, length);
  }

  get(handle: number): Uint8Array {
    return handle < 0 ? this.memory!.get(-1 - handle) : this.file!.get(handle);
  }

  scratch(): BlockFile {
    // Tried on disk even once the records are in memory: a failed write of records (a full disk)
    // may leave room for pages, and where it does not, the scratch turns to memory on its own.
    return openScratch(this.onFallback, this.dir);
  }

  close(): void {
    this.file?.close();
    this.memory?.close();
  }
}

export class FileColdStore implements ColdStore {
  private readonly file: TemporaryFile;
  /** Where the scratch files go too. */
  private readonly dir: string;
  /** Records not yet written; they start at file offset `flushed`. */
  private readonly pending: Uint8Array;
  private readonly pendingView: DataView;
  private pendingUsed = 0;
  /** Bytes in the file, which is where `pending` will go. */
  private flushed = 0;
  /** Where records read back from the file land; grows to the largest record read. */
  private readBuffer = new Uint8Array(SEQUENTIAL_READ_BYTES);
  private readView = new DataView(this.readBuffer.buffer);
  /** The read buffer holds the file's bytes [readStart, readEnd). */
  private readStart = 0;
  private readEnd = 0;
  /** Where the record after the last one read starts: a get there reads on in bulk. */
  private nextInOrder = -1;
  size = 0;

  constructor(dir: string = tmpdir(), writeBufferBytes: number = WRITE_BUFFER_BYTES) {
    this.dir = dir;
    this.pending = new Uint8Array(writeBufferBytes);
    this.pendingView = new DataView(this.pending.buffer);
    this.file = new TemporaryFile(dir, 'cold');
  }

  /** The temporary file, for messages: it no longer has this name once open (see the file comment). */
  get path(): string {
    return this.file.path;
  }

  put(bytes: Uint8Array, length: number): number {
    this.file.checkOpen();
    const need = LENGTH_BYTES + length;
    if (this.pendingUsed + need > this.pending.length) this.flush();
    const handle = this.flushed + this.pendingUsed;
    if (need > this.pending.length) {
      // Larger than the whole buffer: straight to the file, the buffer being empty after the flush.
      const header = new Uint8Array(LENGTH_BYTES);
      new DataView(header.buffer).setUint32(0, length, true);
      this.file.writeAt(header, LENGTH_BYTES, handle);
      this.file.writeAt(bytes, length, handle + LENGTH_BYTES);
      this.flushed += need;
    } else {
      this.pendingView.setUint32(this.pendingUsed, length, true);
      this.pending.set(bytes.subarray(0, length), this.pendingUsed + LENGTH_BYTES);
      this.pendingUsed += need;
    }
    this.size += length;
    return handle;
  }

  /** The record under `handle`: a view into the store's own buffers, valid until the next call. */
  get(handle: number): Uint8Array {
    this.file.checkOpen();
    if (handle >= this.flushed) {
      const at = handle - this.flushed;
      const length = this.pendingView.getUint32(at, true);
      return this.pending.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + length);
    }
    // Records lie wholly in the file or wholly in `pending`, so the file holds at least this much.
    if (!this.buffered(handle, LENGTH_BYTES)) {
      this.readAt(Math.min(handle === this.nextInOrder ? SEQUENTIAL_READ_BYTES : READ_AHEAD_BYTES, this.flushed - handle), handle);
    }
    const length = this.readView.getUint32(handle - this.readStart, true);
    const end = LENGTH_BYTES + length;
    if (!this.buffered(handle, end)) {
      if (end > this.readBuffer.length) this.growReadBuffer(end);
      this.readAt(end, handle);
    }
    this.nextInOrder = handle + end;
    const at = handle - this.readStart;
    return this.readBuffer.subarray(at + LENGTH_BYTES, at + end);
  }

  /** Are the file's bytes [position, position + length) in the read buffer? */
  private buffered(position: number, length: number): boolean {
    return position >= this.readStart && position + length <= this.readEnd;
  }

  /** A new scratch file in the same directory as the records. */
  scratch(): FileBlockFile {
    this.file.checkOpen();
    return new FileBlockFile(this.dir);
  }

  close(): void {
    this.file.close();
  }

  private flush(): void {
    if (this.pendingUsed === 0) return;
    this.file.writeAt(this.pending, this.pendingUsed, this.flushed);
    this.flushed += this.pendingUsed;
    this.pendingUsed = 0;
  }

  /** Reads `length` bytes at `position` into the start of the read buffer. */
  private readAt(length: number, position: number): void {
    // Whatever the buffer held is overwritten from here, even if the read fails.
    this.readEnd = this.readStart;
    const done = this.file.readAt(this.readBuffer, length, position);
    if (done < length) throw new Error(`cannot read the temporary file ${this.path}: it ends at byte offset ${position + done}, inside the record at byte offset ${position}`);
    this.readStart = position;
    this.readEnd = position + length;
  }

  private growReadBuffer(atLeast: number): void {
    let size = this.readBuffer.length;
    while (size < atLeast) size *= 2;
    this.readBuffer = new Uint8Array(size);
    this.readView = new DataView(this.readBuffer.buffer);
    this.readEnd = this.readStart;
  }
}
