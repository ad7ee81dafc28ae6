/** The top bar: open/close, the display filter, capture controls, time format and theme. */
import type { RefObject } from 'react';
import type { FilterError, SessionInfo } from '../../../core/api';
import type { Theme } from '../App';
import { formatCount, type TimeFormat } from '../lib/format';
import { FilterBar } from './FilterBar';

interface Props {
  session: SessionInfo | null;
  onOpen(): void;
  onClose(): void;
  filter: {
    applied: string;
    onApply(text: string): void;
    pending: boolean;
    applyError: FilterError | null;
    inputRef: RefObject<HTMLInputElement | null>;
    filteringPercent: number | null;
  };
  timeFormat: TimeFormat;
  onTimeFormat(f: TimeFormat): void;
  theme: Theme;
  onTheme(t: Theme): void;
  onShortcuts(): void;
  capture: { packets: number; onStop(): void; onRestart: (() => void) | null } | null;
}

export function Toolbar({ session, onOpen, onClose, filter, timeFormat, onTimeFormat, theme, onTheme, onShortcuts, capture }: Props) {
  return (
    <header className="toolbar">
      <div className="toolbar-group">
        <span className="brand" aria-hidden="true">Synfin</span>
        <button type="button" onClick={onOpen} title="Open a capture file (Ctrl+O)">Open…</button>
        {session && <button type="button" onClick={onClose} title="Close the file and go back to the start screen">Close</button>}
      </div>
      {capture && (
        <div className="toolbar-group capture-controls" role="group" aria-label="Capture">
          <span className="rec-dot" aria-hidden="true" />
          <span className="capture-count" aria-live="polite">{formatCount(capture.packets)} packets</span>
          <button type="button" onClick={capture.onStop}>Stop</button>
          {capture.onRestart && <button type="button" onClick={capture.onRestart}>Restart</button>}
        </div>
      )}
      <FilterBar {...filter} disabled={session === null} />
      <div className="toolbar-group">
        <div className="segmented" role="radiogroup" aria-label="Time format">
          {(['relative', 'absolute', 'delta'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={timeFormat === f} className={timeFormat === f ? 'on' : ''}
              title={f === 'relative' ? 'Seconds since the first packet' : f === 'absolute' ? 'Time of day' : 'Seconds since the previous displayed packet'}
              onClick={() => onTimeFormat(f)}>
              {f === 'relative' ? 'Rel' : f === 'absolute' ? 'Abs' : 'Δ'}
            </button>
          ))}
        </div>
        <label className="theme-select">
          <span className="sr-only">Theme</span>
          <select value={theme} onChange={(e) => onTheme(e.target.value as Theme)} aria-label="Theme">
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" className="icon-button" onClick={onShortcuts} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">?</button>
      </div>
    </header>
  );
}
