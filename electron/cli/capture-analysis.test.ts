import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../core/formats/record';
import { repoRoot } from '../../test/support/corpus';
import { readCaptureFileSync } from '../host/capture-file';
import { CaptureBatcher, captureHeader } from '../host/capture-batch';
import { DeliveryClock } from '../host/capture-clock';
import { CaptureAnalysis, type AnalysisStop } from './capture-analysis';
import type { CliIo } from './io';
import { Output, PipeClosed } from './output';

const dir = mkdtempSync(join(tmpdir(), 'synfin-capture-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The frames of a capture file, as libpcap would deliver them (bytes only: the times are taken at delivery). */
function framesIn(path: string): Uint8Array[] {
  const frames: Uint8Array[] = [];
  readCaptureFileSync(path, { packet: (r: PacketRecord) => frames.push(r.bytes.slice(r.offset, r.offset + r.capLen)) });
  return frames;
}
const framesOf = (fixture: string) => framesIn(join(repoRoot, 'test/fixtures', fixture));

/** Where the analysis prints: stdout collected (or closed after `closeAfter` writes), stderr lines. */
function testIo(closeAfter = Infinity) {
  let stdout = '';
  let writes = 0;
  const stderr: string[] = [];
  const io: CliIo = {
    out: new Output((b) => {
      if (++writes > closeAfter) throw new PipeClosed('output closed');
      stdout += b.toString();
    }),
    message: (line) => stderr.push(line),
    progress: { write: () => true },
  };
  return { io, stdout: () => stdout, stderr };
}

/** Runs `frames` through a CaptureAnalysis in batches of `perBatch`, as the main thread posts them. */
function run(frames: Uint8Array[], o: { out: string | null; json: boolean; perBatch?: number; closeAfter?: number; dropped?: number }) {
  let mono = 0n;
  const clock = new DeliveryClock(1_700_000_000_000_000_000n, 0n, 1500, { monotonicNs: () => (mono += 1_000_000n), wallMs: () => 0 });
  const { writer, header } = captureHeader({ device: 'veth0', description: null, linkType: 1, clock, started: new Date(0) });
  const t = testIo(o.closeAfter);
  const stops: AnalysisStop[] = [];
  const analysis = new CaptureAnalysis({ out: o.out, json: o.json, header }, t.io, (why) => stops.push(why));
  const batcher = new CaptureBatcher(writer, clock, (blocks, n) => analysis.batch(blocks, n));
  frames.forEach((f, i) => {
    batcher.add(f);
    if ((i + 1) % (o.perBatch ?? 4) === 0) batcher.flush();
  });
  batcher.flush();
  const code = analysis.end('interrupted', o.dropped ?? 0);
  return { code, stdout: t.stdout(), stderr: t.stderr, stops, failure: analysis.failure };
}

describe('the analysing half of synfin capture', () => {
  it('prints each connection event as it happens, then the summary, and writes every packet to the -w file', () => {
    const frames = framesOf('client-close.pcapng');
    const out = join(dir, 'client-close.pcapng');
    const r = run(frames, { out, json: true });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; packets?: number; file?: string });
    expect(lines.map((l) => l.event)).toEqual(['open', 'half-close', 'close', 'stop']);
    expect(lines.at(-1)).toMatchObject({ event: 'stop', reason: 'interrupted', packets: frames.length, connections: 1, opened: 1, closed: 1, file: out });
    expect(framesIn(out)).toEqual(frames);
    expect(r.stderr).toEqual([]);
  });

  it('says a refused connection in words, and the summary in a sentence', () => {
    const r = run(framesOf('refused.pcap'), { out: null, json: false, perBatch: 1 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/#0 .* refused \(SYN answered by RST\)$/);
    expect(lines.at(-1)).toMatch(/^interrupted: \d+ packets, 1 connection \(0 opened, 0 closed, 0 reset, 1 refused, 0 still open\)$/);
  });

  it('names the -w file it cannot make, and takes nothing', () => {
    const r = run(framesOf('refused.pcap'), { out: join(dir, 'no-such-dir', 'x.pcapng'), json: true });
    expect(r.failure).toMatch(/^cannot create .*no-such-dir\/x\.pcapng: ENOENT$/);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('asks to stop once when stdout is closed, still writes the file to the end, and prints no summary', () => {
    const frames = framesOf('port-reuse.pcapng');
    const out = join(dir, 'closed.pcapng');
    const r = run(frames, { out, json: true, perBatch: 1, closeAfter: 1 });
    expect(r.stops).toEqual(['closed']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(framesIn(out)).toEqual(frames);
  });

  it('says how many packets the main thread could not hand over', () => {
    const r = run(framesOf('refused.pcap'), { out: null, json: true, dropped: 7 });
    expect(r.stderr).toEqual(['synfin: warning: 7 packets not taken: the analysis could not keep up']);
  });
});
