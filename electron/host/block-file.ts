/**
 * A BlockFile (core/tcp/block-file.ts) in a temporary file, so that the tracker's indexes that
 * grow with the number of connections leave the process too. Pages are rewritten in place at
 * byte offsets that may pass 4 GB; where nothing was written the file has a hole (or ends), and
 * a hole reads as zeros, as MemoryBlockFile's never-written chunks do. The file is unlinked as
 * soon as it is open (see temp-file.ts).
 */
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { MemoryBlockFile, type BlockFile } from '../../core/tcp/block-file';
import { TemporaryFile } from './temp-file';

/**
 * Bytes read at once when a scratch file is copied to memory. The copy skips the pieces of this
 * size that are all zeros, so that holes in a sparse file do not become memory; it is
 * MemoryBlockFile's chunk, so a skipped piece is a chunk never made.
 */
const COPY_PIECE_BYTES = 1 << 16;

export class FileBlockFile implements BlockFile {
  private readonly file: TemporaryFile;

  /** Throws an Error naming the file if it cannot be created. */
  constructor(dir: string = tmpdir()) {
    this.file = new TemporaryFile(dir, 'scratch');
  }

  /** The temporary file, for messages: it no longer has this name once open (see temp-file.ts). */
  get path(): string {
    return this.file.path;
  }

  read(offset: number, into: Uint8Array, length: number): void {
    this.file.checkOpen();
    // Where the file ends before the range does, nothing was ever written there.
    into.fill(0, this.file.readAt(into, length, offset), length);
  }

  write(offset: number, bytes: Uint8Array, length: number): void {
    this.file.checkOpen();
    this.file.writeAt(bytes, length, offset);
  }

  close(): void {
    this.file.close();
  }
}

/**
 * Scratch space in a temporary file in `dir` while the disk works, in memory from the first
 * failure (no temporary directory, a full disk, a read refused): the analysis goes on, with more
 * memory, rather than stopping. `onFallback` hears why, once. Unlike a ColdStore's records,
 * pages are rewritten in place, so they cannot stay half in the file: everything written so far
 * moves to memory at the switch, and the file goes.
 */
export function openScratch(onFallback: (why: string) => void, dir: string = tmpdir()): BlockFile {
  let file: FileBlockFile | null = null;
  try {
    file = new FileBlockFile(dir);
  } catch (e) {
    onFallback((e as Error).message);
  }
  return new ScratchThenMemory(file, onFallback);
}

class ScratchThenMemory implements BlockFile {
  private memory: MemoryBlockFile | null;
  /** Where the furthest write to the file ended: the file holds nothing written beyond. */
  private written = 0;

  constructor(private readonly file: FileBlockFile | null, private readonly onFallback: (why: string) => void) {
    this.memory = file === null ? new MemoryBlockFile() : null;
  }

  read(offset: number, into: Uint8Array, length: number): void {
    if (this.memory === null) {
      try {
        this.file!.read(offset, into, length);
        return;
      } catch (e) {
        this.toMemory((e as Error).message);
      }
    }
    this.memory!.read(offset, into, length);
  }

  write(offset: number, bytes: Uint8Array, length: number): void {
    if (this.memory === null) {
      try {
        this.file!.write(offset, bytes, length);
        this.written = Math.max(this.written, offset + length);
        return;
      } catch (e) {
        // Part of it may be in the file; the whole of it goes to memory below.
        this.toMemory((e as Error).message);
      }
    }
    this.memory!.write(offset, bytes, length);
  }

  close(): void {
    this.file?.close();
    this.memory?.close();
  }

  /** Copies what the file holds to memory and leaves the file; throws if even that cannot be read. */
  private toMemory(why: string): void {
    const file = this.file!;
    const memory = new MemoryBlockFile();
    const piece = new Uint8Array(COPY_PIECE_BYTES);
    const zeros = Buffer.alloc(COPY_PIECE_BYTES);
    for (let at = 0; at < this.written; at += COPY_PIECE_BYTES) {
      const n = Math.min(COPY_PIECE_BYTES, this.written - at);
      try {
        file.read(at, piece, n);
      } catch (e) {
        // The pages are neither in the file nor anywhere else: the caller's state is lost.
        memory.close();
        throw new Error(`${why}; ${(e as Error).message}`);
      }
      if (!zeros.subarray(0, n).equals(piece.subarray(0, n))) memory.write(at, piece, n);
    }
    this.memory = memory;
    file.close();
    this.onFallback(why);
  }
}
