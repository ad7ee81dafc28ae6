/**
 * Live capture through the host's real HostApi: real kernel TCP on `lo` (a filter on this test's
 * ports), captured by cap in this thread, analysed in the real analysis worker, then asked about
 * through connections(), ladder(), rows() and packetDetail(), saved, and reopened.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow, Progress, SessionInfo } from '../../core/api';
import { MAX_PUSHES_PER_SECOND } from '../../core/api';
import { createHost, type Host } from '../../electron/host/host';
import { tsharkAvailable } from '../support/tshark';
import { loopbackSkipReason, runClient, sayWhySkipped, startServer, testPorts, type Played } from './support';

const skip = loopbackSkipReason();
sayWhySkipped('live capture through HostApi on lo', skip);

const HOST = '127.0.0.1';

describe.skipIf(skip !== null)('live capture through HostApi, on lo', () => {
  const ports = testPorts();
  const spillDir = mkdtempSync(join(tmpdir(), 'synfin-spill-'));
  const progress: Progress[] = [];
  /** When each progress push arrived (ms). */
  const pushedAt: number[] = [];
  const sessions: (SessionInfo | null)[] = [];
  let host: Host;
  let server: ChildProcess;
  let played: Played[];
  let started: SessionInfo;
  let stoppedAt = 0;

  beforeAll(async () => {
    host = createHost({ events: { session: (i) => sessions.push(i), progress: (p) => (progress.push(p), pushedAt.push(Date.now())) }, spillDir });
    server = await startServer(null, HOST, ports.server);
    const r = await host.startCapture({
      interface: 'lo', filter: `tcp port ${ports.server} or tcp port ${ports.closed}`, packetLimit: null, durationLimitSeconds: null,
    });
    if (!r.ok) throw new Error(r.error);
    started = r.value;
    played = runClient(null, HOST, ports.server, ports.closed, ports.client);
    // The last packets reach the host within a batch interval; give them a few.
    await new Promise((r) => setTimeout(r, 300));
    await host.stopCapture();
    stoppedAt = Date.now();
  });

  afterAll(async () => {
    server?.kill();
    await host?.dispose();
    rmSync(spillDir, { recursive: true, force: true });
  });

  const byScenario = async (): Promise<Map<Played['scenario'], ConnectionRow>> => {
    const page = await host.connections({ sort: 'stream', descending: false, from: 0, to: 1000, viewId: null });
    const map = new Map<Played['scenario'], ConnectionRow>();
    for (const p of played) {
      const c = page.rows.find((row) => row.client === `${HOST}:${p.clientPort}`);
      if (c) map.set(p.scenario, c);
    }
    return map;
  };

  it('shows the capture as a session that loads while capturing and is ready, unsaved, once stopped', async () => {
    expect(started).toMatchObject({ source: 'capture', title: 'lo', format: 'pcapng', phase: 'loading', unsaved: true });
    const info = await host.session();
    expect(info).toMatchObject({ sessionId: started.sessionId, phase: 'ready', unsaved: true, connections: 6, error: null });
    expect(info!.packets).toBeGreaterThanOrEqual(40);
    expect(sessions.at(-1)).toMatchObject({ phase: 'ready' });
  });

  it('pushed progress while capturing, at most 20 times a second, and the final count last', async () => {
    const live = progress.filter((p) => p.sessionId === started.sessionId && p.phase === 'capturing');
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((p) => p.percent === -1)).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', packets: (await host.session())!.packets, connections: 6 });
    // Pushes in any one second: the batching limit holds (one more for the final push on stopping).
    const busiest = Math.max(...pushedAt.map((t) => pushedAt.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(MAX_PUSHES_PER_SECOND + 1);
    expect(busiest).toBeGreaterThan(1); // the traffic lasted long enough to push several times
  });

  it('finds every handshake, with the right client and server, complete except the refused one', async () => {
    const c = await byScenario();
    expect([...c.keys()].sort()).toEqual(played.map((p) => p.scenario).sort());
    for (const [scenario, row] of c) {
      expect(row.server).toBe(`${HOST}:${scenario === 'refused' ? ports.closed : ports.server}`);
      expect(row.handshake.status).toBe(scenario === 'refused' ? 'syn-only' : 'complete');
      if (scenario !== 'refused') expect(row.handshake.irtt).toBeGreaterThan(0);
    }
  });

  it('finds each ending, who started it, and both endpoints\' final states', async () => {
    const c = await byScenario();
    const ending = (s: Played['scenario']) => {
      const r = c.get(s)!;
      return { status: r.teardown.status, initiator: r.teardown.initiator, client: r.state.client, server: r.state.server };
    };
    expect(['four-way', 'three-way']).toContain(ending('client-close').status);
    expect(ending('client-close')).toMatchObject({ initiator: 'client', client: 'TIME-WAIT', server: 'CLOSED' });
    expect(['four-way', 'three-way']).toContain(ending('server-close').status);
    expect(ending('server-close')).toMatchObject({ initiator: 'server', client: 'CLOSED', server: 'TIME-WAIT' });
    expect(ending('client-reset')).toMatchObject({ status: 'reset', initiator: 'client' });
    expect(ending('server-reset')).toMatchObject({ status: 'reset', initiator: 'server' });
    // The server went on sending after the client's FIN: its FIN came later, on its own.
    expect(ending('half-close')).toMatchObject({ status: 'four-way', initiator: 'client', client: 'TIME-WAIT', server: 'CLOSED' });
    expect(ending('refused')).toMatchObject({ status: 'reset', initiator: 'server', client: 'CLOSED' });
  });

  it('draws each ladder with the handshake and the teardown roles in order', async () => {
    const c = await byScenario();
    const roles = async (s: Played['scenario']) => {
      const ladder = (await host.ladder(c.get(s)!.stream, []))!;
      return ladder.rows.flatMap((r) => (r.kind === 'packet' ? r.roles : []));
    };
    const handshake = ['handshake-1', 'handshake-2', 'handshake-3'];
    for (const s of ['client-close', 'server-close', 'half-close'] as const) {
      const r = await roles(s);
      expect(r.slice(0, 3)).toEqual(handshake);
      expect(r.filter((x) => x.startsWith('teardown'))).toEqual(['teardown-1', 'teardown-2', 'teardown-3', 'teardown-4']);
    }
    for (const s of ['client-reset', 'server-reset'] as const) {
      const r = await roles(s);
      expect(r.slice(0, 3)).toEqual(handshake);
      expect(r).toContain('reset');
    }
    expect(await roles('refused')).toEqual(['handshake-1', 'reset']);
  });

  it('lists the half-closed connection\'s packets with the server sending data after the client\'s FIN', async () => {
    const c = (await byScenario()).get('half-close')!;
    const view = await host.setView({ filter: '', stream: c.stream });
    if (!view.ok) throw new Error(view.error.message);
    const rows = await host.rows(view.value.viewId, 0, view.value.count);
    const fin = rows.findIndex((r) => r.roles.includes('teardown-1'));
    expect(rows[fin]).toMatchObject({ src: HOST, states: { client: 'FIN-WAIT-1', server: 'CLOSE-WAIT' } });
    const after = rows.slice(fin + 1).filter((r) => /Len=[1-9]/.test(r.info) && r.info.startsWith(`${ports.server} →`));
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((r) => r.states!.client === 'FIN-WAIT-2' && r.states!.server === 'CLOSE-WAIT')).toBe(true);
    // Times are the host's delivery times: in order, and within this test's run.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.time).toBeGreaterThanOrEqual(rows[i - 1]!.time);
    expect(rows[0]!.time * 1000).toBeGreaterThan(stoppedAt - 60_000);
    expect(rows.at(-1)!.time * 1000).toBeLessThanOrEqual(stoppedAt);
  });

  it('reads packet bytes back from the spill file', async () => {
    const c = (await byScenario()).get('client-close')!;
    const detail = (await host.packetDetail(c.handshake.frames[0]!))!;
    // Linux loopback frames: a 14-byte Ethernet header of zeros, IPv4, then TCP from the client port.
    const tcp = 14 + 20;
    expect((detail.bytes[tcp]! << 8) | detail.bytes[tcp + 1]!).toBe(Number(c.client.split(':')[1]));
    expect(detail.explanation?.title).toBe('Step 1 of 3 — SYN');
  });

  it('saves as pcapng and pcap, reopens the saved file with the same connections, and drops the spill file on close', async () => {
    const before = await byScenario();
    const dir = mkdtempSync(join(tmpdir(), 'synfin-saved-'));
    const pcapng = join(dir, 'saved.pcapng');
    const pcap = join(dir, 'saved.pcap');
    const total = (await host.session())!.packets;
    expect(await host.saveAs(pcapng, 'pcapng')).toEqual({ ok: true, value: { packets: total } });
    expect((await host.session())!.unsaved).toBe(false);
    expect((await host.saveAs(pcap, 'pcap')).ok).toBe(true);
    if (tsharkAvailable()) {
      for (const f of [pcapng, pcap]) {
        const r = spawnSync('tshark', ['-r', f, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
        expect(r.stdout.trim().split('\n')).toHaveLength(total);
      }
    }
    expect(readdirSync(spillDir)).toHaveLength(1);
    const reopened = await host.openFile(pcap);
    expect(reopened.ok).toBe(true);
    expect(readdirSync(spillDir)).toHaveLength(0); // the capture's session is gone, and its spill file with it
    await new Promise((r) => setTimeout(r, 200));
    const after = await byScenario();
    for (const [s, row] of before) {
      expect(after.get(s)).toMatchObject({ handshake: { status: row.handshake.status }, teardown: row.teardown, state: row.state });
    }
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(spillDir)).toBe(true);
  });
});
