/**
 * Scratch space read and rewritten in place, at byte offsets: where a tracker with a cold store
 * keeps the parts of its indexes that grow with the number of connections (the cold connections'
 * keys, their records' handles), so that these too leave memory. A ColdStore's records are put
 * once; these pages change, and one on disk (electron/host/block-file.ts) keeps them out of the
 * process.
 */
export interface BlockFile {
  /** Copies bytes [offset, offset + length) into `into[0, length)`: zeros where nothing was written. */
  read(offset: number, into: Uint8Array, length: number): void;
  /** Writes `bytes[0, length)` at `offset`. */
  write(offset: number, bytes: Uint8Array, length: number): void;
  /** Frees what it holds; it is not used after. */
  close(): void;
}

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/** A BlockFile in memory, in chunks made as they are first written: for tests, and where no disk is at hand. */
export class MemoryBlockFile implements BlockFile {
  private readonly chunks: (Uint8Array | undefined)[] = [];
  /** Bytes up to the end of the last write (what a file would be long). */
  size = 0;

  read(offset: number, into: Uint8Array, length: number): void {
    for (let done = 0; done < length; ) {
      const at = offset + done;
      const chunk = this.chunks[Math.floor(at / CHUNK)];
      const inChunk = at % CHUNK;
      const n = Math.min(length - done, CHUNK - inChunk);
      if (chunk === undefined) into.fill(0, done, done + n);
      else into.set(chunk.subarray(inChunk, inChunk + n), done);
      done += n;
    }
  }

  write(offset: number, bytes: Uint8Array, length: number): void {
    for (let done = 0; done < length; ) {
      const at = offset + done;
      const c = Math.floor(at / CHUNK);
      const chunk = (this.chunks[c] ??= new Uint8Array(CHUNK));
      const inChunk = at % CHUNK;
      const n = Math.min(length - done, CHUNK - inChunk);
      chunk.set(bytes.subarray(done, done + n), inChunk);
      done += n;
    }
    this.size = Math.max(this.size, offset + length);
  }

  close(): void {
    this.chunks.length = 0;
  }
}
