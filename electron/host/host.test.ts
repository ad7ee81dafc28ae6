import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Progress, SessionInfo } from '../../core/api';
import { createHost, defaultWorkerFile, type Host } from './host';
import { findCorpus } from '../../test/support/corpus';

const corpus = findCorpus();
const FILE = join(corpus ?? '', 'pcaps/pcapplusplus/one_tcp_stream.pcap');

describe.skipIf(corpus === null)('host services through the analysis worker (corpus: one TCP stream)', () => {
  let host: Host | null = null;
  afterEach(async () => {
    await host?.dispose();
    host = null;
  });

  it('finds the worker the build made', () => {
    expect(defaultWorkerFile()).toMatch(/dist[/\\]host[/\\]analysis-worker\.js$/);
  });

  it('opens a file in the worker, pushes the session as it becomes ready, and answers rows', async () => {
    const sessions: (SessionInfo | null)[] = [];
    const progress: Progress[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    host = createHost({
      events: {
        session: (i) => {
          sessions.push(i);
          if (i?.phase === 'ready') ready();
        },
        progress: (p) => progress.push(p),
      },
    });
    const opened = await host.openFile(FILE);
    expect(opened.ok).toBe(true);
    await isReady;
    const info = await host.session();
    expect(info).toMatchObject({ title: 'one_tcp_stream.pcap', phase: 'ready', packets: 36, connections: 1 });
    const view = await host.setView({ filter: '', stream: 0 });
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.count).toBe(36);
    const rows = await host.rows(view.value.viewId, 0, 3);
    expect(rows.map((r) => r.frame)).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', packets: 36 });
    const detail = await host.packetDetail(1);
    expect(detail?.bytes).toBeInstanceOf(Uint8Array);
    expect(detail!.bytes.length).toBeGreaterThan(54);
  });
});
