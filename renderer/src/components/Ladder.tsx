/**
 * The ladder: the selected connection as a textbook sequence diagram. Client and server lanes,
 * one sloped arrow per packet (time runs downwards), each endpoint's state written on its lane
 * where it changes and the lane shaded by state; handshake, teardown and reset arrows in their
 * colours; long data exchanges folded by the host into one row that expands on click.
 * Virtualised like the lists: only the bands in view are drawn.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConnectionRow, Ladder as LadderData, LadderRow } from '../../../core/api';
import type { TcpState } from '../../../core/tcp/vocabulary';
import { api } from '../api';
import { flagsLabel, formatBytes, formatCount, formatDuration, HANDSHAKE_LABEL, roleBadge, roleClass, ROLE_TITLE, statusTone, teardownLabel } from '../lib/format';
import { arrowEnds, geometry, LADDER_ROW_HEIGHT, numbersLabel, placeRows, rowOfFrame, statePhase, type LadderGeometry, type PlacedRow } from '../lib/ladder-layout';
import { useVirtual } from '../lib/use-virtual';
import { rowTop } from '../lib/virtual';

const OVERSCAN = 8;
/** Room under the last arrow, so its numbers are not flush with the pane's edge. */
const LADDER_END_PAD = 18;
/** Monospace state labels: width is known without measuring text. */
const STATE_CHAR_PX = 6.7;

interface Props {
  stream: number | null;
  connection: ConnectionRow | null;
  selectedFrame: number | null;
  onSelect(frame: number): void;
  /** Changes while the connection may grow (loading, live capture). */
  liveTick: number;
}

export const Ladder = memo(function Ladder({ stream, connection, selectedFrame, onSelect, liveTick }: Props) {
  const [ladder, setLadder] = useState<LadderData | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);

  useEffect(() => setExpanded([]), [stream]);
  useEffect(() => {
    if (stream === null) {
      setLadder(null);
      return;
    }
    let live = true;
    void api().ladder(stream, expanded).then((l) => live && setLadder(l));
    return () => {
      live = false;
    };
  }, [stream, expanded, liveTick]);

  if (stream === null) {
    return (
      <section className="ladder-pane empty" aria-label="Connection ladder">
        <div className="pane-hint">
          <LadderIcon />
          <p>Select a connection to see it from SYN to FIN.</p>
        </div>
      </section>
    );
  }
  return (
    <section className="ladder-pane" aria-label={`Ladder of stream ${stream}`}>
      {connection && <LadderSummary c={connection} />}
      {ladder && ladder.stream === stream && (
        <LadderView ladder={ladder} selectedFrame={selectedFrame} onSelect={onSelect} expanded={expanded}
          onExpand={(id) => setExpanded((x) => [...x, id])} onFoldAll={() => setExpanded([])} />
      )}
    </section>
  );
});

interface ViewProps {
  ladder: LadderData;
  selectedFrame: number | null;
  onSelect(frame: number): void;
  expanded: number[];
  onExpand(id: number): void;
  onFoldAll(): void;
}

function LadderView({ ladder, selectedFrame, onSelect, expanded, onExpand, onFoldAll }: ViewProps) {
  const [width, setWidth] = useState(640);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const placed = placeRows(ladder);
  const v = useVirtual(ref, placed.length, LADDER_ROW_HEIGHT, OVERSCAN);
  const g = geometry(width);
  const selectedRow = selectedFrame !== null ? rowOfFrame(ladder.rows, selectedFrame) : -1;
  const { scrollToIndex } = v;
  useEffect(() => {
    if (selectedRow >= 0) scrollToIndex(selectedRow);
  }, [selectedRow, scrollToIndex]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const dir = e.key === 'ArrowDown' ? 1 : -1;
    for (let i = (selectedRow < 0 ? (dir > 0 ? -1 : placed.length) : selectedRow) + dir; i >= 0 && i < placed.length; i += dir) {
      const r = placed[i]!.row;
      if (r.kind === 'packet') {
        onSelect(r.frame);
        return;
      }
    }
  };

  const bands = [];
  for (let i = v.layout.start; i < v.layout.end; i++) {
    const p = placed[i]!;
    const top = rowTop(v.layout, i, LADDER_ROW_HEIGHT);
    bands.push(
      p.row.kind === 'packet'
        ? <PacketBand key={`f${p.row.frame}`} placed={p} row={p.row} top={top} g={g} selected={i === selectedRow} onSelect={onSelect} />
        : <FoldBand key={`x${p.row.id}`} placed={p} row={p.row} top={top} g={g} onExpand={onExpand} />,
    );
  }

  return (
    <>
      <div className="lane-heads" style={{ width: g.width }}>
        <LaneHead x={g.clientX} role="Client" addr={ladder.client} state={ladder.initialStates.client} />
        <LaneHead x={g.serverX} role="Server" addr={ladder.server} state={ladder.initialStates.server} />
        {expanded.length > 0 && <button type="button" className="link-button fold-reset" onClick={onFoldAll}>Fold data again</button>}
      </div>
      <div ref={ref} className="ladder-scroll" tabIndex={0} onKeyDown={onKeyDown} data-testid="ladder-scroll"
        aria-label="Ladder rows: arrow keys move between packets">
        <svg className="ladder" width={g.width} height={v.layout.totalHeight + LADDER_END_PAD} role="list" aria-label={`${ladder.packets} packets`}>
          <defs>
            {['plain', 'handshake', 'teardown', 'reset', 'problem'].map((c) => (
              <marker key={c} id={`ah-${c}`} className={`ah ah-${c}`} viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" />
              </marker>
            ))}
          </defs>
          {bands}
        </svg>
      </div>
    </>
  );
}

