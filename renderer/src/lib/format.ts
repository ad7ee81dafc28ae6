/** How numbers, times, roles and statuses read in the UI: one place, so every view says the same. */
import type { PacketRow } from '../../../core/api';
import type { HandshakeStatus, PacketRole, TeardownStatus } from '../../../core/tcp/vocabulary';

export type TimeFormat = 'relative' | 'absolute' | 'delta';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock time of day with microseconds, in the local zone (Wireshark's "Time of Day"). */
export function formatClock(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds * 1000));
  const micros = Math.round((epochSeconds - Math.floor(epochSeconds)) * 1e6) % 1e6;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(micros, 6)}`;
}

export function formatRowTime(row: Pick<PacketRow, 'time' | 'relative' | 'delta'>, format: TimeFormat): string {
  if (format === 'absolute') return formatClock(row.time);
  return (format === 'relative' ? row.relative : row.delta).toFixed(6);
}

export function formatDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(epochSeconds)}`;
}

/** Durations and round-trip times: µs and ms where seconds would hide the digits that matter. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 0.001) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
  if (seconds < 120) return `${seconds.toFixed(3)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${(seconds - m * 60).toFixed(0)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The colour family of a packet: what the legend names and the CSS colours. */
export type RoleClass = 'handshake' | 'teardown' | 'reset' | 'problem' | 'plain';

export function roleClass(roles: readonly PacketRole[], analysis: readonly string[], problem: string | null = null): RoleClass {
  if (roles.includes('reset')) return 'reset';
  if (problem || analysis.length > 0) return 'problem';
  if (roles.some((r) => r.startsWith('handshake'))) return 'handshake';
  if (roles.some((r) => r.startsWith('teardown'))) return 'teardown';
  return 'plain';
}

/**
 * The short badge of a packet's roles: "HS 1/3", "FIN 2/4", "FIN 2+3/4" for the FIN+ACK of a
 * three-packet teardown, "RST". Empty when the packet has no role.
 */
export function roleBadge(roles: readonly PacketRole[]): string {
  const parts: string[] = [];
  const hs = roles.filter((r) => r.startsWith('handshake')).map((r) => r.slice(-1));
  if (hs.length) parts.push(`HS ${hs.join('+')}/3`);
  const td = roles.filter((r) => r.startsWith('teardown')).map((r) => r.slice(-1));
  if (td.length) parts.push(`FIN ${td.join('+')}/4`);
  if (roles.includes('reset')) parts.push('RST');
  return parts.join(' · ');
}

/** Plain-language name of each role, for tooltips and the ladder. */
export const ROLE_TITLE: Record<PacketRole, string> = {
  'handshake-1': 'Handshake step 1 of 3: SYN',
  'handshake-2': 'Handshake step 2 of 3: SYN-ACK',
  'handshake-3': 'Handshake step 3 of 3: ACK',
  'teardown-1': 'Teardown step 1 of 4: first FIN (active close)',
  'teardown-2': 'Teardown step 2 of 4: ACK of the first FIN',
  'teardown-3': 'Teardown step 3 of 4: the other side’s FIN',
  'teardown-4': 'Teardown step 4 of 4: ACK of the second FIN',
  reset: 'Reset: RST aborts the connection',
};

export const HANDSHAKE_LABEL: Record<HandshakeStatus, string> = {
  complete: 'complete',
  'syn-synack': 'SYN + SYN-ACK',
  'syn-only': 'SYN only',
  'not-captured': 'not captured',
};

export function teardownLabel(status: TeardownStatus, initiator: 'client' | 'server' | null): string {
  switch (status) {
    case 'four-way': return 'graceful four-way';
    case 'three-way': return 'graceful three-way';
    case 'simultaneous': return 'simultaneous close';
    case 'half-closed': return initiator ? `half-closed by ${initiator}` : 'half-closed';
    case 'reset': return initiator ? `reset by ${initiator}` : 'reset';
    case 'open': return 'still open';
  }
}

/** Good, neutral or bad: the tint of a status cell. */
export function statusTone(kind: 'handshake' | 'teardown', status: string): 'good' | 'warn' | 'bad' | 'none' {
  if (kind === 'handshake') return status === 'complete' ? 'good' : status === 'not-captured' ? 'none' : 'bad';
  if (status === 'four-way' || status === 'three-way' || status === 'simultaneous') return 'good';
  if (status === 'reset') return 'bad';
  return status === 'half-closed' ? 'warn' : 'none';
}

export const ANALYSIS_LABEL = (flag: string): string => flag.replace(/_/g, ' ');

/** TCP flags as the ladder writes them: "SYN, ACK" (hosts may send "SYN,ACK"). */
export const flagsLabel = (flags: string): string =>
  flags.split(',').map((f) => f.trim()).filter(Boolean).join(', ') || '(no flags)';
