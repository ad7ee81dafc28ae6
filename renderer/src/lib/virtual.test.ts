import { describe, expect, it } from 'vitest';
import { anchorOf, ANCHOR_BLOCK, atEnd, layout, MAX_SCROLL_PX, rowTop, scrollTopFor } from './virtual';

const base = { rowHeight: 20, viewportHeight: 200, overscan: 5 };

describe('virtual layout', () => {
  it('draws only the rows in view plus overscan', () => {
    const l = layout({ ...base, count: 1000, scrollTop: 400 });
    expect([l.visibleStart, l.visibleEnd]).toEqual([20, 30]);
    expect([l.start, l.end]).toEqual([15, 35]);
    expect(l.totalHeight).toBe(20_000);
    expect(rowTop(l, 20, 20)).toBe(400);
  });

  it('moves the drawn range in steps, keeping at least the overscan beyond each edge', () => {
    const stepped = (scrollTop: number) => layout({ ...base, count: 1000, scrollTop, step: 8 });
    expect([stepped(400).start, stepped(400).end]).toEqual([8, 40]);
    // Scrolling row by row keeps the same range for several rows (none added or removed) …
    for (const top of [420, 440, 460, 480, 500]) expect([stepped(top).start, stepped(top).end]).toEqual([16, 40]);
    expect([stepped(520).start, stepped(520).end]).toEqual([16, 48]);
    // … and every range covers the viewport and the overscan.
    for (let top = 0; top < 5000; top += 7) {
      const l = stepped(top);
      expect(l.start).toBeLessThanOrEqual(Math.max(0, l.visibleStart - base.overscan));
      expect(l.end).toBeGreaterThanOrEqual(Math.min(1000, l.visibleEnd + base.overscan));
      expect(l.start % 8).toBe(0);
    }
  });

  it('draws only the rows in view while a fling moves further a frame than the drawn range reaches ahead', () => {
    const at = (scrollTop: number, previousScrollTop?: number) => layout({ ...base, count: 1000, scrollTop, step: 8, previousScrollTop });
    // Viewport 200 px + overscan 100 px: a move of 300 px or less keeps the overscan (and the step) …
    for (const prev of [undefined, 400, 300, 100, 700]) expect([at(400, prev).start, at(400, prev).end]).toEqual([8, 40]);
    // … a longer one draws the 10 rows in view, either way.
    for (const prev of [99, 0, 701, 4000]) expect([at(400, prev).start, at(400, prev).end]).toEqual([20, 30]);
    // Compressed: the move counts in rows, not scrollbar pixels.
    const big = { count: 1_000_000, rowHeight: 22, viewportHeight: 440, overscan: 5 };
    const fling = layout({ ...big, scrollTop: 5_000_000, previousScrollTop: 5_000_000 - 300 });
    expect([fling.start, fling.end]).toEqual([fling.visibleStart, fling.visibleEnd]);
    const wheel = layout({ ...big, scrollTop: 5_000_000, previousScrollTop: 5_000_000 - 100 });
    expect([wheel.start, wheel.end]).toEqual([wheel.visibleStart - 5, wheel.visibleEnd + 5]);
  });

  it('clamps overscan at both ends of the list', () => {
    const top = layout({ ...base, count: 1000, scrollTop: 0 });
    expect(top.start).toBe(0);
    const bottom = layout({ ...base, count: 1000, scrollTop: 1e9 });
    expect(bottom.end).toBe(1000);
    expect(bottom.visibleEnd).toBe(1000);
  });

  it('compresses 1 M rows of 22 px under the browser height limit and still reaches the last row', () => {
    const input = { count: 1_000_000, rowHeight: 22, viewportHeight: 600, overscan: 0 };
    const end = layout({ ...input, scrollTop: MAX_SCROLL_PX });
    expect(end.totalHeight).toBe(MAX_SCROLL_PX);
    expect(end.visibleEnd).toBe(1_000_000);
    // The last row sits flush with the viewport's bottom edge.
    const scrollTop = MAX_SCROLL_PX - 600;
    expect(rowTop(end, 999_999, 22) + 22).toBeCloseTo(scrollTop + 600, 6);
    const middle = layout({ ...input, scrollTop: (MAX_SCROLL_PX - 600) / 2 });
    expect(Math.abs(middle.visibleStart - 500_000)).toBeLessThan(20);
  });

  it('scrollTopFor brings a row into view only when it is not already', () => {
    const cur = { ...base, count: 1000, scrollTop: 400 };
    expect(scrollTopFor(25, cur)).toBe(400);
    expect(scrollTopFor(10, cur)).toBe(200);
    expect(scrollTopFor(40, cur)).toBe(40 * 20 + 20 - 200);
    expect(scrollTopFor(40, cur, 'start')).toBe(800);
  });

  it('scrollTopFor lands on the row in a compressed list', () => {
    const cur = { count: 1_000_000, rowHeight: 22, viewportHeight: 600, overscan: 0, scrollTop: 0 };
    const top = scrollTopFor(654_321, cur, 'start');
    const l = layout({ ...cur, scrollTop: top });
    expect(l.visibleStart).toBe(654_321);
    expect(rowTop(l, 654_321, 22)).toBeCloseTo(top, 6);
  });

  it('atEnd is true only when the last row is shown', () => {
    expect(atEnd({ ...base, count: 100, scrollTop: 1800 })).toBe(true);
    expect(atEnd({ ...base, count: 100, scrollTop: 1500 })).toBe(false);
    expect(atEnd({ ...base, count: 3, scrollTop: 0 })).toBe(true);
  });
});

describe('anchor blocks', () => {
  it('keep a row\'s offset in its block fixed while a compressed list scrolls', () => {
    const input = { count: 1_000_000, rowHeight: 22, viewportHeight: 600, overscan: 0 };
    const a = layout({ ...input, scrollTop: 4_000_000 });
    const b = layout({ ...input, scrollTop: 4_000_050 });
    expect(anchorOf(a.start)).toBe(anchorOf(b.start));
    const anchor = anchorOf(a.start);
    const i = a.visibleStart + 3;
    // Offset inside the block: unchanged; the block's own top carries the scroll.
    const inBlock = (l: typeof a) => rowTop(l, i, 22) - rowTop(l, anchor, 22);
    expect(inBlock(a)).toBe(inBlock(b));
    expect(rowTop(b, anchor, 22)).not.toBe(rowTop(a, anchor, 22));
    expect(anchorOf(ANCHOR_BLOCK * 3 + 5)).toBe(ANCHOR_BLOCK * 3);
  });
});
