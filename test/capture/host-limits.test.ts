/**
 * Starting, stopping and restarting live captures through HostApi, with the packet-count and
 * duration limits, and the capture-filter check: on `lo`, with UDP datagrams this test sends to a
 * port of its own.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../core/api';
import { createHost, type Host } from '../../electron/host/host';
import { loopbackSkipReason, sayWhySkipped, testPorts } from './support';

const skip = loopbackSkipReason();
sayWhySkipped('capture limits and restart through HostApi', skip);

describe.skipIf(skip !== null)('capture limits and restart through HostApi, on lo', () => {
  const spillDir = mkdtempSync(join(tmpdir(), 'synfin-limits-'));
  const sessions: (SessionInfo | null)[] = [];
  let host: Host;
  const port = testPorts().server;
  const filter = `udp dst port ${port}`;
  const socket = createSocket('udp4');
  const send = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise<void>((r) => socket.send(Buffer.from(`datagram ${i}`), port, '127.0.0.1', () => r()));
  };
  const readySession = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const s = sessions.filter((x) => x?.sessionId === id).at(-1);
      if (s?.phase === 'ready') return s;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`session ${id} never became ready`);
  };

  beforeAll(() => {
    host = createHost({ events: { session: (i) => sessions.push(i), progress: () => {} }, spillDir });
  });
  afterAll(async () => {
    socket.close();
    await host.dispose();
    expect(readdirSync(spillDir)).toEqual([]); // disposing closed the last capture, and its spill file went with it
    rmSync(spillDir, { recursive: true, force: true });
  });

  it('checks a capture filter with libpcap: its message for a bad one, null for a good one', async () => {
    expect(await host.checkCaptureFilter('lo', 'udp port')).toBe("can't parse filter expression: syntax error");
    expect(await host.checkCaptureFilter('lo', filter)).toBeNull();
    expect(await host.checkCaptureFilter('lo', '')).toBeNull();
    const bad = await host.startCapture({ interface: 'lo', filter: 'udp port', packetLimit: null, durationLimitSeconds: null });
    expect(bad).toEqual({ ok: false, error: "bad capture filter: can't parse filter expression: syntax error" });
    expect(await host.startCapture({ interface: 'lo', filter, packetLimit: 0, durationLimitSeconds: null })).toEqual({
      ok: false, error: 'the packet limit must be a whole number above 0, not 0',
    });
  });

  it('stops by itself after the packet limit, with exactly that many packets', async () => {
    const r = await host.startCapture({ interface: 'lo', filter, packetLimit: 5, durationLimitSeconds: null });
    if (!r.ok) throw new Error(r.error);
    await send(12);
    const done = await readySession(r.value.sessionId);
    expect(done).toMatchObject({ packets: 5, source: 'capture', unsaved: true, warnings: [] });
  });

  it('stops by itself after the duration limit', async () => {
    const t0 = Date.now();
    const r = await host.startCapture({ interface: 'lo', filter, packetLimit: null, durationLimitSeconds: 0.4 });
    if (!r.ok) throw new Error(r.error);
    await send(3);
    const done = await readySession(r.value.sessionId);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(done.packets).toBe(3);
  });

  it('closing the file stops a running capture first', async () => {
    const r = await host.startCapture({ interface: 'lo', filter, packetLimit: null, durationLimitSeconds: null });
    if (!r.ok) throw new Error(r.error);
    await host.closeFile();
    expect(await host.session()).toBeNull();
    expect(readdirSync(spillDir)).toEqual([]);
    await send(2); // nothing is listening any more: no session appears
    await new Promise((r) => setTimeout(r, 100));
    expect(await host.session()).toBeNull();
  });
  it('restarts: a start while capturing ends the running capture and begins a new session', async () => {
    const first = await host.startCapture({ interface: 'lo', filter, packetLimit: null, durationLimitSeconds: null });
    if (!first.ok) throw new Error(first.error);
    await send(4);
    await new Promise((r) => setTimeout(r, 150));
    const second = await host.startCapture({ interface: 'lo', filter, packetLimit: null, durationLimitSeconds: null });
    if (!second.ok) throw new Error(second.error);
    expect(second.value.sessionId).toBeGreaterThan(first.value.sessionId);
    expect(sessions.filter((s) => s?.sessionId === first.value.sessionId).at(-1)).toMatchObject({ phase: 'ready', packets: 4 });
    await send(2);
    await new Promise((r) => setTimeout(r, 150));
    await host.stopCapture();
    expect(await host.session()).toMatchObject({ sessionId: second.value.sessionId, phase: 'ready', packets: 2 });
    expect(readdirSync(spillDir)).toHaveLength(1); // the first capture's spill file went with its session
  });

});
