/**
 * Plain-language accounts of handshake, teardown and reset packets (RFC 9293), with the real
 * numbers and the checks behind each role. The host gathers the numbers from the store; this
 * file only words them.
 */
import type { Explanation } from '../api';
import { TcpFlag } from '../decode/dissection';
import type { TcpState, TeardownStatus, HandshakeStatus } from '../tcp/vocabulary';
import { roleBit } from '../tcp/vocabulary';

/** A segment referred to by another (the SYN a SYN-ACK answers, the FIN an ACK acknowledges). */
export interface SegmentRef {
  frame: number;
  /** Relative and raw sequence number, and payload length. */
  seq: number;
  seqRaw: number;
  len: number;
}

export interface ExplainInput {
  frame: number;
  roles: number;
  analysis: { retransmission: boolean };
  flags: number;
  fromClient: boolean;
  seq: number;
  ack: number;
  seqRaw: number;
  ackRaw: number;
  len: number;
  client: string;
  server: string;
  before: { client: TcpState; server: TcpState };
  after: { client: TcpState; server: TcpState };
  handshake: HandshakeStatus;
  teardown: TeardownStatus;
  /** The client's SYN and the server's SYN-ACK, where seen (latest before this packet). */
  syn: SegmentRef | null;
  synAck: SegmentRef | null;
  /** The first FIN (teardown-1) and the other side's FIN (teardown-3), where seen. */
  firstFin: (SegmentRef & { fromClient: boolean }) | null;
  secondFin: (SegmentRef & { fromClient: boolean }) | null;
  /** Earlier SYNs of this connection (retransmissions), and whether anything answered the SYN. */
  earlierSyns: number;
  synAnswered: boolean;
  /** Payload bytes the side that received the first FIN sent after it (half-close data). */
  bytesAfterFirstFin: number;
  /** The tracker's notes about this frame (failed role checks, unacceptable RSTs …). */
  notes: string[];
}

const has = (roles: number, r: Parameters<typeof roleBit>[0]) => (roles & roleBit(r)) !== 0;
const side = (fromClient: boolean) => (fromClient ? 'client' : 'server');
const raw = (n: number) => (n >>> 0).toString();
/**
 * The check behind an acknowledgement: the SYN or FIN at `ref` consumes one sequence number (after
 * any data it carries), so it is acknowledged by ack = seq + len + 1. Worded in relative numbers,
 * with the raw ones after; `ok` is computed from the raw numbers, modulo 2^32.
 */
function acksControl(what: string, ackRel: number, ackRaw: number, ref: SegmentRef): { ok: boolean; text: string } {
  const expected = (ref.seqRaw + ref.len + 1) >>> 0;
  const ok = ackRaw >>> 0 === expected;
  const data = ref.len ? ` + ${ref.len} bytes` : '';
  return { ok, text: `ack ${ackRel} ${ok ? '=' : '≠'} ${what} seq ${ref.seq}${data} + 1 (raw ${raw(ackRaw)} ${ok ? '=' : '≠'} ${raw(ref.seqRaw)}${ref.len ? ` + ${ref.len}` : ''} + 1) — frame ${ref.frame}` };
}

function stateChange(e: ExplainInput): string {
  const parts: string[] = [];
  if (e.before.client !== e.after.client) parts.push(`the client goes from ${e.before.client} to ${e.after.client}`);
  if (e.before.server !== e.after.server) parts.push(`the server goes from ${e.before.server} to ${e.after.server}`);
  return parts.length ? `With this packet ${parts.join(' and ')}.` : '';
}

