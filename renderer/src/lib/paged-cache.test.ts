import { describe, expect, it } from 'vitest';
import { PagedCache } from './paged-cache';

/** A host of `n` numbered rows that records the requests it gets and answers when told. */
function host(n: { count: number }) {
  const calls: [number, number][] = [];
  const pending: (() => void)[] = [];
  const fetch = (from: number, to: number) => {
    calls.push([from, to]);
    return new Promise<number[]>((resolve) => pending.push(() => resolve(Array.from({ length: Math.max(0, Math.min(to, n.count) - from) }, (_, i) => from + i))));
  };
  const flush = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { calls, fetch, flush };
}

describe('PagedCache', () => {
  it('fetches each page in view once and serves rows from it', async () => {
    const h = host({ count: 1000 });
    const c = new PagedCache(h.fetch, 100, 4);
    c.setCount(1000);
    c.ensure(150, 260);
    c.ensure(150, 260);
    expect(h.calls).toEqual([[100, 200], [200, 300]]);
    expect(c.get(150)).toBeUndefined();
    await h.flush();
    expect(c.get(150)).toBe(150);
    expect(c.get(299)).toBe(299);
  });

  it('keeps at most maxPages, evicting the least recently used outside the view', async () => {
    const h = host({ count: 10_000 });
    const c = new PagedCache(h.fetch, 100, 3);
    c.setCount(10_000);
    for (const p of [0, 1, 2, 3, 4]) {
      c.ensure(p * 100, p * 100 + 50);
      await h.flush();
    }
    expect(c.size).toBe(3);
    expect(c.get(450)).toBe(450);
    expect(c.get(50)).toBeUndefined();
  });

  it('drops replies that arrive after clear()', async () => {
    const h = host({ count: 1000 });
    const c = new PagedCache(h.fetch, 100, 4);
    c.setCount(1000);
    c.ensure(0, 50);
    c.clear();
    await h.flush();
    expect(c.get(10)).toBeUndefined();
  });

  it('asks again for the short last page when the count grows, showing the old rows meanwhile', async () => {
    const n = { count: 150 };
    const h = host(n);
    const c = new PagedCache(h.fetch, 100, 4);
    c.setCount(150);
    c.ensure(100, 150);
    await h.flush();
    expect(c.get(149)).toBe(149);
    n.count = 180;
    c.setCount(180);
    expect(h.calls.at(-1)).toEqual([100, 180]);
    expect(c.get(149)).toBe(149);
    await h.flush();
    expect(c.get(179)).toBe(179);
  });

  it('does not spin when the host has fewer rows than the count says', async () => {
    const h = host({ count: 120 });
    const c = new PagedCache(h.fetch, 100, 4);
    c.setCount(200);
    c.ensure(100, 200);
    await h.flush();
    await h.flush();
    expect(h.calls).toEqual([[100, 200]]);
  });
});
