/**
 * By stream, where a connection's latest record is in the cold store and whether it holds notes.
 * In pages rather than one array that grows: a grown typed array leaves its old copy to the next
 * full collection, and with a million streams those copies were some 10 MB of resident memory.
 * Freeing them at once (detaching the buffer) is no better: the first detach in a process makes
 * V8 check every typed array access after it, which cost the tracker about 5%.
 */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;

export class ColdIndex {
  /**
   * Per stream: handle × 2, plus 1 when the record holds notes. A handle is a safe integer of
   * either sign below 2^52 in size (electron/host/cold-file.ts gives records kept in memory
   * negative ones).
   */
  private readonly pages: Float64Array[] = [];

  set(stream: number, handle: number, noted: boolean): void {
    const page = stream >>> PAGE_BITS;
    while (page >= this.pages.length) this.pages.push(new Float64Array(PAGE));
    this.pages[page]![stream & IN_PAGE] = handle * 2 + (noted ? 1 : 0);
  }

  /** The handle of `stream`'s latest record (the stream must have been `set`). */
  handle(stream: number): number {
    return Math.floor(this.word(stream) / 2);
  }

  /** Does `stream`'s latest record hold notes? False for one never `set`. */
  noted(stream: number): boolean {
    return Math.abs(this.word(stream) % 2) === 1;
  }

  private word(stream: number): number {
    return this.pages[stream >>> PAGE_BITS]?.[stream & IN_PAGE] ?? 0;
  }
}
