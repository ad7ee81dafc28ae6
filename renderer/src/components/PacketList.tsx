/**
 * The packet list: virtualised (only the visible rows plus overscan are drawn and fetched, in
 * pages), coloured by role, with a role badge. Follows the newest packet of a live capture
 * unless the user has scrolled away from the end.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { PacketRow } from '../../../core/api';
import { api } from '../api';
import { formatRowTime, roleBadge, roleClass, ROLE_TITLE, type TimeFormat } from '../lib/format';
import { PAGE_SIZE } from '../lib/paged-cache';
import { usePaged } from '../lib/use-paged';
import { useVirtual } from '../lib/use-virtual';
import { SlotMap } from '../lib/slots';
import { anchorOf, atEnd, rowTop } from '../lib/virtual';

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
  const v = useVirtual(ref, count, PACKET_ROW_HEIGHT, OVERSCAN, HEADER_HEIGHT, DRAW_STEP);
  const viewIdRef = useRef(viewId);
  viewIdRef.current = viewId;
  const cache = usePaged<PacketRow>((from, to) => (viewIdRef.current === null ? Promise.resolve([]) : api().rows(viewIdRef.current, from, to)));
  const selectedIndex = useRef(-1);
  const stick = useRef(true);
  const slots = useRef({ key: viewKey, map: new SlotMap() });

  useEffect(() => {
    cache.clear();
    selectedIndex.current = -1;
  }, [cache, viewKey]);
  useEffect(() => cache.setCount(count), [cache, count, viewKey]);
  const lastStart = useRef(0);
  useEffect(() => {
    const moved = v.layout.start - lastStart.current;
    lastStart.current = v.layout.start;
    // The drawn rows are asked for first, then the rows around them: more of them ahead while the
    // list scrolls, not after a jump (dragging the thumb), where ahead is no likelier than behind.
    cache.ensure(v.layout.start, v.layout.end);
    // (A fling moves further a frame than the rows it draws, but less than a page.)
    const scrolling = Math.abs(moved) <= Math.max(PAGE_SIZE, v.layout.end - v.layout.start);
    const before = scrolling && moved < 0 ? PREFETCH_AHEAD : PREFETCH;
    const after = scrolling && moved > 0 ? PREFETCH_AHEAD : PREFETCH;
    cache.ensure(Math.max(0, v.layout.start - before), v.layout.end + after);
  }, [cache, v.layout.start, v.layout.end, count, viewKey]);

  /** Where following last put the list: a scroll event that reports it (or further down) is ours, not the user's. */
  const followedTo = useRef(Infinity);
  // Whether the user is at the end is decided on scroll, before the count grows under them. The
  // scroll event of our own jump to the end may be handled after the count grew again (a busy
  // machine, two pushes in one frame): it still means "at the end", or following would stop.
  useEffect(() => {
    stick.current = v.scrollTop >= followedTo.current - 1
      || atEnd({ count, rowHeight: PACKET_ROW_HEIGHT, viewportHeight: v.viewportHeight, scrollTop: v.scrollTop, overscan: 0 });
    // Only scrolling changes the user's intent; a growing count must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [v.scrollTop, v.viewportHeight]);
  // Another view starts with nothing of ours to recognise (before the follow below, same commit).
  useLayoutEffect(() => {
    followedTo.current = Infinity;
  }, [viewKey]);
  useLayoutEffect(() => {
    if (!(follow && stick.current && ref.current && count > 0)) return;
    ref.current.scrollTop = ref.current.scrollHeight;
    followedTo.current = ref.current.scrollTop;
  }, [follow, count]);

  // A frame selected elsewhere (ladder, connection): find its row and bring it into view.
  useEffect(() => {
    if (selectedFrame === null || viewId === null) return;
    const known = selectedIndex.current >= 0 ? cache.get(selectedIndex.current) : undefined;
    if (known?.frame === selectedFrame) return;
    let live = true;
    void api().indexOfFrame(viewId, selectedFrame).then((i) => {
      if (!live || i < 0) return;
      selectedIndex.current = i;
      v.scrollToIndex(i, 'nearest');
    });
    return () => {
      live = false;
    };
    // scrollToIndex changes with the count; re-running on growth would fight the user's scrolling.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedFrame, viewId, cache]);

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
      v.scrollToIndex(i, 'nearest');
      const row = cache.get(i) ?? (await api().rows(viewId, i, i + 1))[0];
      if (row) select(row);
    },
    [cache, count, select, v, viewId],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(v.viewportHeight / PACKET_ROW_HEIGHT) - 1);
    const cur = selectedIndex.current < 0 ? v.layout.visibleStart - 1 : selectedIndex.current;
    const target: Record<string, number> = { ArrowDown: cur + 1, ArrowUp: cur - 1, PageDown: cur + page, PageUp: cur - page, Home: 0, End: count - 1 };
    const to = target[e.key];
    if (to === undefined) return;
    e.preventDefault();
    void moveTo(to);
  };

  const anchor = anchorOf(v.layout.start);
  const blockTop = rowTop(v.layout, anchor, PACKET_ROW_HEIGHT);
  // Keyed by slot and listed in slot order (lib/slots.ts): rows that scroll in reuse the DOM of
  // rows that scrolled out. A new view starts from fresh slots, its first row first in the DOM.
  if (slots.current.key !== viewKey) slots.current = { key: viewKey, map: new SlotMap() };
  const slotOf = slots.current.map.assign(v.layout.start, v.layout.end);
  const rows: ReactNode[] = [];
  for (let i = v.layout.start; i < v.layout.end; i++) {
    const row = cache.get(i);
    const top = (i - anchor) * PACKET_ROW_HEIGHT;
    const slot = slotOf.get(i)!;
    rows[slot] = row
      ? <PacketRowView key={slot} row={row} top={top} timeFormat={timeFormat} selected={row.frame === selectedFrame} onSelect={select} />
      : <div key={slot} className="prow placeholder" style={{ transform: `translateY(${top}px)` }} aria-hidden="true" />;
  }

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
        <div className="vcontent" style={{ height: v.layout.totalHeight }}>
          <div className="vblock" style={{ transform: `translateY(${blockTop}px)` }}>{rows}</div>
        </div>
        {count === 0 && <div className="empty-note">{viewId === null ? 'No packets yet' : 'No packets match'}</div>}
      </div>
    </div>
  );
}

