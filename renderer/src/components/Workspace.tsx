/** The panes of an open file or capture, and the selection that links them. */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionRow, PacketDetail, SessionInfo } from '../../../core/api';
import { api } from '../api';
import type { TimeFormat } from '../lib/format';
import type { Views } from '../lib/use-views';
import { Legend } from './Chrome';
import { ConnectionTable } from './ConnectionTable';
import { Explanation } from './Explanation';
import { Ladder } from './Ladder';
import { PacketInspector } from './PacketInspector';
import { PacketList } from './PacketList';

interface Props {
  session: SessionInfo;
  views: Views;
  listCount: number;
  stream: number | null;
  onStream(s: number | null): void;
  frame: number | null;
  onFrame(f: number | null): void;
  detail: PacketDetail | null;
  timeFormat: TimeFormat;
  liveTick: number;
  follow: boolean;
}

export function Workspace({ session, views, listCount, stream, onStream, frame, onFrame, detail, timeFormat, liveTick, follow }: Props) {
  const [connection, setConnection] = useState<ConnectionRow | null>(null);
  useEffect(() => {
    if (stream === null) {
      setConnection(null);
      return;
    }
    let live = true;
    void api().connection(stream).then((c) => live && setConnection(c));
    return () => {
      live = false;
    };
  }, [stream, liveTick]);

  // Selecting a connection also selects its first packet, so the explanation shows the SYN.
  const selectStream = useCallback(
    (s: number) => {
      onStream(s);
      void api().connection(s).then((c) => c && onFrame(c.firstFrame));
    },
    [onFrame, onStream],
  );

  return (
    <main className="workspace">
      <section className="pane pane-connections" aria-label="Connections">
        <div className="pane-title">
          <h2>Connections</h2>
          {stream !== null && (
            <button type="button" className="chip" onClick={() => onStream(null)} title="Show the packets of every connection (Escape)">
              Stream {stream} ×
            </button>
          )}
        </div>
        <ConnectionTable sessionId={session.sessionId} filterViewId={views.filterView?.viewId ?? null} firstTime={session.firstTime}
          selectedStream={stream} onSelect={selectStream} liveTick={liveTick} />
      </section>
      <section className="pane pane-packets" aria-label="Packets">
        <div className="pane-title">
          <h2>Packets{stream !== null ? ` of stream ${stream}` : ''}</h2>
          <Legend />
        </div>
        <PacketList viewId={views.listView?.viewId ?? null} viewKey={views.listKey} count={listCount} timeFormat={timeFormat}
          selectedFrame={frame} onSelect={onFrame} follow={follow} />
      </section>
      <section className="pane pane-ladder" aria-label="Ladder">
        <Ladder stream={stream} connection={connection} selectedFrame={frame} onSelect={onFrame} liveTick={liveTick} />
      </section>
      <section className="pane pane-explain" aria-label="Explanation">
        <Explanation explanation={detail?.explanation ?? null} frame={detail?.frame ?? null} />
      </section>
      <section className="pane pane-inspector" aria-label="Packet details">
        <PacketInspector detail={detail} />
      </section>
    </main>
  );
}
