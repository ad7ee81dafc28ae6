/** Modal overlays: keyboard shortcuts and About. Escape or a click outside closes them. */
import { useEffect, useRef, type ReactNode } from 'react';
import { Logo } from './StartScreen';

function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="overlay" onMouseDown={onClose}>
      <div ref={ref} className="modal" role="dialog" aria-modal="true" aria-label={title} onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <header className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
        </header>
        {children}
      </div>
    </div>
  );
}

const mod = /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: [string, string][] = [
  [`${mod}+O`, 'Open a capture file'],
  [`${mod}+F`, 'Focus the display filter'],
  ['Enter', 'Apply the filter (in the filter box) · select the focused connection'],
  ['↑ / ↓ in the filter box', 'Recent filters'],
  ['↑ ↓ PgUp PgDn Home End', 'Move in the packet list, connection table, ladder and details'],
  ['Space', 'Select the focused connection'],
  ['← / →', 'Collapse / expand a details line'],
  ['Escape', 'Show all connections again · close this window'],
  ['?', 'This list of shortcuts'],
];

export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <th scope="row"><kbd>{k}</kbd></th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

export function AboutOverlay({ version, onClose }: { version: string; onClose(): void }) {
  return (
    <Modal title="About Synfin" onClose={onClose}>
      <div className="about">
        <Logo />
        <div>
          <p><strong>Synfin</strong> {version}</p>
          <p>Every TCP connection in a capture, from SYN to FIN: the three-way handshake, the data, the teardown or the reset, with both endpoints’ states.</p>
          <p className="muted">MIT licence.</p>
        </div>
      </div>
    </Modal>
  );
}
