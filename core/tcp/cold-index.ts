/**
 * By stream, where a connection's latest record is in the cold store and whether it holds notes.
 * In pages rather than one array that grows: a grown typed array leaves its old copy to the next
 * full collection, and with a million streams those copies were some 10 MB of resident memory.
 * Freeing them at once (detaching the buffer) is no better: the first detach in a process makes
 * V8 check every typed array access after it, which cost the tracker about 5%.
 *
 * With scratch space (a BlockFile), at most `maxResident` pages stay in memory and the others
 * wait there, so that this too stays bounded however many connections a capture has. Streams are
 * mostly frozen and read back near the newest ones, and listed in order at the end, so the pages
 * used least recently are the ones to write out.
 */
import type { BlockFile } from './block-file';

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;
const PAGE_BYTES = PAGE * 8;
/** 2 MB of pages in memory. */
export const DEFAULT_RESIDENT_INDEX_PAGES = 64;

export class ColdIndex {
  /**
   * Per stream: handle × 2, plus 1 when the record holds notes. A handle is a safe integer of
   * either sign below 2^52 in size (electron/host/cold-file.ts gives records kept in memory
   * negative ones). Pages not in memory are undefined.
   */
  private readonly pages: (Float64Array | undefined)[] = [];
  /** Per page: it has been written to the scratch space (else it was never set: all zeros). */
  private readonly saved: boolean[] = [];
  /** Per page in memory: changed since it was last read or written. */
  private readonly dirty: boolean[] = [];
  /** Per page in memory: when it was last used (a count of uses). */
  private readonly used: number[] = [];
  private readonly resident: number[] = [];
  private clock = 0;
  private blocks: BlockFile | null = null;

  /** Without `scratch`, every page stays in memory. */
  constructor(
    private readonly scratch: (() => BlockFile) | null = null,
    private readonly maxResident: number = DEFAULT_RESIDENT_INDEX_PAGES,
  ) {}

  set(stream: number, handle: number, noted: boolean): void {
    const pg = stream >>> PAGE_BITS;
    this.page(pg)[stream & IN_PAGE] = handle * 2 + (noted ? 1 : 0);
    this.dirty[pg] = true;
  }

  /** The handle of `stream`'s latest record (the stream must have been `set`). */
  handle(stream: number): number {
    return Math.floor(this.word(stream) / 2);
  }

  /** Does `stream`'s latest record hold notes? False for one never `set`. */
  noted(stream: number): boolean {
    return Math.abs(this.word(stream) % 2) === 1;
  }

  close(): void {
    this.blocks?.close();
  }

  private word(stream: number): number {
    return this.page(stream >>> PAGE_BITS)[stream & IN_PAGE]!;
  }

  private page(pg: number): Float64Array {
    this.used[pg] = ++this.clock;
    const p = this.pages[pg];
    if (p !== undefined) return p;
    let fresh: Float64Array | null = null;
    if (this.scratch !== null && this.resident.length >= this.maxResident) fresh = this.evict();
    const loaded = fresh ?? new Float64Array(PAGE);
    if (this.saved[pg] === true) this.blocks!.read(pg * PAGE_BYTES, new Uint8Array(loaded.buffer), PAGE_BYTES);
    else loaded.fill(0);
    this.pages[pg] = loaded;
    this.dirty[pg] = false;
    this.resident.push(pg);
    return loaded;
  }

  /** Writes out the page used least recently; returns its array, to reuse. */
  private evict(): Float64Array {
    let at = 0;
    for (let k = 1; k < this.resident.length; k++) if (this.used[this.resident[k]!]! < this.used[this.resident[at]!]!) at = k;
    const pg = this.resident[at]!;
    this.resident[at] = this.resident[this.resident.length - 1]!;
    this.resident.pop();
    const p = this.pages[pg]!;
    if (this.dirty[pg] === true) {
      this.blocks ??= this.scratch!();
      this.blocks.write(pg * PAGE_BYTES, new Uint8Array(p.buffer), PAGE_BYTES);
      this.saved[pg] = true;
    }
    this.pages[pg] = undefined;
    return p;
  }
}
