/**
 * Where a tracker keeps the connections it has moved out of memory (see TcpTracker's `cold`
 * option): records of bytes, each put once and read back by the handle `put` returned. A capture
 * can hold millions of connections (a SYN flood is one per packet); in memory each costs about a
 * kilobyte, as a record a hundred bytes or so, and a store on disk (electron/host/cold-file.ts)
 * keeps even those out of the process.
 */
import { MemoryBlockFile, type BlockFile } from './block-file';

export interface ColdStore {
  /** Stores a copy of `bytes[0, length)`; returns its handle, a safe integer. */
  put(bytes: Uint8Array, length: number): number;
  /** The record stored under `handle`, exactly as put: valid until the next call to the store. */
  get(handle: number): Uint8Array;
  /** Bytes of records stored so far. */
  readonly size: number;
  /**
   * New scratch space beside the records, for the tracker's indexes that grow with the
   * connections (see BlockFile); the caller closes it.
   */
  scratch(): BlockFile;
  /** Frees what the store holds; it is not used after. */
  close(): void;
}

/** Bytes a record's length takes in front of it. */
const LENGTH_BYTES = 4;
/** Records are appended to blocks of this size (one larger record gets a block of its own). */
const BLOCK_BYTES = 1 << 20;

/** A ColdStore in memory, for tests and for where no disk is at hand: compact, but not out of the process. */
export class MemoryColdStore implements ColdStore {
  private readonly blocks: Uint8Array[] = [];
  private used = BLOCK_BYTES;
  size = 0;

  put(bytes: Uint8Array, length: number): number {
    const need = LENGTH_BYTES + length;
    if (this.used + need > BLOCK_BYTES) {
      this.blocks.push(new Uint8Array(Math.max(BLOCK_BYTES, need)));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1]!;
    const at = this.used;
    new DataView(block.buffer).setUint32(at, length, true);
    block.set(bytes.subarray(0, length), at + LENGTH_BYTES);
    this.used += need;
    this.size += length;
    // Block number and offset in one safe integer.
    return (this.blocks.length - 1) * 2 ** 32 + at;
  }

  get(handle: number): Uint8Array {
    const block = this.blocks[Math.floor(handle / 2 ** 32)]!;
    const at = handle % 2 ** 32;
    const length = new DataView(block.buffer).getUint32(at, true);
    return block.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + length);
  }

  scratch(): BlockFile {
    return new MemoryBlockFile();
  }

  close(): void {
    this.blocks.length = 0;
  }
}