function handshake(e: ExplainInput, x: Explanation): void {
  if (has(e.roles, 'handshake-1')) {
    x.title = 'Step 1 of 3 — SYN';
    x.text.push(`The client (${e.client}) asks the server (${e.server}) to open a connection and chooses its initial sequence number x = ${raw(e.seqRaw)}, shown as relative seq ${e.seq}. A SYN consumes one sequence number, so the server must answer with ack = x + 1.`);
    const pure = (e.flags & TcpFlag.ACK) === 0;
    x.checks.push({ ok: pure, text: pure ? 'SYN set, ACK not set: this opens the connection rather than answering one' : 'SYN and ACK both set on an opening SYN' });
    if (e.earlierSyns > 0) x.unusual.push(`This SYN is a retransmission (${e.earlierSyns} earlier SYN${e.earlierSyns > 1 ? 's' : ''} with the same sequence number): the client heard nothing back within its retransmission timeout, and backs off before each new try.`);
    if (!e.synAnswered) x.unusual.push('Nothing in the capture answers this SYN: the connection is half-open. The client waits in SYN-SENT and retries; a lost SYN, a firewall that drops it, or a server whose backlog is full (a SYN flood) all look like this.');
  } else if (has(e.roles, 'handshake-2')) {
    x.title = 'Step 2 of 3 — SYN-ACK';
    const syn = e.syn!;
    x.text.push(`The server acknowledges the client's SYN and sends its own initial sequence number y = ${raw(e.seqRaw)} (relative seq ${e.seq}). Its SYN also consumes one sequence number, so the client must answer with ack = y + 1.`);
    x.checks.push(acksControl("the client's SYN", e.ack, e.ackRaw, syn));
    if (e.analysis.retransmission) x.unusual.push('This SYN-ACK is a retransmission: the server did not see the final ACK of the handshake in time, or the client retransmitted its SYN.');
  } else {
    x.title = 'Step 3 of 3 — ACK';
    x.text.push(`The client acknowledges the server's SYN. Both sides now know each other's initial sequence numbers: the connection is established and data can flow both ways.`);
    if (e.syn) {
      const ok = e.seqRaw >>> 0 === (e.syn.seqRaw + 1) >>> 0;
      x.checks.push({ ok, text: `seq ${e.seq} ${ok ? '=' : '≠'} the client's initial seq ${e.syn.seq} + 1 (raw ${raw(e.seqRaw)})` });
    }
    if (e.synAck) x.checks.push(acksControl("the server's SYN-ACK", e.ack, e.ackRaw, e.synAck));
  }
}

