/**
 * The connection table: one row per TCP connection, sorted by the host, virtualised and paged
 * like the packet list, restricted to the display filter's connections. Clicking a row, or
 * Enter/Space on the focused row, selects the connection.
 */
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConnectionRow, ConnectionSortKey } from '../../../core/api';
import { api } from '../api';
import { formatBytes, formatClock, formatDuration, HANDSHAKE_LABEL, statusTone, teardownLabel } from '../lib/format';
import { usePaged } from '../lib/use-paged';
import { useVirtual } from '../lib/use-virtual';
import { rowTop } from '../lib/virtual';

export const CONNECTION_ROW_HEIGHT = 24;
const OVERSCAN = 10;
const HEADER_HEIGHT = 24;

interface Column {
  key: ConnectionSortKey;
  label: string;
  title: string;
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'stream', label: 'Stream', title: 'tcp.stream number', numeric: true },
  { key: 'client', label: 'Client', title: 'The side that sent the SYN' },
  { key: 'server', label: 'Server', title: 'The side that answered' },
  { key: 'handshake', label: 'Handshake', title: 'How the connection opened' },
  { key: 'teardown', label: 'Teardown', title: 'How the connection ended' },
  { key: 'start', label: 'Start', title: 'Seconds from the first packet of the file (time of day until that is known)', numeric: true },
  { key: 'duration', label: 'Duration', title: 'First to last packet', numeric: true },
  { key: 'packets', label: 'Packets', title: 'Packets in the connection', numeric: true },
  { key: 'bytesClientToServer', label: 'Bytes →', title: 'TCP payload bytes from client to server', numeric: true },
  { key: 'bytesServerToClient', label: 'Bytes ←', title: 'TCP payload bytes from server to client', numeric: true },
  { key: 'irtt', label: 'iRTT', title: 'Initial round-trip time (SYN to the handshake ACK)', numeric: true },
  { key: 'analysis', label: 'Analysis', title: 'Retransmissions, duplicate ACKs, zero windows …', numeric: true },
];

interface Props {
  sessionId: number | null;
  /** The display filter's view: only connections with a matching packet are listed. */
  filterViewId: number | null;
  firstTime: number | null;
  selectedStream: number | null;
  onSelect(stream: number): void;
  /** Changes (about once a second) while the connection set grows. */
  liveTick: number;
}

export const ConnectionTable = memo(function ConnectionTable({ sessionId, filterViewId, firstTime, selectedStream, onSelect, liveTick }: Props) {
  const [sort, setSort] = useState<{ key: ConnectionSortKey; descending: boolean }>({ key: 'stream', descending: false });
  const [total, setTotal] = useState(0);
  const [focused, setFocused] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtual(ref, total, CONNECTION_ROW_HEIGHT, OVERSCAN, HEADER_HEIGHT);
  const query = useRef({ sort, filterViewId });
  query.current = { sort, filterViewId };
  const cache = usePaged<ConnectionRow>(async (from, to) => {
    const q = query.current;
    const page = await api().connections({ sort: q.sort.key, descending: q.sort.descending, from, to, viewId: q.filterViewId });
    return page.rows;
  });
  const queryKey = `${sessionId}|${filterViewId}|${sort.key}|${sort.descending}`;

  useEffect(() => {
    cache.clear();
  }, [cache, queryKey]);
  // The total is asked for with an empty page; it grows while loading, and pages in view are refreshed.
  useEffect(() => {
    if (sessionId === null) {
      setTotal(0);
      return;
    }
    let live = true;
    const q = query.current;
    void api()
      .connections({ sort: q.sort.key, descending: q.sort.descending, from: 0, to: 0, viewId: q.filterViewId })
      .then((p) => {
        if (!live) return;
        setTotal(p.total);
        cache.setCount(p.total);
        if (liveTick > 0) cache.refresh();
      });
    return () => {
      live = false;
    };
  }, [cache, queryKey, sessionId, liveTick]);
  useEffect(() => cache.ensure(v.layout.start, v.layout.end), [cache, v.layout.start, v.layout.end, total, queryKey]);

  const toggleSort = (key: ConnectionSortKey) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'stream' && key !== 'client' && key !== 'server' }));

  const choose = useCallback((row: ConnectionRow, index: number) => {
    setFocused(index);
    onSelect(row.stream);
  }, [onSelect]);

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(v.viewportHeight / CONNECTION_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: focused + 1, ArrowUp: focused - 1, PageDown: focused + page, PageUp: focused - page, Home: 0, End: total - 1 };
    if (e.key in moves) {
      e.preventDefault();
      const i = Math.max(0, Math.min(total - 1, moves[e.key]!));
      setFocused(i);
      v.scrollToIndex(i);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = cache.get(focused);
      if (row) onSelect(row.stream);
    }
  };

  const rows = [];
  for (let i = v.layout.start; i < v.layout.end; i++) {
    const row = cache.get(i);
    const top = rowTop(v.layout, i, CONNECTION_ROW_HEIGHT);
    if (!row) {
      rows.push(<div key={`p${i}`} className="crow placeholder" style={{ transform: `translateY(${top}px)` }} aria-hidden="true" />);
      continue;
    }
    rows.push(
      <ConnectionRowView key={row.stream} row={row} index={i} top={top} firstTime={firstTime}
        selected={row.stream === selectedStream} focused={i === focused} onChoose={choose} />,
    );
  }

  return (
    <div className="connection-table" role="grid" aria-label="TCP connections" aria-rowcount={total + 1}
      aria-activedescendant={total > 0 ? `conn-row-${focused}` : undefined}>
      <div ref={ref} className="vscroll" tabIndex={0} onKeyDown={onKeyDown} data-testid="connection-scroll"
        aria-label="Connection rows: arrow keys move, Enter selects">
        <div className="crow header" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={`cc-${c.key}${c.numeric ? ' num' : ''}`}
              aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" className="sort-button" title={`${c.title}. Click to sort.`} onClick={() => toggleSort(c.key)}>
                {c.label}
                <span className="sort-mark" aria-hidden="true">{sort.key === c.key ? (sort.descending ? '▼' : '▲') : ''}</span>
              </button>
            </div>
          ))}
        </div>
        <div className="vcontent" style={{ height: v.layout.totalHeight }}>{rows}</div>
        {total === 0 && <div className="empty-note">{sessionId === null ? '' : 'No TCP connections'}</div>}
      </div>
    </div>
  );
});

