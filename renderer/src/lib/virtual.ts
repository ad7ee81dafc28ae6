/**
 * The framework-free core of the virtualised lists (packets, connections, ladder): which rows a
 * viewport shows and where each one sits. Pure arithmetic, so it is unit-tested without a DOM;
 * `useVirtual` is the thin React adapter.
 *
 * Browsers cap an element's height (Chromium near 2^25 px), and 1 M rows × 22 px is already
 * 22 M px. Past MAX_SCROLL_PX the scrollable height is compressed: the scrollbar maps linearly
 * onto the rows, and rows are drawn at full height around the scroll position.
 */

/** Well under Chromium's limit on element height, so scroll positions stay exact. */
export const MAX_SCROLL_PX = 10_000_000;

export interface VirtualInput {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  scrollTop: number;
  /** Rows drawn beyond each edge of the viewport, so fast scrolling does not show blanks. */
  overscan: number;
  /**
   * The drawn range moves in steps of this many rows (default 1): it keeps at least `overscan`
   * rows beyond each edge, and changes only when scrolling has used up a step's worth. Most
   * scroll frames then change nothing in the DOM; each row added or removed costs a frame
   * style, layout, paint and layerisation of the page.
   */
  step?: number;
  /**
   * The scrollTop of the previous scroll event, if known. When the list moved further than a
   * viewport and the overscan since then (a fling), none of the rows drawn now would still be in
   * view after another such move: the overscan would be replaced before it is ever seen. Only the
   * rows in view are drawn then (no overscan, no step): each drawn row is new every frame of a
   * fling, and costs its style, layout and paint, so that is a fraction of a frame's work.
   */
  previousScrollTop?: number;
}

export interface VirtualLayout {
  /** Height of the scrollable content. */
  totalHeight: number;
  /** Rows to draw: [start, end). */
  start: number;
  end: number;
  /** Rows at least partly inside the viewport: [visibleStart, visibleEnd). */
  visibleStart: number;
  visibleEnd: number;
  /** Offset subtracted from index × rowHeight to place a row (0 unless the height is compressed). */
  shift: number;
}

/** Ratio between the real content height and the compressed one's scroll range (1 when not compressed). */
function compression(count: number, rowHeight: number, viewportHeight: number): { total: number; ratio: number } {
  const real = count * rowHeight;
  if (real <= MAX_SCROLL_PX) return { total: real, ratio: 1 };
  const range = Math.max(1, MAX_SCROLL_PX - viewportHeight);
  return { total: MAX_SCROLL_PX, ratio: Math.max(1, real - viewportHeight) / range };
}

export function layout(input: VirtualInput): VirtualLayout {
  const { count, rowHeight, viewportHeight, overscan } = input;
  const { total, ratio } = compression(count, rowHeight, viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, total - viewportHeight));
  // Pixel offset of the viewport's top edge in the uncompressed content.
  const realTop = scrollTop * ratio;
  const shift = realTop - scrollTop;
  const visibleStart = Math.min(count, Math.floor(realTop / rowHeight));
  const visibleEnd = Math.min(count, Math.ceil((realTop + viewportHeight) / rowHeight));
  const moved = input.previousScrollTop === undefined ? 0 : Math.abs(scrollTop - input.previousScrollTop) * ratio;
  const fling = moved > viewportHeight + overscan * rowHeight;
  const step = fling ? 1 : Math.max(1, Math.floor(input.step ?? 1));
  const extra = fling ? 0 : overscan;
  return {
    totalHeight: total,
    start: Math.max(0, Math.floor((visibleStart - extra) / step) * step),
    end: Math.min(count, Math.ceil((visibleEnd + extra) / step) * step),
    visibleStart,
    visibleEnd,
    shift,
  };
}

/** Top of row `index` in the scrollable content's coordinates. */
export const rowTop = (l: VirtualLayout, index: number, rowHeight: number): number => index * rowHeight - l.shift;

/**
 * The scrollTop that brings row `index` into view: unchanged when it is already fully visible,
 * otherwise the least scroll that shows it ('nearest'), or the row at the top ('start').
 */
export function scrollTopFor(
  index: number,
  current: VirtualInput,
  align: 'nearest' | 'start' | 'end' = 'nearest',
): number {
  const { count, rowHeight, viewportHeight } = current;
  const { total, ratio } = compression(count, rowHeight, viewportHeight);
  const maxScroll = Math.max(0, total - viewportHeight);
  const clamp = (realTop: number) => Math.min(maxScroll, Math.max(0, realTop / ratio));
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (align === 'start') return clamp(top);
  if (align === 'end') return clamp(bottom - viewportHeight);
  const realTop = Math.min(Math.max(0, current.scrollTop), maxScroll) * ratio;
  if (top < realTop) return clamp(top);
  if (bottom > realTop + viewportHeight) return clamp(bottom - viewportHeight);
  return current.scrollTop;
}

/** True when the viewport shows the last row: a live list keeps following new rows only then. */
export const atEnd = (input: VirtualInput): boolean => {
  const { total } = compression(input.count, input.rowHeight, input.viewportHeight);
  return input.scrollTop + input.viewportHeight >= total - input.rowHeight / 2;
};

/**
 * Rows are placed inside a block that starts at an anchor row, so a row's offset inside the block
 * stays the same while the list scrolls (memoised rows then skip re-rendering even when the
 * height is compressed and every row's page offset moves); only the block moves. The anchor
 * changes every ANCHOR_BLOCK rows.
 */
export const ANCHOR_BLOCK = 1024;
export const anchorOf = (start: number): number => Math.floor(start / ANCHOR_BLOCK) * ANCHOR_BLOCK;