function LadderSummary({ c }: { c: ConnectionRow }) {
  return (
    <header className="ladder-summary">
      <div className="ladder-title">
        <strong>Stream {c.stream}</strong>
        <span className="muted">{formatCount(c.packets)} packets · {formatDuration(c.duration)}</span>
      </div>
      <div className="ladder-statuses">
        <span className={`status tone-${statusTone('handshake', c.handshake.status)}`}>
          Handshake: {HANDSHAKE_LABEL[c.handshake.status]}{c.handshake.irtt !== null ? ` · iRTT ${formatDuration(c.handshake.irtt)}` : ''}
        </span>
        <span className={`status tone-${statusTone('teardown', c.teardown.status)}`}>
          Teardown: {teardownLabel(c.teardown.status, c.teardown.initiator)}
        </span>
        <span className="muted">End: client {c.state.client} · server {c.state.server}</span>
      </div>
      {c.notes.length > 0 && (
        <ul className="ladder-notes">
          {c.notes.map((n) => <li key={`${n.frame}-${n.message}`}>⚠ frame {n.frame}: {n.message}</li>)}
        </ul>
      )}
    </header>
  );
}

function LaneHead({ x, role, addr, state }: { x: number; role: string; addr: string; state: TcpState }) {
  return (
    <div className={`lane-head lane-head-${role.toLowerCase()}`} style={{ left: x }}>
      <div className="lane-role">{role}</div>
      <div className="lane-addr" title={addr}>{addr}</div>
      <div className={`state-pill phase-${statePhase(state)}`}>{state}</div>
    </div>
  );
}

/** Both lanes through one band, each split where its arrow end sits (state changes there). */
function Lanes({ placed, g, yClient, yServer }: { placed: PlacedRow; g: LadderGeometry; yClient: number; yServer: number }) {
  const lane = (x: number, y: number, s: { before: TcpState; after: TcpState }, key: string) => (
    <g key={key}>
      <line className={`lane phase-${statePhase(s.before)}`} x1={x} x2={x} y1={0} y2={y} />
      <line className={`lane phase-${statePhase(s.after)}`} x1={x} x2={x} y1={y} y2={LADDER_ROW_HEIGHT} />
    </g>
  );
  return (
    <>
      {lane(g.clientX, yClient, placed.client, 'c')}
      {lane(g.serverX, yServer, placed.server, 's')}
    </>
  );
}

function StateLabel({ x, y, state, side }: { x: number; y: number; state: TcpState; side: 'client' | 'server' }) {
  const w = state.length * STATE_CHAR_PX + 12;
  const left = side === 'client' ? x - 8 - w : x + 8;
  return (
    <g className={`state-label phase-${statePhase(state)}`}>
      <rect x={left} y={y - 9} width={w} height={18} rx={9} />
      <text x={left + w / 2} y={y + 4} textAnchor="middle">{state}</text>
      <circle cx={x} cy={y} r={3.5} />
    </g>
  );
}

interface PacketBandProps {
  placed: PlacedRow;
  row: Extract<LadderRow, { kind: 'packet' }>;
  top: number;
  g: LadderGeometry;
  selected: boolean;
  onSelect(frame: number): void;
}

