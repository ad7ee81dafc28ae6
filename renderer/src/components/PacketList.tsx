/**
 * The packet list: virtualised (only the visible rows plus overscan are drawn and fetched, in
 * pages), coloured by role, with a role badge. Follows the newest packet of a live capture
 * unless the user has scrolled away from the end.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PacketRow } from '../../../core/api';
import { api } from '../api';
import type { TimeFormat } from '../lib/format';
import { PAGE_SIZE } from '../lib/paged-cache';
import { usePaged } from '../lib/use-paged';
import { anchorOf, atEnd, layout, rowTop, scrollTopFor, type VirtualLayout } from '../lib/virtual';
import { PacketRows } from './packet-rows';

export const PACKET_ROW_HEIGHT = 22;
/** The column header sticks to the top of the scroll box (so it scrolls sideways with the rows). */
const HEADER_HEIGHT = 24;
/** Rows drawn beyond each edge: a flick of the wheel lands on rows already drawn. */
const OVERSCAN = 24;
/**
 * The drawn rows change 16 at a time (virtual.ts, VirtualInput.step): a wheel scrolls about 3
 * rows a frame (about 7 in a million-row list, whose scroll height is compressed), so one frame
 * in two to five changes the DOM instead of every one.
 */
const DRAW_STEP = 16;
/** Rows fetched (not drawn) beyond the overscan: a page either way, so steady scrolling meets rows already here. */
const PREFETCH = PAGE_SIZE;
/**
 * Rows fetched ahead in the direction of scrolling: a fast fling crosses a page in a few frames,
 * and a page takes a round trip to the worker (tens of ms) to come.
 */
const PREFETCH_AHEAD = 4 * PAGE_SIZE;

interface Props {
  viewId: number | null;
  /** Changes when the view is a different one (not the same one grown). */
  viewKey: string;
  count: number;
  timeFormat: TimeFormat;
  selectedFrame: number | null;
  onSelect(frame: number): void;
  /** Live capture: keep the newest row in view while the user stays at the end. */
  follow: boolean;
}