interface RowProps {
  row: ConnectionRow;
  index: number;
  top: number;
  firstTime: number | null;
  selected: boolean;
  focused: boolean;
  onChoose(row: ConnectionRow, index: number): void;
}

const ConnectionRowView = memo(function ConnectionRowView({ row, index, top, firstTime, selected, focused, onChoose }: RowProps) {
  const hs = row.handshake.status;
  const td = row.teardown.status;
  const analysis = Object.entries(row.analysis).map(([k, n]) => `${k.replace(/_/g, ' ')}: ${n}`).join('\n');
  return (
    <div id={`conn-row-${index}`} className={`crow${selected ? ' selected' : ''}${focused ? ' focused' : ''}`} role="row"
      aria-rowindex={index + 2} aria-selected={selected} data-stream={row.stream}
      style={{ transform: `translateY(${top}px)` }} onMouseDown={() => onChoose(row, index)}>
      <div role="gridcell" className="cc-stream num">{row.stream}</div>
      <div role="gridcell" className="cc-client" title={row.client}>{row.client}</div>
      <div role="gridcell" className="cc-server" title={row.server}>{row.server}</div>
      <div role="gridcell" className="cc-handshake"><span className={`status tone-${statusTone('handshake', hs)}`}>{HANDSHAKE_LABEL[hs]}</span></div>
      <div role="gridcell" className="cc-teardown">
        <span className={`status tone-${statusTone('teardown', td)}`}>{teardownLabel(td, row.teardown.initiator)}</span>
      </div>
      <div role="gridcell" className="cc-start num">{firstTime === null ? formatClock(row.start).slice(0, 12) : (row.start - firstTime).toFixed(3)}</div>
      <div role="gridcell" className="cc-duration num">{formatDuration(row.duration)}</div>
      <div role="gridcell" className="cc-packets num">{row.packets}</div>
      <div role="gridcell" className="cc-bytesClientToServer num">{formatBytes(row.bytesClientToServer)}</div>
      <div role="gridcell" className="cc-bytesServerToClient num">{formatBytes(row.bytesServerToClient)}</div>
      <div role="gridcell" className="cc-irtt num">{formatDuration(row.handshake.irtt)}</div>
      <div role="gridcell" className="cc-analysis num" title={analysis || 'No analysis flags'}>
        {row.analysisTotal > 0 ? <span className="status tone-warn">{row.analysisTotal}</span> : '—'}
        {row.notes.length > 0 && <span className="note-mark" title={row.notes.map((n) => `frame ${n.frame}: ${n.message}`).join('\n')}> ⚠</span>}
      </div>
    </div>
  );
});
