/** What shows when nothing is open: open a file, a recent one, the sample, or start a capture. */
import { useEffect, useState } from 'react';
import type { RecentFile } from '../../../core/api';
import { api } from '../api';
import { CapturePanel } from './CapturePanel';
import type { CaptureOptions } from '../../../core/api';

interface Props {
  onOpen(): void;
  onOpenRecent(id: number): void;
  onOpenSample(): void;
  onStartCapture(options: CaptureOptions): void;
  busy: boolean;
  message: string | null;
}

export function StartScreen({ onOpen, onOpenRecent, onOpenSample, onStartCapture, busy, message }: Props) {
  const [recent, setRecent] = useState<RecentFile[] | null>(null);
  useEffect(() => {
    void api().recentFiles().then(setRecent);
  }, []);
  return (
    <main className="start-screen" aria-label="Start">
      <div className="start-hero">
        <Logo />
        <div>
          <h1>Synfin</h1>
          <p className="tagline">Every TCP connection, from SYN to FIN.</p>
        </div>
      </div>
      {message && <div className="start-error" role="alert">{message}</div>}
      <div className="start-columns">
        <section className="start-card" aria-labelledby="open-heading">
          <h2 id="open-heading">Open</h2>
          <div className="start-actions">
            <button type="button" className="primary" onClick={onOpen} disabled={busy}>Open a capture file… <kbd>Ctrl+O</kbd></button>
            <button type="button" onClick={onOpenSample} disabled={busy}>Open the sample capture</button>
          </div>
          <h3>Recent files</h3>
          {recent === null ? (
            <p className="muted">…</p>
          ) : recent.length === 0 ? (
            <p className="muted">No recent files yet. Synfin opens pcap and pcapng files; you can also drop one on the window.</p>
          ) : (
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.id}>
                  <button type="button" className="recent-item" onClick={() => onOpenRecent(r.id)} disabled={busy} title={`${r.where}/${r.name}`}>
                    <span className="recent-name">{r.name}</span>
                    <span className="recent-where">{r.where}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <CapturePanel onStart={onStartCapture} busy={busy} />
      </div>
      <p className="start-foot muted">Press <kbd>?</kbd> for keyboard shortcuts.</p>
    </main>
  );
}

export function Logo() {
  return (
    <svg className="logo" width="56" height="56" viewBox="0 0 56 56" aria-hidden="true">
      <rect x="1" y="1" width="54" height="54" rx="12" className="logo-bg" />
      <line x1="15" y1="10" x2="15" y2="46" className="logo-lane" />
      <line x1="41" y1="10" x2="41" y2="46" className="logo-lane" />
      <path d="M15 15 L39 21" className="logo-arrow hs" />
      <path d="M41 25 L17 31" className="logo-arrow hs" />
      <path d="M15 36 L39 42" className="logo-arrow td" />
    </svg>
  );
}
