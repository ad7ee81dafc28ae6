/**
 * The scenarios of test/support/scenarios.ts, all in one capture (each on its own client port),
 * judged by tshark 4.0: for every packet the stream, relative seq and ack, scaled window and each
 * analysis flag; for every stream the final completeness and the iRTT. Then the same for a few
 * hundred random conversations (test/support/random-conversations.ts). Skipped without tshark.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TcpTracker } from '../../core/tcp/tracker';
import { ANALYSIS_FLAGS } from '../../core/tcp/vocabulary';
import { pcapBytes } from '../support/pcap-writer';
import { SCENARIOS } from '../support/scenarios';
import { randomConversation } from '../support/random-conversations';
import { prng } from '../support/prng';
import { Conv, DEFAULT_ENDPOINTS } from '../support/tcp-builder';

const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
/** Seconds between conversations: far enough apart that no timing rule links two of them. */
const SCENARIO_SPACING_S = 1000;

function tshark(file: string, twoPass: boolean, fields: string[]): string[][] {
  const args = ['-r', file, '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'tcp.analyze_sequence_numbers:TRUE', '-T', 'fields'];
  if (twoPass) args.push('-2');
  for (const f of fields) args.push('-e', f);
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

/**
 * Writes the conversations (one tracker, one capture) and adds one test per conversation that
 * compares every packet and stream with tshark.
 */
function judge(label: string, scenarios: [string, (v: Conv) => void][]): void {
  const dir = process.env.SYNFIN_KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'synfin-scenarios-'));
  afterAll(() => { if (!process.env.SYNFIN_KEEP_DIR) rmSync(dir, { recursive: true, force: true }); });
  const tracker = new TcpTracker();
  const convs: { name: string; conv: Conv }[] = [];
  let frames = 0;
  scenarios.forEach(([name, scenario], i) => {
    const conv = new Conv({ ...DEFAULT_ENDPOINTS, clientPort: 10000 + i }, tracker, frames, i * SCENARIO_SPACING_S);
    scenario(conv);
    frames += conv.segments.length;
    convs.push({ name, conv });
  });
  const file = join(dir, `${label}.pcap`);
  writeFileSync(file, pcapBytes(convs.flatMap(({ conv }) => conv.segments.map((segment) => ({ segment, endpoints: conv.endpoints })))));
  const flagFields = ANALYSIS_FLAGS.map((f) => `tcp.analysis.${f}`);
  const rows = hasTshark ? tshark(file, false, ['frame.number', 'tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.window_size', 'tcp.window_size_scalefactor', ...flagFields]) : [];
  const streamRows = hasTshark ? tshark(file, true, ['tcp.stream', 'tcp.completeness', 'tcp.analysis.initial_rtt']) : [];

  for (const { name, conv } of convs) {
    it(name, () => {
      for (const seen of conv.seen) {
        const [, stream, seq, ack, win, scale, ...flags] = rows[seen.frame - 1]!;
        const want = {
          stream: Number(stream), seq: Number(seq), ack: Number(ack),
          window: scale === '-1' ? -1 : Number(win),
          analysis: ANALYSIS_FLAGS.filter((_, k) => flags[k] !== ''),
        };
        const got = { stream: seen.stream, seq: seen.seq, ack: seen.ack, window: seen.window, analysis: seen.analysis };
        expect(got, `frame ${seen.frame}`).toEqual(want);
      }
      for (const stream of new Set(conv.seen.map((s) => s.stream))) {
        const mine = tracker.connections[stream]!;
        const theirs = streamRows.filter((r) => Number(r[0]) === stream);
        const irtt = theirs.map((r) => r[2]).find((x) => x !== '') ?? null;
        expect({ completeness: mine.completeness, irtt: mine.irtt?.toFixed(9) ?? null }, `stream ${stream}`)
          .toEqual({ completeness: Number(theirs[0]![1]), irtt });
      }
    });
  }
}

describe.skipIf(!hasTshark)('scenarios agree with tshark 4.0', () => {
  judge('scenarios', Object.entries(SCENARIOS));
});

/** Random conversations (seeded), to find the rules no scenario thought of. */
const RANDOM_CONVERSATIONS = 300;
const RANDOM_SEED = Number(process.env.SYNFIN_SEED ?? 20261121);

describe.skipIf(!hasTshark)(`random conversations agree with tshark 4.0 (seed ${RANDOM_SEED})`, () => {
  const rand = prng(RANDOM_SEED);
  judge('random', Array.from({ length: RANDOM_CONVERSATIONS }, (_, i) => [`conversation ${i}`, (v: Conv) => randomConversation(v, rand)]));
});
