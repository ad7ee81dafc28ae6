/**
 * Rows fetched from the host by page, kept in a bounded LRU: the renderer never holds all rows
 * (DESIGN.md), only the pages around what it shows. Framework-free; React subscribes to changes.
 */

/** Rows per request: one IPC round trip fills a screen and its overscan several times over. */
export const PAGE_SIZE = 256;
/** Pages kept: about 10 k rows, a few screens either way of the viewport, whatever the file's size. */
export const MAX_PAGES = 40;

export type Fetch<T> = (from: number, to: number) => Promise<T[]>;

export class PagedCache<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly inflight = new Set<number>();
  /** Pages still shown but due to be asked for again (refresh): no blank flash while they reload. */
  private readonly stale = new Set<number>();
  private readonly listeners = new Set<() => void>();
  /** Bumped by clear(): replies to requests made before it are dropped. */
  private generation = 0;
  private count = 0;
  private wanted: [number, number] = [0, 0];

  constructor(
    private readonly fetch: Fetch<T>,
    private readonly pageSize = PAGE_SIZE,
    private readonly maxPages = MAX_PAGES,
  ) {}

  get size(): number {
    return this.pages.size;
  }

  get(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The row count grew (loading or capturing): a page that was short is asked for again. */
  setCount(count: number): void {
    if (count === this.count) return;
    const old = this.count;
    this.count = count;
    if (count < old) {
      this.clear();
      return;
    }
    const lastPage = Math.floor(Math.max(0, old - 1) / this.pageSize);
    const page = this.pages.get(lastPage);
    if (page && page.length < this.pageSize) this.stale.add(lastPage);
    this.ensure(this.wanted[0], this.wanted[1]);
  }

  /** Forget everything (a new view): pending replies are ignored. */
  clear(): void {
    this.generation++;
    this.pages.clear();
    this.inflight.clear();
    this.stale.clear();
    this.notify();
  }

  /** Ask again for the pages in view, showing the old rows until the new ones arrive (live data). */
  refresh(): void {
    this.generation++;
    this.inflight.clear();
    for (const p of this.pages.keys()) this.stale.add(p);
    this.ensure(this.wanted[0], this.wanted[1]);
  }

  /** Make sure rows [from, to) are fetched; returns at once, listeners hear when they arrive. */
  ensure(from: number, to: number): void {
    this.wanted = [from, to];
    const end = Math.min(to, this.count);
    if (end <= from) return;
    const first = Math.floor(from / this.pageSize);
    const last = Math.floor((end - 1) / this.pageSize);
    for (let p = first; p <= last; p++) {
      const have = this.pages.get(p);
      if (have && !this.stale.has(p)) {
        // Most recently used goes last in the Map's order.
        this.pages.delete(p);
        this.pages.set(p, have);
        continue;
      }
      if (this.inflight.has(p)) continue;
      this.load(p);
    }
  }

  private load(p: number): void {
    const gen = this.generation;
    this.inflight.add(p);
    const from = p * this.pageSize;
    const to = Math.min(from + this.pageSize, this.count);
    const countAtRequest = this.count;
    this.fetch(from, to).then(
      (rows) => {
        if (gen !== this.generation) return;
        this.inflight.delete(p);
        this.stale.delete(p);
        this.pages.delete(p);
        this.pages.set(p, rows);
        // The count grew while this page was on its way: it is short, ask again.
        // (Only when it grew: a host that has fewer rows than it said must not make us spin.)
        if (this.count !== countAtRequest && from + rows.length < Math.min(from + this.pageSize, this.count)) {
          this.stale.add(p);
          queueMicrotask(() => this.ensure(this.wanted[0], this.wanted[1]));
        }
        this.evict();
        this.notify();
      },
      () => {
        if (gen === this.generation) this.inflight.delete(p);
      },
    );
  }

  private evict(): void {
    const keepFrom = Math.floor(this.wanted[0] / this.pageSize);
    const keepTo = Math.floor(Math.max(this.wanted[0], this.wanted[1] - 1) / this.pageSize);
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (p >= keepFrom && p <= keepTo) continue;
      this.pages.delete(p);
      this.stale.delete(p);
    }
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}
