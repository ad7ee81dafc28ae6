/** The frame around the panes: loading bar, status bar, colour legend. */
import type { Progress, SessionInfo } from '../../../core/api';
import { formatBytes, formatCount } from '../lib/format';
import { useState } from 'react';

export function LoadingBar({ progress, onCancel }: { progress: Progress; onCancel(): void }) {
  const known = progress.percent >= 0;
  return (
    <div className="loading-bar" role="progressbar" aria-label="Reading the file" aria-valuemin={0} aria-valuemax={100}
      aria-valuenow={known ? progress.percent : undefined} data-testid="loading">
      <div className="loading-track">
        <div className={`loading-fill${known ? '' : ' indeterminate'}`} style={{ width: known ? `${progress.percent}%` : '30%' }} />
      </div>
      <span className="loading-text">
        {known ? `${progress.percent.toFixed(0)} %` : 'Reading'} · {formatCount(progress.packets)} packets · {formatCount(progress.connections)} connections
        {progress.bytes > 0 ? ` · ${formatBytes(progress.bytes)}` : ''}
      </span>
      <button type="button" onClick={onCancel}>Cancel</button>
    </div>
  );
}

interface StatusProps {
  session: SessionInfo;
  packets: number;
  connections: number;
  displayed: number | null;
  displayedConnections: number | null;
  stream: number | null;
}

export function StatusBar({ session, packets, connections, displayed, displayedConnections, stream }: StatusProps) {
  const [showWarnings, setShowWarnings] = useState(false);
  const problems = session.warnings.length + (session.error ? 1 : 0);
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-file" title={session.title}>
        {session.source === 'capture' ? '● ' : ''}{session.title}
        <span className="muted"> · {session.format}</span>
      </span>
      <span data-testid="status-packets">Packets: {formatCount(packets)}</span>
      <span data-testid="status-connections">Connections: {formatCount(connections)}</span>
      <span data-testid="status-displayed">
        Displayed: {displayed === null ? '—' : formatCount(displayed)}
        {displayedConnections !== null && displayedConnections !== connections ? ` (${formatCount(displayedConnections)} connections)` : ''}
      </span>
      {stream !== null && <span>Stream {stream}</span>}
      {session.phase === 'cancelled' && <span className="tone-warn">Reading cancelled: showing what was read</span>}
      {problems > 0 && (
        <button type="button" className={`status-problems${session.error ? ' tone-bad' : ' tone-warn'}`} aria-expanded={showWarnings}
          onClick={() => setShowWarnings((s) => !s)}>
          ⚠ {session.error ? 'Read error' : `${session.warnings.length} warning${session.warnings.length === 1 ? '' : 's'}`}
        </button>
      )}
      {showWarnings && (
        <div className="warnings-pop" role="dialog" aria-label="Problems reading the file">
          {session.error && <p className="tone-bad">{session.error}</p>}
          <ul>{session.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </div>
      )}
    </footer>
  );
}

export function Legend() {
  return (
    <ul className="legend" aria-label="Row colours">
      <li><span className="swatch role-handshake" />Handshake</li>
      <li><span className="swatch role-teardown" />Teardown</li>
      <li><span className="swatch role-reset" />Reset</li>
      <li><span className="swatch role-problem" />Analysis problem</li>
    </ul>
  );
}
