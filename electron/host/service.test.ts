import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Progress, SessionInfo } from '../../core/api';
import { AnalysisService } from './service';
import { findCorpus } from '../../test/support/corpus';

const corpus = findCorpus();
const FIN_STREAM = join(corpus ?? '', 'pcaps/pcapplusplus/one_http_stream_fin.pcap');
const hasCorpus = corpus !== null;

/** Opens a file and waits until the worker-side session has read all of it. */
async function opened(path: string) {
  const sessions: (SessionInfo | null)[] = [];
  const progress: Progress[] = [];
  let ready!: () => void;
  const done = new Promise<void>((r) => (ready = r));
  const svc = new AnalysisService({
    session: (i) => {
      sessions.push(i);
      if (i && i.phase !== 'loading') ready();
    },
    progress: (p) => progress.push(p),
  });
  const r = await svc.openFile(path);
  if (r.ok) await done;
  return { svc, r, sessions, progress };
}

describe.skipIf(!hasCorpus)('analysis service on a real capture (corpus: one HTTP stream closed with FINs)', () => {
  it('reads the file and reports packets, connections and the format', async () => {
    const { svc, r } = await opened(FIN_STREAM);
    expect(r.ok).toBe(true);
    expect(svc.info()).toMatchObject({ phase: 'ready', packets: 15, connections: 1, format: 'pcap', error: null });
  });

  it('gives rows with addresses, Wireshark-style Info, roles and both states', async () => {
    const { svc } = await opened(FIN_STREAM);
    const v = await svc.setView({ filter: '', stream: null });
    if (!v.ok) throw new Error(v.error.message);
    const rows = svc.rowsOf(v.value.viewId, 0, 100);
    expect(rows).toHaveLength(15);
    expect(rows[0]).toMatchObject({
      frame: 1, src: '192.168.1.2', dst: '77.67.44.206', protocol: 'TCP', roles: ['handshake-1'],
      states: { client: 'SYN-SENT', server: 'LISTEN' },
    });
    expect(rows[0]!.info).toMatch(/^49486 → 80 \[SYN\] Seq=0 Win=8192 Len=0 MSS=1460/);
    expect(rows[14]).toMatchObject({ roles: ['teardown-4'], states: { client: 'CLOSED', server: 'TIME-WAIT' } });
    expect(rows[1]!.delta).toBeCloseTo(rows[1]!.relative - rows[0]!.relative, 9);
  });

  it('draws the ladder with the handshake and teardown, states where they change', async () => {
    const { svc } = await opened(FIN_STREAM);
    const ladder = svc.ladder(0, [])!;
    expect(ladder.initialStates).toEqual({ client: 'CLOSED', server: 'LISTEN' });
    const packets = ladder.rows.filter((r) => r.kind === 'packet');
    expect(packets.slice(0, 3).map((r) => [r.flags, r.seq, r.ack, r.roles])).toEqual([
      ['SYN', 0, null, ['handshake-1']],
      ['SYN,ACK', 0, 1, ['handshake-2']],
      ['ACK', 1, 1, ['handshake-3']],
    ]);
    expect(packets.find((r) => r.frame === 10)).toMatchObject({ roles: ['teardown-1'], clientState: 'CLOSE-WAIT', serverState: 'FIN-WAIT-1' });
  });

  it('explains the SYN-ACK with the real numbers it was checked against', async () => {
    const { svc } = await opened(FIN_STREAM);
    const x = svc.packetDetail(2)!.explanation!;
    expect(x.title).toBe('Step 2 of 3 — SYN-ACK');
    expect(x.checks).toEqual([{ ok: true, text: "ack 1 = the client's SYN seq 0 + 1 (raw 4007155349 = 4007155348 + 1) — frame 1" }]);
    expect(svc.packetDetail(15)!.explanation!.title).toBe('Step 4 of 4 — ACK of the FIN');
    expect(svc.packetDetail(5)!.explanation).toBeNull();
  });

  it('filters the packet list and the connection table with a display filter', async () => {
    const { svc } = await opened(FIN_STREAM);
    const v = await svc.setView({ filter: 'tcp.flags.fin == 1', stream: null });
    if (!v.ok) throw new Error(v.error.message);
    expect(v.value).toMatchObject({ count: 2, connectionCount: 1 });
    expect(svc.rowsOf(v.value.viewId, 0, 10).map((r) => r.frame)).toEqual([10, 14]);
    const bad = await svc.setView({ filter: 'tcp.prot == 80', stream: null });
    expect(bad.ok).toBe(false);
  });
});

describe('analysis service with bad input', () => {
  it('names the file that does not exist, without throwing', async () => {
    const { r } = await opened('/nonexistent/capture.pcap');
    expect(r).toEqual({ ok: false, error: { file: 'capture.pcap', message: expect.stringContaining('/nonexistent/capture.pcap') } });
  });

  it('refuses a file that is not a capture, naming what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synfin-'));
    const path = join(dir, 'notes.pcap');
    writeFileSync(path, 'this is not a capture file at all, just text\n');
    const { r, svc } = await opened(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.file).toBe('notes.pcap');
    expect(svc.info()).toBeNull();
  });
});

describe.skipIf(!hasCorpus)('packet details (corpus: one HTTP stream closed with FINs)', () => {
  it('gives the decoded tree with byte ranges inside the packet, and the relative numbers from the tracker', async () => {
    const { svc } = await opened(FIN_STREAM);
    const detail = svc.packetDetail(2)!;
    const labels = (nodes: NonNullable<typeof detail.tree>): string[] => nodes.flatMap((n) => [n.label, ...labels(n.children ?? [])]);
    const all = labels(detail.tree);
    expect(all.some((l) => l.startsWith('Transmission Control Protocol'))).toBe(true);
    expect(all).toContain('Acknowledgment Number: 1    (relative ack number)');
    const walk = (nodes: NonNullable<typeof detail.tree>): void => nodes.forEach((n) => {
      expect(n.start + n.length).toBeLessThanOrEqual(detail.bytes.length);
      walk(n.children ?? []);
    });
    walk(detail.tree);
  });
});
