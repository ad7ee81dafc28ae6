/**
 * `synfin ladder`: a connection as a text sequence diagram. Time runs down; the client's lane is
 * on the left, the server's on the right; each endpoint's state is written where it changes.
 */
import type { Ladder, LadderRow } from '../../core/api';
import type { PacketRole } from '../../core/tcp/vocabulary';

const ARROW_WIDTH = 46;
const STATE_WIDTH = 12;

/** The short role badge the UI shows too: "HS 1/3", "FIN 2/4", "RST". */
export function roleBadge(roles: readonly PacketRole[]): string {
  return roles
    .map((r) => (r === 'reset' ? 'RST' : r.startsWith('handshake') ? `HS ${r.slice(-1)}/3` : `FIN ${r.slice(-1)}/4`))
    .join(' ');
}

function arrow(label: string, toServer: boolean): string {
  const inner = ` ${label} `;
  const room = ARROW_WIDTH - 2 - inner.length;
  if (room < 2) return toServer ? `─${inner}▶` : `◀${inner}─`;
  const left = toServer ? Math.floor(room / 2) : Math.ceil(room / 2);
  const body = '─'.repeat(left) + inner + '─'.repeat(room - left);
  return toServer ? `─${body}▶` : `◀${body}─`;
}

function packetLine(r: Extract<LadderRow, { kind: 'packet' }>): string {
  const label = `${r.flags || '(none)'} seq=${r.seq}${r.ack === null ? '' : ` ack=${r.ack}`} len=${r.len}`;
  const notes = [roleBadge(r.roles), ...r.analysis.map((a) => `[${a}]`)].filter(Boolean).join(' ');
  return [
    r.time.toFixed(6).padStart(11),
    (r.clientState ?? '').padEnd(STATE_WIDTH),
    arrow(label, r.fromClient),
    (r.serverState ?? '').padEnd(STATE_WIDTH),
    `#${r.frame}`.padEnd(8),
    notes,
  ].join(' ').trimEnd();
}

function foldLine(r: Extract<LadderRow, { kind: 'fold' }>): string {
  const text = `┆ ${r.packets} packets folded (frames ${r.firstFrame}–${r.lastFrame}): ${r.bytesClientToServer} bytes →, ${r.bytesServerToClient} bytes ← ┆`;
  return `${' '.repeat(11)} ${' '.repeat(STATE_WIDTH)} ${text.padStart(Math.floor((ARROW_WIDTH + text.length) / 2)).padEnd(ARROW_WIDTH)}`.trimEnd();
}

export function formatLadder(l: Ladder, summary: string[]): string {
  const lines = [
    `stream ${l.stream}: ${l.client} (client) ⇄ ${l.server} (server), ${l.packets} packets`,
    ...summary,
    '',
    `${'time'.padStart(11)} ${'client'.padEnd(STATE_WIDTH)} ${''.padEnd(ARROW_WIDTH)} server`,
    `${''.padStart(11)} ${l.initialStates.client.padEnd(STATE_WIDTH)} ${''.padEnd(ARROW_WIDTH)} ${l.initialStates.server}`,
  ];
  for (const r of l.rows) lines.push(r.kind === 'packet' ? packetLine(r) : foldLine(r));
  return lines.join('\n') + '\n';
}