export function PacketList({ viewId, viewKey, count, timeFormat, selectedFrame, onSelect, follow }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const blockRef = useRef<HTMLDivElement>(null);
  const viewIdRef = useRef(viewId);
  viewIdRef.current = viewId;
  const cache = usePaged<PacketRow>((from, to) => (viewIdRef.current === null ? Promise.resolve([]) : api().rows(viewIdRef.current, from, to)));
  const selectedIndex = useRef(-1);
  const stick = useRef(true);
  /** The row count the scroll box's height was last made for (the count of the last render that changed it). */
  const sizedFor = useRef(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  /** The last two scroll positions seen: a list moving further than its overscan a frame draws only the rows in view (VirtualInput.previousScrollTop). */
  const scroll = useRef({ top: 0, previous: 0 });
  const rows = useRef<PacketRows | null>(null);
  const drawnKey = useRef(viewKey);
  const lastStart = useRef(0);
  const current = useRef<VirtualLayout | null>(null);

  // What drawing needs, as of the latest render: the scroll handler draws between renders.
  const props = { count, viewKey, timeFormat, selectedFrame, viewportHeight };
  const latest = useRef(props);
  latest.current = props;

  /**
   * Draws the rows for the current scroll position and asks for the rows around them. Runs in
   * the scroll event itself (the frame that scrolled shows its rows) and after each render.
   */
  const draw = useCallback(() => {
    const { count, viewKey, timeFormat, selectedFrame, viewportHeight } = latest.current;
    const l = layout({ count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight, scrollTop: scroll.current.top, overscan: OVERSCAN, step: DRAW_STEP, previousScrollTop: scroll.current.previous });
    current.current = l;
    const moved = l.start - lastStart.current;
    lastStart.current = l.start;
    // The drawn rows are asked for first, then the rows around them: more of them ahead while the
    // list scrolls, not after a jump (dragging the thumb), where ahead is no likelier than behind.
    cache.ensure(l.start, l.end);
    // (A fling moves further a frame than the rows it draws, but less than a page.)
    const scrolling = Math.abs(moved) <= Math.max(PAGE_SIZE, l.end - l.start);
    const before = scrolling && moved < 0 ? PREFETCH_AHEAD : PREFETCH;
    const after = scrolling && moved > 0 ? PREFETCH_AHEAD : PREFETCH;
    cache.ensure(Math.max(0, l.start - before), l.end + after);
    const r = rows.current;
    if (!r) return;
    if (drawnKey.current !== viewKey) {
      drawnKey.current = viewKey;
      r.reset();
    }
    const anchor = anchorOf(l.start);
    r.draw({ start: l.start, end: l.end, anchor, blockTop: rowTop(l, anchor, PACKET_ROW_HEIGHT), rowHeight: PACKET_ROW_HEIGHT, get: (i) => cache.get(i), timeFormat, selectedFrame });
  }, [cache]);

  /**
   * A scroll position we have not seen yet is the user's (following records its own jumps in
   * `scroll` as it makes them, so their events change nothing). Whether the user is at the end is
   * judged against `count`: the rows the scroll box was sized for when they scrolled.
   */
  const userScrolled = useCallback((top: number, count: number): boolean => {
    if (top === scroll.current.top) return false;
    scroll.current = { top, previous: scroll.current.top };
    stick.current = atEnd({ count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight: latest.current.viewportHeight, scrollTop: top, overscan: 0 });
    return true;
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    const block = blockRef.current;
    if (!el || !block) return;
    const r = new PacketRows(block);
    rows.current = r;
    const measure = () => setViewportHeight(Math.max(0, el.clientHeight - HEADER_HEIGHT));
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    const onScroll = () => {
      if (userScrolled(el.scrollTop, sizedFor.current)) draw();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
      r.dispose();
      rows.current = null;
    };
  }, [draw, userScrolled]);

  useEffect(() => {
    cache.clear();
    selectedIndex.current = -1;
  }, [cache, viewKey]);
  useEffect(() => cache.setCount(count), [cache, count, viewKey]);
  // Only a resize changes what the user sees of the end; a growing count must not. A resize may
  // bring the end into view, but is not the user leaving it.
  useEffect(() => {
    const el = ref.current;
    if (el) stick.current ||= atEnd({ count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight, scrollTop: scroll.current.top, overscan: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewportHeight]);
  useLayoutEffect(() => {
    const el = ref.current;
    const before = sizedFor.current;
    sizedFor.current = count;
    if (!el) return;
    // The user's scroll event comes with the next frame, and on a busy machine renders that grew
    // the list come before it: judged there, a user back at the end is measured against rows they
    // never saw and not followed again, and one who scrolled away is pulled back by the jump below.
    // So a scroll not seen yet is taken here, against the rows the user saw (when this render
    // shrank the list, it may be the browser's clamp to the new end: at the end).
    userScrolled(el.scrollTop, Math.min(before, count));
    if (!(follow && stick.current && count > 0)) return;
    el.scrollTop = el.scrollHeight;
    scroll.current = { top: el.scrollTop, previous: scroll.current.top };
  }, [follow, count, userScrolled]);
  // Every render may bring rows (a page arrived), a count, a selection or a time format.
  useLayoutEffect(draw);

  const scrollToIndex = useCallback((index: number, align: 'nearest' | 'start' | 'end' = 'nearest') => {
    const el = ref.current;
    if (!el) return;
    const top = scrollTopFor(index, { count: latest.current.count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight: el.clientHeight - HEADER_HEIGHT, scrollTop: el.scrollTop, overscan: OVERSCAN }, align);
    if (Math.abs(top - el.scrollTop) >= 1) el.scrollTop = top;
  }, []);

  // A frame selected elsewhere (ladder, connection): find its row and bring it into view.
  useEffect(() => {
    if (selectedFrame === null || viewId === null) return;
    const known = selectedIndex.current >= 0 ? cache.get(selectedIndex.current) : undefined;
    if (known?.frame === selectedFrame) return;
    let live = true;
    void api().indexOfFrame(viewId, selectedFrame).then((i) => {
      if (!live || i < 0) return;
      selectedIndex.current = i;
      scrollToIndex(i, 'nearest');
    });
    return () => {
      live = false;
    };
  }, [selectedFrame, viewId, cache, scrollToIndex]);

  const select = useCallback(
    (row: PacketRow) => {
      selectedIndex.current = row.index;
      onSelect(row.frame);
    },
    [onSelect],
  );

  const moveTo = useCallback(
    async (index: number) => {
      if (count === 0 || viewId === null) return;
      const i = Math.max(0, Math.min(count - 1, index));
      scrollToIndex(i, 'nearest');
      const row = cache.get(i) ?? (await api().rows(viewId, i, i + 1))[0];
      if (row) select(row);
    },
    [cache, count, select, scrollToIndex, viewId],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewportHeight / PACKET_ROW_HEIGHT) - 1);
    const cur = selectedIndex.current < 0 ? (current.current?.visibleStart ?? 0) - 1 : selectedIndex.current;
    const target: Record<string, number> = { ArrowDown: cur + 1, ArrowUp: cur - 1, PageDown: cur + page, PageUp: cur - page, Home: 0, End: count - 1 };
    const to = target[e.key];
    if (to === undefined) return;
    e.preventDefault();
    void moveTo(to);
  };

  const totalHeight = layout({ count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight, scrollTop: 0, overscan: 0 }).totalHeight;
  return (
    <div className="packet-list" role="grid" aria-label="Packets" aria-rowcount={count + 1} aria-readonly="true">
      <div ref={ref} className="vscroll" tabIndex={0} onKeyDown={onKeyDown} data-testid="packet-scroll" aria-label="Packet rows, arrow keys move">
        <div className="prow header" role="row" aria-rowindex={1}>
          {HEADERS.map((h) => (
            <div key={h} role="columnheader" className={`c-${h.toLowerCase().replace(/\W/g, '')}`}>
              {h === 'Time' ? `Time (${timeFormat})` : h}
            </div>
          ))}
        </div>
        <div className="vcontent" style={{ height: totalHeight }}>
          {/* Its rows are PacketRows' (./packet-rows), not React's. */}
          <div ref={blockRef} className="vblock" onMouseDown={(e) => {
            const row = rows.current?.rowAt(e.target);
            if (row) select(row);
          }} onMouseOver={(e) => rows.current?.hover(e.target)} />
        </div>
        {count === 0 && <div className="empty-note">{viewId === null ? 'No packets yet' : 'No packets match'}</div>}
      </div>
    </div>
  );
}

const HEADERS = ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Role', 'Info'];