function teardown(e: ExplainInput, x: Explanation): void {
  const me = side(e.fromClient);
  const peer = side(!e.fromClient);
  const steps: string[] = [];
  for (const [role, n] of [['teardown-1', 1], ['teardown-2', 2], ['teardown-3', 3], ['teardown-4', 4]] as const) if (has(e.roles, role)) steps.push(String(n));
  const simultaneous = e.teardown === 'simultaneous';
  x.title = `${steps.length > 1 ? `Steps ${steps.join(' and ')}` : `Step ${steps[0]}`} of 4 — ${has(e.roles, 'teardown-1') || has(e.roles, 'teardown-3') ? 'FIN' : 'ACK of the FIN'}`;
  if (has(e.roles, 'teardown-1')) {
    x.text.push(`The ${me} has no more data to send and closes its half of the connection (active close). The FIN consumes one sequence number: it sits at seq ${e.seq + e.len}, so the ${peer} acknowledges it with ack ${e.seq + e.len + 1}.`);
    x.text.push(`The ${me} moves to FIN-WAIT-1; the ${peer}, on receiving the FIN, moves to CLOSE-WAIT and may still send data before closing its own side.`);
  }
  if (has(e.roles, 'teardown-2') && e.firstFin) {
    x.text.push(`The ${me} acknowledges the ${peer}'s FIN${has(e.roles, 'teardown-3') ? ' and, in the same packet, sends its own FIN: a three-way teardown' : `. The ${peer} moves to FIN-WAIT-2 and waits for the ${me}'s FIN; until then the ${me} may go on sending (half-close)`}.`);
    x.checks.push(acksControl(`the ${peer}'s FIN at`, e.ack, e.ackRaw, e.firstFin));
  }
  if (has(e.roles, 'teardown-3') && !has(e.roles, 'teardown-2')) {
    x.text.push(simultaneous
      ? `The ${me} sends its FIN before it has seen the ${peer}'s: the FINs cross (simultaneous close), and each side passes through CLOSING before TIME-WAIT.`
      : `The ${me} is done too and sends its own FIN (seq ${e.seq + e.len}); it moves to LAST-ACK and waits for the final acknowledgement.`);
  }
  if (has(e.roles, 'teardown-4') && e.secondFin) {
    x.text.push(`The last ACK: the ${me} acknowledges the ${peer}'s FIN. ${simultaneous ? 'Both sides' : `The ${me}, which closed first,`} now wait${simultaneous ? '' : 's'} in TIME-WAIT for twice the maximum segment lifetime, so that a delayed duplicate cannot be taken for part of a new connection on the same ports; the ${peer} is CLOSED when this ACK arrives.`);
    x.checks.push(acksControl(`the ${peer}'s FIN at`, e.ack, e.ackRaw, e.secondFin));
  }
  if (e.bytesAfterFirstFin > 0 && e.firstFin && (has(e.roles, 'teardown-3') || has(e.roles, 'teardown-2'))) {
    x.unusual.push(`Half-close: after the ${side(e.firstFin.fromClient)}'s FIN the ${side(!e.firstFin.fromClient)} still sent ${e.bytesAfterFirstFin} bytes of data — legal, since a FIN closes only one direction.`);
  }
  if (e.analysis.retransmission) x.unusual.push('This segment is a retransmission: the first copy was not acknowledged in time.');
}

function reset(e: ExplainInput, x: Explanation): void {
  const me = side(e.fromClient);
  const peer = side(!e.fromClient);
  const peerBefore = e.fromClient ? e.before.server : e.before.client;
  const refused = !e.fromClient && (e.before.client === 'SYN-SENT' || e.handshake === 'syn-only');
  x.title = refused ? 'Reset — connection refused' : `Reset by the ${me}`;
  if (refused) {
    x.text.push(`The server answers the client's SYN with RST: nothing listens on ${e.server}, so the connection is refused at once. The client's connect() fails with "connection refused" and both sides are CLOSED.`);
    if (e.syn && e.flags & TcpFlag.ACK) x.checks.push(acksControl("the client's SYN", e.ack, e.ackRaw, e.syn));
  } else {
    x.text.push(`The ${me} aborts the connection with RST: there is no teardown, both sides drop the connection at once (CLOSED) and any data still in flight or unread is discarded. The ${peer} was in ${peerBefore}.`);
    x.text.push('Applications send RST when they close a socket with unread data or with SO_LINGER set to 0; stacks send it for segments that belong to no connection they know, or to end a connection that timed out.');
    if (e.teardown === 'reset') x.unusual.push('The connection ended with RST instead of the FIN exchange: an abortive close.');
  }
}

/** The explanation of a packet, or null for one without a role, a note or an unusual flag to explain. */
export function explainPacket(e: ExplainInput): Explanation | null {
  const x: Explanation = { title: '', text: [], checks: [], unusual: [] };
  const isHandshake = has(e.roles, 'handshake-1') || has(e.roles, 'handshake-2') || has(e.roles, 'handshake-3');
  const isTeardown = has(e.roles, 'teardown-1') || has(e.roles, 'teardown-2') || has(e.roles, 'teardown-3') || has(e.roles, 'teardown-4');
  if (isHandshake) handshake(e, x);
  else if (isTeardown) teardown(e, x);
  else if (has(e.roles, 'reset')) reset(e, x);
  else if (e.notes.length === 0) return null;
  else x.title = e.flags & TcpFlag.SYN ? 'A SYN that does not fit the handshake' : 'A segment that does not fit its role';
  for (const n of e.notes) x.checks.push({ ok: false, text: n });
  const change = stateChange(e);
  if (change) x.text.push(change);
  return x;
}
