/**
 * The app: the start screen when nothing is open, else the workspace (connections, packets,
 * ladder, explanation, details and bytes). Holds what is open and what is selected; the panes
 * ask the host for what they show.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaptureOptions, OpenError, PacketDetail, Progress, Result, SessionInfo, UiCommand } from '../../core/api';
import { api } from './api';
import { LoadingBar, StatusBar } from './components/Chrome';
import { AboutOverlay, ShortcutsOverlay } from './components/Overlays';
import { StartScreen } from './components/StartScreen';
import { Workspace } from './components/Workspace';
import { Toolbar } from './components/Toolbar';
import type { TimeFormat } from './lib/format';
import { useStored } from './lib/use-stored';
import { useViews } from './lib/use-views';

export type Theme = 'system' | 'light' | 'dark';
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const TIME_FORMATS: readonly TimeFormat[] = ['relative', 'absolute', 'delta'];
/** Live panes (connection table, ladder) refresh at most this often while data grows. */
const LIVE_TICK_MS = 1000;

type Overlay = { kind: 'shortcuts' } | { kind: 'about'; version: string } | null;

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [filter, setFilter] = useState('');
  const [stream, setStream] = useState<number | null>(null);
  const [frame, setFrame] = useState<number | null>(null);
  const [detail, setDetail] = useState<PacketDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [liveTick, setLiveTick] = useState(0);
  const [timeFormat, setTimeFormat] = useStored<TimeFormat>('synfin.timeFormat', TIME_FORMATS, 'relative');
  const [theme, setTheme] = useStored<Theme>('synfin.theme', THEMES, 'system');
  const [lastCapture, setLastCapture] = useState<CaptureOptions | null>(null);
  /** A connection to select once its session is the one shown (the sample's first connection). */
  const [wanted, setWanted] = useState<{ sessionId: number; stream: number } | null>(null);
  const filterInput = useRef<HTMLInputElement>(null);
  const sessionId = session?.sessionId ?? null;
  const views = useViews(session, filter, stream);

  // "system" follows the OS live; the resolved theme is what the CSS reads.
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
      document.documentElement.dataset.themeChoice = theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);

  // A new session: nothing selected, the filter kept (Wireshark keeps it too).
  useEffect(() => {
    setStream(null);
    setFrame(null);
    setDetail(null);
  }, [sessionId]);

  // Declared after the reset above, so that for the same new session it runs second and wins.
  // The connection and its first packet are selected together, as a click in the table does; while
  // the file is still being read the connection may not exist yet: the next phase tries again.
  const phase = session?.phase;
  useEffect(() => {
    if (wanted === null || wanted.sessionId !== sessionId) return;
    let live = true;
    void api().connection(wanted.stream).then((c) => {
      if (!live || c === null) return;
      setWanted(null);
      setStream(c.stream);
      setFrame(c.firstFrame);
    });
    return () => {
      live = false;
    };
  }, [wanted, sessionId, phase]);

  const onCommand = useCallback(
    (c: UiCommand) => {
      switch (c.kind) {
        case 'focus-filter': filterInput.current?.focus(); filterInput.current?.select(); break;
        case 'time-format': setTimeFormat(c.format); break;
        case 'theme': setTheme(c.theme); break;
        case 'show-shortcuts': setOverlay({ kind: 'shortcuts' }); break;
        case 'show-about': setOverlay({ kind: 'about', version: c.version }); break;
      }
    },
    [setTheme, setTimeFormat],
  );

  useEffect(() => {
    const a = api();
    void a.session().then((s) => s && setSession((cur) => cur ?? s));
    const offs = [
      a.onSession((s) => setSession(s)),
      a.onProgress((p) => setProgress(p)),
      a.onCommand(onCommand),
    ];
    return () => offs.forEach((off) => off());
  }, [onCommand]);

  const growing = session?.phase === 'loading';
  useEffect(() => {
    if (!growing) return;
    const t = setInterval(() => setLiveTick((n) => n + 1), LIVE_TICK_MS);
    return () => clearInterval(t);
  }, [growing]);
  useEffect(() => setLiveTick((n) => n + 1), [session?.phase]);

  useEffect(() => {
    if (frame === null) {
      setDetail(null);
      return;
    }
    let live = true;
    void api().packetDetail(frame).then((d) => live && setDetail(d));
    return () => {
      live = false;
    };
  }, [frame, sessionId]);

  const opened = useCallback(async (p: Promise<Result<SessionInfo, OpenError> | null>): Promise<SessionInfo | null> => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await p;
      if (r === null) return null;
      if (r.ok) setSession(r.value);
      else setMessage(`Could not open ${r.error.file}: ${r.error.message}`);
      return r.ok ? r.value : null;
    } finally {
      setBusy(false);
    }
  }, []);
  const openDialog = useCallback(() => void opened(api().openDialog()), [opened]);
  // The sample is there to show a connection's life: open it with its first connection's ladder.
  const openSample = useCallback(async () => {
    const s = await opened(api().openSample());
    if (s) setWanted({ sessionId: s.sessionId, stream: 0 });
  }, [opened]);

  // First start (no file given, none ever opened): the sample, instead of an empty start screen.
  useEffect(() => {
    void api().firstStart().then((first) => {
      if (first) void openSample();
    });
  }, [openSample]);

  const startCapture = useCallback(async (o: CaptureOptions) => {
    setBusy(true);
    setMessage(null);
    const r = await api().startCapture(o);
    setBusy(false);
    if (r.ok) {
      setSession(r.value);
      setLastCapture(o);
    } else setMessage(`Capture did not start: ${r.error}`);
  }, []);

  // Global keys: the menus send the same as commands, but the window must work without them.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        onCommand({ kind: 'focus-filter' });
      } else if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openDialog();
      } else if (!mod && !typing && e.key === '?') {
        e.preventDefault();
        setOverlay({ kind: 'shortcuts' });
      } else if (e.key === 'Escape' && !typing) {
        if (overlay) setOverlay(null);
        else setStream(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCommand, openDialog, overlay]);

  const mine = progress && progress.sessionId === sessionId ? progress : null;
  const packets = Math.max(session?.packets ?? 0, mine?.packets ?? 0);
  const connections = Math.max(session?.connections ?? 0, mine?.connections ?? 0);
  // The unfiltered list grows with every push; filtered views are asked for again (useViews).
  const unfiltered = filter === '' && stream === null;
  const listCount = views.listView ? (unfiltered ? Math.max(views.listView.count, packets) : views.listView.count) : 0;
  const capturing = session?.source === 'capture' && session.phase === 'loading';

  return (
    <div className="app">
      <Toolbar
        session={session}
        onOpen={openDialog}
        onClose={() => void api().closeFile()}
        filter={{ applied: filter, onApply: setFilter, pending: views.pending, applyError: views.error, inputRef: filterInput,
          filteringPercent: mine?.phase === 'filtering' ? mine.percent : null }}
        timeFormat={timeFormat}
        onTimeFormat={setTimeFormat}
        theme={theme}
        onTheme={setTheme}
        onShortcuts={() => setOverlay({ kind: 'shortcuts' })}
        capture={capturing ? { packets, onStop: () => void api().stopCapture(), onRestart: lastCapture ? async () => {
          await api().stopCapture();
          await startCapture(lastCapture);
        } : null } : null}
      />
      {session?.phase === 'loading' && session.source === 'file' && mine && mine.phase !== 'filtering' && (
        <LoadingBar progress={mine} onCancel={() => void api().cancelLoading()} />
      )}
      {session === null ? (
        <StartScreen onOpen={openDialog} onOpenRecent={(id) => void opened(api().openRecent(id))} onOpenSample={() => void openSample()}
          onStartCapture={(o) => void startCapture(o)} busy={busy} message={message} />
      ) : (
        <Workspace
          session={session}
          views={views}
          listCount={listCount}
          stream={stream}
          onStream={setStream}
          frame={frame}
          onFrame={setFrame}
          detail={detail && detail.frame === frame ? detail : null}
          timeFormat={timeFormat}
          liveTick={liveTick}
          follow={capturing}
        />
      )}
      {session && (
        <StatusBar session={session} packets={packets} connections={connections} displayed={views.listView ? listCount : null}
          displayedConnections={filter ? views.filterView?.connectionCount ?? null : null} stream={stream} />
      )}
      {overlay?.kind === 'shortcuts' && <ShortcutsOverlay onClose={() => setOverlay(null)} />}
      {overlay?.kind === 'about' && <AboutOverlay version={overlay.version} onClose={() => setOverlay(null)} />}
    </div>
  );
}
