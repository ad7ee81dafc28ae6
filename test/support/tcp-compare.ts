/**
 * Reads, dissects and tracks a capture as the app does, and compares it with tshark 4.0.17's
 * recorded answers (the corpus's and the fixtures' expected/ files share one format): frame by
 * frame (tcp.stream, ports, flags, relative and raw seq/ack, tcp.len, window field), stream by
 * stream (final completeness, iRTT) and flag by flag (the frames tshark marks with each flag).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './corpus';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { dissect } from '../../core/decode/dissect';
import { Dissection, Proto } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { TcpTracker } from '../../core/tcp/tracker';
import { ANALYSIS_FLAGS, roleNames, type PacketRole } from '../../core/tcp/vocabulary';

export interface Difference {
  key: string;
  want: unknown;
  got: unknown;
}

interface FrameRow {
  stream: string; srcport: string; dstport: string; flags: string; seq: string; ack: string;
  seqRaw: string; ackRaw: string; len: string; window: string;
}

function rows(path: string): string[][] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).slice(1).map((l) => l.split('\t'));
}

/**
 * tshark shows pcapng custom blocks as frames; the reader delivers packets only (see
 * test/corpus/formats.test.ts). Their rows, the ones without an encapsulation in the readers'
 * recorded expectation, are left out so the frame numbers line up.
 */
function packetRows(rel: string, frames: string[][]): string[][] {
  const formats = join(repoRoot, 'test/corpus/expected', `${rel}.tsv`);
  if (!existsSync(formats)) return frames;
  const encap = rows(formats).map((r) => r[7]);
  return frames.filter((_, i) => encap[i] !== '');
}

const IP_PROTO_TCP = 6;

/**
 * Reads, dissects and tracks `capture`; returns what differs from tshark's answers in
 * `${expected}.frames.tsv`, `.streams.tsv` and `.analysis.tsv` (`rel`: the capture's name in the
 * readers' expectations, for custom blocks), and the tracker for further checks.
 */
export function compareWithTshark(capture: string, expected: string, rel: string): { differences: Difference[]; frames: number; streams: number; flags: number; tracker: TcpTracker; roles: RoleFrames } {
  const frames = packetRows(rel, rows(`${expected}.frames.tsv`));
  const ours: FrameRow[] = [];
  const tracker = new TcpTracker();
  const d = new Dissection();
  const f = new PacketFacts();
  const flagged = ANALYSIS_FLAGS.map(() => [] as number[]);
  const roles: RoleFrames = new Map();
  readCaptureFileSync(capture, {
    packet(rec) {
      const frame = ours.length + 1;
      dissect(rec, d);
      tracker.track(frame, rec.tsSec, rec.tsNsec, d, f);
      if (f.stream >= 0 && f.roles !== 0) {
        const byRole = roles.get(f.stream) ?? new Map<PacketRole, number[]>();
        roles.set(f.stream, byRole);
        for (const role of roleNames(f.roles)) byRole.set(role, [...(byRole.get(role) ?? []), frame]);
      }
      ANALYSIS_FLAGS.forEach((_, k) => { if (f.analysis & (1 << k)) flagged[k]!.push(frame); });
      // tshark shows the ports of a TCP header cut short after them (and gives it no stream).
      const ports = (d.proto === Proto.TCP || d.ipProto === IP_PROTO_TCP) && !d.isLaterFragment && d.srcPort >= 0;
      const tracked = f.stream >= 0;
      ours.push({
        stream: tracked ? String(f.stream) : '',
        srcport: ports ? String(d.srcPort) : '',
        dstport: ports ? String(d.dstPort) : '',
        flags: tracked ? `0x${d.tcpFlags.toString(16).padStart(4, '0')}` : '',
        seq: tracked ? String(f.relSeq) : '',
        ack: tracked ? String(f.relAck) : '',
        seqRaw: tracked ? String(d.seq >>> 0) : '',
        ackRaw: tracked ? String(d.ack >>> 0) : '',
        len: tracked && d.payloadLen >= 0 ? String(d.payloadLen) : '',
        window: tracked ? String(d.window) : '',
      });
    },
  });

  const differences: Difference[] = [];
  const n = Math.max(frames.length, ours.length);
  for (let i = 0; i < n; i++) {
    const row = frames[i];
    const want = row ? { stream: row[1]!, srcport: row[2]!, dstport: row[3]!, flags: row[4]!, seq: row[5]!, ack: row[6]!, seqRaw: row[7]!, ackRaw: row[8]!, len: row[9]!, window: row[10]! } : null;
    const got = ours[i] ?? null;
    if (JSON.stringify(want) !== JSON.stringify(got)) differences.push({ key: `frame:${i + 1}`, want, got });
  }

  const streams = rows(`${expected}.streams.tsv`).filter((r) => r[0] !== '');
  for (const [stream, completeness, irtt] of streams) {
    const c = tracker.connections[Number(stream)];
    const want = { completeness: completeness!, irtt: irtt ?? '' };
    const got = c ? { completeness: String(c.completeness), irtt: c.irtt === null ? '' : c.irtt.toFixed(9) } : null;
    if (JSON.stringify(want) !== JSON.stringify(got)) differences.push({ key: `stream:${stream}`, want, got });
  }
  if (tracker.connections.length !== streams.length) {
    differences.push({ key: 'streams', want: streams.length, got: tracker.connections.length });
  }

  const analysis = rows(`${expected}.analysis.tsv`);
  for (const [flag, list] of analysis) {
    const k = ANALYSIS_FLAGS.indexOf(flag as (typeof ANALYSIS_FLAGS)[number]);
    const got = k < 0 ? null : flagged[k]!.join(',');
    if ((list ?? '') !== got) differences.push({ key: `flag:${flag}`, want: list ?? '', got });
  }
  return { differences, frames: frames.length, streams: streams.length, flags: analysis.length, tracker, roles };
}

/** The frames holding each role, per stream. */
export type RoleFrames = Map<number, Map<PacketRole, number[]>>;

