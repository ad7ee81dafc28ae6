/**
 * The views the app asks the host for: one for the display filter alone (the connection table is
 * restricted by it) and, when a connection is selected, one for the filter within that connection
 * (the packet list). While a file loads or a capture grows, filtered views are asked for again
 * at most once a second, since their row counts grow.
 */
import { useEffect, useRef, useState } from 'react';
import type { FilterError, SessionInfo, ViewInfo } from '../../../core/api';
import { api } from '../api';

/** How often a growing filtered view is recomputed: often enough to look live, rarely enough to stay cheap. */
export const LIVE_VIEW_REFRESH_MS = 1000;

export interface Views {
  /** The filter alone (for the connection table and the connection count). */
  filterView: ViewInfo | null;
  /** What the packet list shows. */
  listView: ViewInfo | null;
  /** Spec of listView, to tell a new view from the same view grown. */
  listKey: string;
  error: FilterError | null;
  /** A setView is running (a filter over a big file takes a while). */
  pending: boolean;
}

export function useViews(session: SessionInfo | null, filter: string, stream: number | null): Views {
  const [state, setState] = useState<Views>({ filterView: null, listView: null, listKey: '', error: null, pending: false });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const sessionId = session?.sessionId ?? null;
  // A live capture is 'loading' until it stops (its rows keep coming, like a file being read).
  const growing = session?.phase === 'loading';
  const phase = session?.phase;
  const needsRefresh = filter.trim() !== '' || stream !== null;

  // Grown views: re-ask while growing, and once more when reading finishes.
  useEffect(() => {
    if (!growing || !needsRefresh) return;
    const t = setInterval(() => setTick((n) => n + 1), LIVE_VIEW_REFRESH_MS);
    return () => clearInterval(t);
  }, [growing, needsRefresh]);
  useEffect(() => {
    if (phase === 'ready' || phase === 'cancelled' || phase === 'failed') setTick((n) => n + 1);
  }, [phase]);

  useEffect(() => {
    if (sessionId === null) {
      setState({ filterView: null, listView: null, listKey: '', error: null, pending: false });
      return;
    }
    const mine = ++seq.current;
    setState((s) => ({ ...s, pending: true }));
    void (async () => {
      const fv = await api().setView({ filter, stream: null });
      if (mine !== seq.current) return;
      if (!fv.ok) {
        setState((s) => ({ ...s, error: fv.error, pending: false }));
        return;
      }
      let list = fv.value;
      if (stream !== null) {
        const lv = await api().setView({ filter, stream });
        if (mine !== seq.current) return;
        if (!lv.ok) {
          setState((s) => ({ ...s, error: lv.error, pending: false }));
          return;
        }
        list = lv.value;
      }
      setState({ filterView: fv.value, listView: list, listKey: `${sessionId}|${stream}|${filter}`, error: null, pending: false });
    })();
  }, [sessionId, filter, stream, tick]);

  return state;
}
