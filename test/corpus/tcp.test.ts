/**
 * The TCP tracker against tshark 4.0.17 on every corpus capture with TCP expectations: the file is
 * read, dissected and tracked as the app does it, then compared frame by frame (tcp.stream, ports,
 * flags, relative and raw seq/ack, tcp.len, window field), stream by stream (final completeness,
 * iRTT) and flag by flag (the frames tshark marks with each tcp.analysis flag).
 *
 * Any difference fails, except the ones in DEVIATIONS below, each with the reason.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCaptures, findCorpus, repoRoot } from '../support/corpus';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { dissect } from '../../core/decode/dissect';
import { Dissection, Proto } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { TcpTracker } from '../../core/tcp/tracker';
import { ANALYSIS_FLAGS } from '../../core/tcp/vocabulary';

const corpus = findCorpus();

/**
 * Where Synfin shows something else than tshark 4.0.17, on purpose. Keyed by capture, then by
 * what differs: `frame:N` (any per-frame field), `stream:N` (completeness or iRTT), `flag:NAME`.
 */
const DEVIATIONS: Record<string, Record<string, string>> = {
  'tcpdump/timestamp_invalid_nano.pcap': {
    'stream:0':
      'The file\'s sub-second fields exceed 10^9 ns; the reader carries them into the seconds (see ' +
      'test/corpus/formats.test.ts), so the SYN to ACK interval is 2.147483649 s. tshark keeps the raw ' +
      'fields and prints its difference unnormalised, as 1.1147483649.',
  },
};

interface Difference {
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

/** Reads, dissects and tracks a capture; returns what differs from tshark's recorded answers. */
function compare(rel: string): { differences: Difference[]; frames: number; streams: number; flags: number } {
  const expected = join(corpus!, 'expected/tshark', rel);
  const frames = packetRows(rel, rows(`${expected}.frames.tsv`));
  const ours: FrameRow[] = [];
  const tracker = new TcpTracker();
  const d = new Dissection();
  const f = new PacketFacts();
  const flagged = ANALYSIS_FLAGS.map(() => [] as number[]);
  readCaptureFileSync(join(corpus!, 'pcaps', rel), {
    packet(rec) {
      const frame = ours.length + 1;
      dissect(rec, d);
      tracker.track(frame, rec.tsSec, rec.tsNsec, d, f);
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
  return { differences, frames: frames.length, streams: streams.length, flags: analysis.length };
}

const title = 'the TCP tracker agrees with tshark 4.0.17 on the corpus';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  const captures = corpus ? corpusCaptures(corpus).filter((rel) => existsSync(join(corpus, 'expected/tshark', `${rel}.frames.tsv`))) : [];
  const totals = { frames: 0, framesAgreeing: 0, streams: 0, streamsAgreeing: 0, flags: 0, flagsAgreeing: 0 };

  for (const rel of captures) {
    it(rel, () => {
      const { differences, frames, streams, flags } = compare(rel);
      const allowed = DEVIATIONS[rel] ?? {};
      const count = (prefix: string) => differences.filter((x) => x.key.startsWith(prefix)).length;
      totals.frames += frames;
      totals.framesAgreeing += frames - count('frame:');
      totals.streams += streams;
      totals.streamsAgreeing += streams - count('stream:');
      totals.flags += flags;
      totals.flagsAgreeing += flags - count('flag:');
      expect(differences.filter((x) => !(x.key in allowed))).toEqual([]);
      // A listed deviation that no longer happens must be taken off the list.
      expect(Object.keys(allowed).filter((key) => !differences.some((x) => x.key === key))).toEqual([]);
    });
  }

  it('reports the agreement', () => {
    console.log(`tcp corpus agreement: frames ${totals.framesAgreeing}/${totals.frames}, streams ${totals.streamsAgreeing}/${totals.streams}, flag lists ${totals.flagsAgreeing}/${totals.flags}`);
    expect(totals.frames).toBeGreaterThan(0);
  });
});