const PacketBand = memo(function PacketBand({ placed, row, top, g, selected, onSelect }: PacketBandProps) {
  const cls = roleClass(row.roles, row.analysis);
  const a = arrowEnds(g, row.fromClient);
  const yClient = row.fromClient ? a.y1 : a.y2;
  const yServer = row.fromClient ? a.y2 : a.y1;
  const midX = (g.clientX + g.serverX) / 2;
  const midY = (a.y1 + a.y2) / 2;
  const badge = roleBadge(row.roles);
  const flags = flagsLabel(row.flags);
  const dir = row.fromClient ? 'client to server' : 'server to client';
  const describe = `Frame ${row.frame}, ${dir}: ${flags} ${numbersLabel(row)}${row.roles.length ? `, ${row.roles.map((r) => ROLE_TITLE[r]).join('; ')}` : ''}`;
  return (
    <g className={`band role-${cls}${selected ? ' selected' : ''}`} transform={`translate(0 ${top})`} role="listitem"
      data-frame={row.frame} aria-label={describe} onClick={() => onSelect(row.frame)}>
      <rect className="band-bg" x={0} y={0} width={g.width} height={LADDER_ROW_HEIGHT} />
      <Lanes placed={placed} g={g} yClient={yClient} yServer={yServer} />
      <text className="ladder-time" x={8} y={a.y1 + 4}>{row.time === 0 ? '0' : `+${formatDuration(row.time)}`}</text>
      <text className="ladder-frame" x={8} y={a.y1 + 18}>#{row.frame}</text>
      <line className="arrow" x1={a.x1} y1={a.y1} x2={a.x2 + (row.fromClient ? -2 : 2)} y2={a.y2} markerEnd={`url(#ah-${cls})`} />
      <text className="arrow-flags" x={midX} y={midY - 10} textAnchor="middle">
        {flags}
        {badge && <tspan className="arrow-badge" dx={8}>{badge}</tspan>}
      </text>
      <text className="arrow-numbers" x={midX} y={midY + 17} textAnchor="middle">
        {numbersLabel(row)}
        {row.analysis.length > 0 && <tspan className="arrow-analysis" dx={8}>⚠ {row.analysis.map((x) => x.replace(/_/g, ' ')).join(', ')}</tspan>}
      </text>
      {row.clientState && <StateLabel x={g.clientX} y={yClient} state={row.clientState} side="client" />}
      {row.serverState && <StateLabel x={g.serverX} y={yServer} state={row.serverState} side="server" />}
      <title>{describe}</title>
    </g>
  );
});

interface FoldBandProps {
  placed: PlacedRow;
  row: Extract<LadderRow, { kind: 'fold' }>;
  top: number;
  g: LadderGeometry;
  onExpand(id: number): void;
}

const FoldBand = memo(function FoldBand({ placed, row, top, g, onExpand }: FoldBandProps) {
  const midX = (g.clientX + g.serverX) / 2;
  const label = `${formatCount(row.packets)} packets folded · frames ${row.firstFrame}–${row.lastFrame}`;
  return (
    <g className="band fold" transform={`translate(0 ${top})`} role="listitem" aria-label={`${label}. Activate to expand.`}
      data-fold={row.id} onClick={() => onExpand(row.id)}>
      <rect className="band-bg" x={0} y={0} width={g.width} height={LADDER_ROW_HEIGHT} />
      <Lanes placed={placed} g={g} yClient={LADDER_ROW_HEIGHT / 2} yServer={LADDER_ROW_HEIGHT / 2} />
      <rect className="fold-box" x={g.clientX + 18} y={7} width={g.serverX - g.clientX - 36} height={LADDER_ROW_HEIGHT - 14} rx={8} />
      <text className="fold-title" x={midX} y={24} textAnchor="middle">⋯ {label}</text>
      <text className="fold-bytes" x={midX} y={39} textAnchor="middle">
        → {formatBytes(row.bytesClientToServer)}   ← {formatBytes(row.bytesServerToClient)}   · click to expand
      </text>
    </g>
  );
});

function LadderIcon() {
  return (
    <svg width="96" height="72" viewBox="0 0 96 72" aria-hidden="true" className="ladder-icon">
      <line x1="16" y1="4" x2="16" y2="68" />
      <line x1="80" y1="4" x2="80" y2="68" />
      <path d="M16 14 L78 22" /><path d="M80 30 L18 38" /><path d="M16 46 L78 54" />
    </svg>
  );
}
