/** Offset, hex and ASCII columns of a packet's bytes; the selected field's bytes are highlighted. */
import { memo } from 'react';
import { asciiChar, hexByte, hexLines, BYTES_PER_LINE } from '../lib/bytes';

interface Props {
  bytes: Uint8Array;
  /** [start, end) of the highlighted bytes. */
  highlight: [number, number] | null;
  onByte(offset: number): void;
}

export const HexDump = memo(function HexDump({ bytes, highlight, onByte }: Props) {
  const lines = hexLines(bytes);
  const on = (o: number) => highlight !== null && o >= highlight[0] && o < highlight[1];
  return (
    <div className="hexdump" role="table" aria-label="Packet bytes">
      {lines.map((line) => (
        <div key={line.offset} className="hex-line" role="row">
          <span className="hex-offset" role="rowheader">{line.label}</span>
          <span className="hex-bytes" role="cell">
            {line.bytes.map((b, i) => {
              const o = line.offset + i;
              return (
                <span key={i} className={`hb${on(o) ? ' hl' : ''}${i === BYTES_PER_LINE / 2 ? ' gap' : ''}`} data-offset={o} onMouseDown={() => onByte(o)}>
                  {hexByte(b)}
                </span>
              );
            })}
            {/* A short last line keeps the ASCII column in place. */}
            {Array.from({ length: BYTES_PER_LINE - line.bytes.length }, (_, i) => (
              <span key={`pad${i}`} className={`hb pad${line.bytes.length + i === BYTES_PER_LINE / 2 ? ' gap' : ''}`} aria-hidden="true">{'  '}</span>
            ))}
          </span>
          <span className="hex-ascii" role="cell">
            {line.bytes.map((b, i) => {
              const o = line.offset + i;
              return (
                <span key={i} className={`ha${on(o) ? ' hl' : ''}`} onMouseDown={() => onByte(o)}>{asciiChar(b)}</span>
              );
            })}
          </span>
        </div>
      ))}
      {bytes.length === 0 && <div className="empty-note">No bytes captured</div>}
    </div>
  );
});
