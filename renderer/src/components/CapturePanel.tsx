/**
 * Live capture on the start screen, like Wireshark's: pick an interface, a capture filter checked
 * by libpcap (its message beside the box), optional packet-count and duration limits, Start.
 */
import { useEffect, useState } from 'react';
import type { CaptureAvailability, CaptureInterface, CaptureOptions } from '../../../core/api';
import { api } from '../api';
import { CHECK_DELAY_MS } from './FilterBar';

export function CapturePanel({ onStart, busy }: { onStart(o: CaptureOptions): void; busy: boolean }) {
  const [availability, setAvailability] = useState<CaptureAvailability | null>(null);
  const [interfaces, setInterfaces] = useState<CaptureInterface[] | null>(null);
  const [ifaceError, setIfaceError] = useState<string | null>(null);
  const [iface, setIface] = useState('');
  const [filter, setFilter] = useState('');
  const [filterError, setFilterError] = useState<string | null>(null);
  const [count, setCount] = useState('');
  const [seconds, setSeconds] = useState('');

  useEffect(() => {
    void api().captureAvailability().then(async (a) => {
      setAvailability(a);
      if (!a.available) return;
      const r = await api().interfaces();
      if (!r.ok) {
        setIfaceError(r.error);
        return;
      }
      setInterfaces(r.value);
      const first = r.value.find((i) => i.up && !i.loopback) ?? r.value[0];
      if (first) setIface(first.name);
    });
  }, []);

  useEffect(() => {
    if (!iface || !filter.trim()) {
      setFilterError(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => void api().checkCaptureFilter(iface, filter).then((m) => live && setFilterError(m)), CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [iface, filter]);

  const limit = (s: string): number | null => {
    const n = Number(s);
    return s.trim() && Number.isFinite(n) && n > 0 ? n : null;
  };
  const badLimit = (s: string) => s.trim() !== '' && limit(s) === null;
  const canStart = !!availability?.available && !!iface && !filterError && !badLimit(count) && !badLimit(seconds) && !busy;

  return (
    <section className="start-card capture-card" aria-labelledby="capture-heading">
      <h2 id="capture-heading">Capture</h2>
      {availability === null && <p className="muted">Looking for capture support…</p>}
      {availability && !availability.available && (
        <div className="capture-unavailable" role="note">
          <strong>Live capture is not available here.</strong>
          <p>{availability.reason ?? 'No reason given.'}</p>
        </div>
      )}
      {ifaceError && <p className="form-error" role="alert">{ifaceError}</p>}
      {availability?.available && interfaces && (
        <form className="capture-form" onSubmit={(e) => {
          e.preventDefault();
          if (canStart) onStart({ interface: iface, filter: filter.trim(), packetLimit: limit(count), durationLimitSeconds: limit(seconds) });
        }}>
          <fieldset className="iface-list">
            <legend>Interface</legend>
            {interfaces.length === 0 && <p className="muted">No interfaces found.</p>}
            {interfaces.map((i) => (
              <label key={i.name} className={`iface${i.up ? '' : ' down'}`}>
                <input type="radio" name="iface" value={i.name} checked={iface === i.name} onChange={() => setIface(i.name)} />
                <span className="iface-name">{i.name}</span>
                <span className="iface-desc">{[i.description, i.loopback ? 'loopback' : null, i.up ? null : 'down'].filter(Boolean).join(' · ')}</span>
                <span className="iface-addr">{i.addresses.join(', ')}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Capture filter (BPF)</span>
            <input type="text" value={filter} spellCheck={false} placeholder="e.g. tcp port 443" aria-invalid={!!filterError}
              aria-describedby="capture-filter-message" className={filterError ? 'bad' : filter.trim() ? 'good' : ''}
              onChange={(e) => setFilter(e.target.value)} />
            <span id="capture-filter-message" className="form-error" role="status">{filterError ?? ''}</span>
          </label>
          <div className="field-row">
            <label className="field">
              <span>Stop after packets</span>
              <input type="number" min="1" value={count} placeholder="no limit" aria-invalid={badLimit(count)} onChange={(e) => setCount(e.target.value)} />
            </label>
            <label className="field">
              <span>Stop after seconds</span>
              <input type="number" min="1" value={seconds} placeholder="no limit" aria-invalid={badLimit(seconds)} onChange={(e) => setSeconds(e.target.value)} />
            </label>
          </div>
          <button type="submit" className="primary" disabled={!canStart}>Start capture</button>
        </form>
      )}
      {availability && availability.notes.length > 0 && (
        <ul className="capture-notes" aria-label="About capturing">
          {availability.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      )}
    </section>
  );
}