const HEADERS = ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Role', 'Info'];

interface RowProps {
  row: PacketRow;
  top: number;
  timeFormat: TimeFormat;
  selected: boolean;
  onSelect(row: PacketRow): void;
}

const PacketRowView = memo(function PacketRowView({ row, top, timeFormat, selected, onSelect }: RowProps) {
  const cls = roleClass(row.roles, row.analysis, row.problem);
  const badge = roleBadge(row.roles);
  const title = [...row.roles.map((r) => ROLE_TITLE[r]), ...row.analysis.map((a) => `Analysis: ${a.replace(/_/g, ' ')}`), row.problem ?? ''].filter(Boolean).join('\n');
  return (
    <div
      className={`prow role-${cls}${selected ? ' selected' : ''}`}
      role="row"
      aria-rowindex={row.index + 2}
      aria-selected={selected}
      data-frame={row.frame}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(row)}
      title={title || undefined}
    >
      <div role="gridcell" className="c-no">{row.frame}</div>
      <div role="gridcell" className="c-time">{formatRowTime(row, timeFormat)}</div>
      <div role="gridcell" className="c-source">{row.src}</div>
      <div role="gridcell" className="c-destination">{row.dst}</div>
      <div role="gridcell" className="c-protocol">{row.protocol}</div>
      <div role="gridcell" className="c-length">{row.length}</div>
      <div role="gridcell" className="c-role">{badge && <span className={`badge badge-${cls}`}>{badge}</span>}</div>
      <div role="gridcell" className="c-info">
        {row.analysis.length > 0 && <span className="analysis-tag">[{row.analysis.map((a) => a.replace(/_/g, ' ')).join(', ')}] </span>}
        {row.info}
      </div>
    </div>
  );
});
