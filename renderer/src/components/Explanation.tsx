/** The host's plain-language account of a handshake, teardown or reset packet, with its checks. */
import { memo } from 'react';
import type { Explanation as ExplanationData } from '../../../core/api';

export const Explanation = memo(function Explanation({ explanation, frame }: { explanation: ExplanationData | null; frame: number | null }) {
  if (frame === null) {
    return (
      <section className="explanation empty" aria-label="Explanation">
        <p className="pane-hint-text">Select a SYN, FIN or RST packet to have it explained.</p>
      </section>
    );
  }
  if (!explanation) {
    return (
      <section className="explanation empty" aria-label="Explanation">
        <p className="pane-hint-text">Frame {frame} plays no part in opening or closing its connection.</p>
      </section>
    );
  }
  return (
    <section className="explanation" aria-label="Explanation" data-testid="explanation">
      <h2>{explanation.title}</h2>
      {explanation.text.map((t, i) => <p key={i}>{t}</p>)}
      {explanation.checks.length > 0 && (
        <ul className="checks" aria-label="Checks">
          {explanation.checks.map((c, i) => (
            <li key={i} className={c.ok ? 'ok' : 'bad'}>
              <span className="check-mark" aria-label={c.ok ? 'holds' : 'fails'}>{c.ok ? '✓' : '✗'}</span>
              {c.text}
            </li>
          ))}
        </ul>
      )}
      {explanation.unusual.length > 0 && (
        <ul className="unusual" aria-label="Unusual">
          {explanation.unusual.map((u, i) => <li key={i}><span aria-hidden="true">⚠ </span>{u}</li>)}
        </ul>
      )}
    </section>
  );
});
