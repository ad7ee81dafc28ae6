/**
 * The display-filter box (Wireshark syntax): checked by the host as you type (green / red, with
 * the error's characters underlined and the message beside), applied on Enter, with a history
 * (dropdown, Up/Down) kept in localStorage, and a progress bar while a filter runs.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { FilterCheck, FilterError } from '../../../core/api';
import { api } from '../api';
import { loadHistory, remember, step } from '../lib/filter-history';

/** Wait this long after a keystroke before asking the host: fast typists send one check, not ten. */
export const CHECK_DELAY_MS = 120;

interface Props {
  applied: string;
  onApply(text: string): void;
  /** A setView for this filter is running. */
  pending: boolean;
  /** Percent of a running filter, or null. */
  filteringPercent: number | null;
  /** The host refused the applied filter. */
  applyError: FilterError | null;
  inputRef: RefObject<HTMLInputElement | null>;
  disabled: boolean;
}

export function FilterBar({ applied, onApply, pending, filteringPercent, applyError, inputRef, disabled }: Props) {
  const [text, setText] = useState(applied);
  const [check, setCheck] = useState<FilterCheck | null>(null);
  const [history, setHistory] = useState<string[]>(() => loadHistory(localStorage));
  const [histPos, setHistPos] = useState(-1);
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  const checkSeq = useRef(0);

  useEffect(() => setText(applied), [applied]);

  useEffect(() => {
    const mine = ++checkSeq.current;
    if (!text.trim()) {
      setCheck(null);
      return;
    }
    const t = setTimeout(() => {
      void api().checkFilter(text).then((c) => mine === checkSeq.current && setCheck(c));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(t);
  }, [text]);

  const apply = (value: string) => {
    setOpen(false);
    setHistPos(-1);
    if (value.trim()) setHistory((h) => remember(localStorage, h, value));
    onApply(value.trim());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (check && !check.ok && text.trim()) return;
      apply(text);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (history.length === 0) return;
      e.preventDefault();
      const s = step(history, histPos, histPos === -1 ? text : draft, e.key === 'ArrowUp' ? 1 : -1);
      if (histPos === -1) setDraft(text);
      setHistPos(s.position);
      setText(s.text);
    } else if (e.key === 'Escape') {
      setOpen(false);
      setText(applied);
      setHistPos(-1);
    }
  };

  const error: FilterError | null = check && !check.ok ? check : applyError && text === applied ? applyError : null;
  const tone = !text.trim() ? 'empty' : error ? 'bad' : check?.ok ? 'good' : 'checking';
  const dirty = text.trim() !== applied;

  return (
    <div className="filter-bar" role="search">
      <div className={`filter-field tone-${tone}`}>
        <svg className="filter-icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M1 1.5h10L7.2 6.2V10L4.8 11V6.2z" /></svg>
        <div className="filter-input-wrap">
          {/* The mirror draws the same text behind the input so the error's characters can be underlined. */}
          <div className="filter-mirror" aria-hidden="true">
            {error ? (
              <>
                {text.slice(0, error.start)}
                <span className="filter-error-range">{text.slice(error.start, Math.max(error.end, error.start + 1)) || ' '}</span>
                {text.slice(Math.max(error.end, error.start + 1))}
              </>
            ) : text}
          </div>
          <input
            ref={inputRef}
            className="filter-input"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="Apply a display filter … (Ctrl+F)   e.g. tcp.flags.syn == 1"
            aria-label="Display filter"
            aria-invalid={tone === 'bad'}
            aria-describedby="filter-message"
            value={text}
            disabled={disabled}
            onChange={(e) => {
              setText(e.target.value);
              setHistPos(-1);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
        {text && (
          <button type="button" className="icon-button" aria-label="Clear filter" title="Clear filter" disabled={disabled}
            onClick={() => { setText(''); if (applied) apply(''); }}>
            ×
          </button>
        )}
        <button type="button" className="icon-button" aria-label="Filter history" aria-expanded={open} title="Recent filters"
          disabled={disabled || history.length === 0} onClick={() => setOpen((o) => !o)}>
          ▾
        </button>
        <button type="button" className="apply-button" disabled={disabled || (tone === 'bad') || (!dirty && !error)} onClick={() => apply(text)}>
          Apply
        </button>
      </div>
      <div id="filter-message" className={`filter-message tone-${tone}`} role="status">
        {error ? error.message : pending ? 'Filtering…' : dirty && tone === 'good' ? 'Press Enter to apply' : ''}
      </div>
      {filteringPercent !== null && (
        <div className="filter-progress" role="progressbar" aria-label="Filtering" aria-valuenow={filteringPercent} aria-valuemin={0} aria-valuemax={100}>
          <div className="filter-progress-fill" style={{ width: `${Math.max(2, filteringPercent)}%` }} />
        </div>
      )}
      {open && (
        <ul className="filter-history" role="listbox" aria-label="Recent filters">
          {history.map((h) => (
            <li key={h} role="option" aria-selected={h === applied} onMouseDown={(e) => { e.preventDefault(); setText(h); apply(h); }}>
              {h}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
