/**
 * `synfin capture` on a veth pair between two network namespaces this test creates: real kernel
 * TCP between them (every kind of ending), captured by the CLI in the client's namespace, checked
 * through its --json events, its summary and the file it wrote with -w. Also its errors: a bad
 * filter, an unknown interface, and no permission (as nobody), each one line and exit code 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { PacketPipeline } from '../../core/pipeline';
import type { CaptureEvent } from '../../electron/cli/capture-events';
import { CLI, inNs, netnsSkipReason, runClient, sayWhySkipped, startServer, testPorts, withNetns, loopbackSkipReason, type Played } from './support';

const skip = netnsSkipReason();
sayWhySkipped('synfin capture between network namespaces', skip);

type Stop = { event: 'stop'; reason: string; packets: number; connections: number; opened: number; closed: number; reset: number; refused: number; stillOpen: number; file: string | null };

const dir = mkdtempSync(join(tmpdir(), 'synfin-cli-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `synfin capture ARGS` in `ns` until it exits by itself, or until `stopWith` is sent once `whenReady` resolved. */
function capture(ns: string | null, args: string[], during: () => Promise<void> | void, stopWith: NodeJS.Signals | null = 'SIGINT') {
  const [cmd, argv] = inNs(ns, [process.execPath, CLI, 'capture', ...args]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const listening = new Promise<void>((ready) => child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (stderr.includes('Ctrl-C stops')) ready();
  }));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return (async () => {
    await Promise.race([listening, exited]);
    await during();
    // `ip netns exec` passes signals on to the program it runs.
    if (stopWith) child.kill(stopWith);
    const code = await exited;
    return { code, stdout, stderr };
  })();
}

describe.skipIf(skip !== null)('synfin capture between network namespaces', () => {
  it('prints every opening and ending as JSON events, writes the file, and stops cleanly on Ctrl-C', async () => {
    await withNetns(async (n) => {
      const ports = testPorts();
      const out = join(dir, 'veth.pcapng');
      const server = await startServer(n.b, n.addrB, ports.server);
      let played: Played[] = [];
      try {
        const r = await capture(n.a, ['-i', n.ifA, '-f', `tcp port ${ports.server} or tcp port ${ports.closed}`, '-w', out, '--json'], async () => {
          played = runClient(n.a, n.addrB, ports.server, ports.closed, ports.client);
          await new Promise((r) => setTimeout(r, 300));
        });
        expect(r.code).toBe(0);
        const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as CaptureEvent | Stop);
        const stop = lines.pop() as Stop;
        const events = lines as CaptureEvent[];
        const of = (s: Played['scenario']) => {
          const port = played.find((p) => p.scenario === s)!.clientPort;
          return events.filter((e) => e.client === `${n.addrA}:${port}`).map((e) => {
            const { event } = e;
            if (e.event === 'close') return `${event} ${e.teardown} ${e.initiator}`;
            if (e.event === 'reset' || e.event === 'half-close') return `${event} by ${e.by}`;
            return event;
          });
        };
        const graceful = (initiator: string) => expect.stringMatching(new RegExp(`^close (four|three)-way ${initiator}$`));
        expect(of('client-close')).toEqual(['open', 'half-close by client', graceful('client')]);
        expect(of('server-close')).toEqual(['open', 'half-close by server', graceful('server')]);
        expect(of('client-reset')).toEqual(['open', 'reset by client']);
        expect(of('server-reset')).toEqual(['open', 'reset by server']);
        expect(of('half-close')).toEqual(['open', 'half-close by client', 'close four-way client']);
        expect(of('refused')).toEqual(['refused']);
        expect(events.every((e) => e.server === `${n.addrB}:${e.event === 'refused' ? ports.closed : ports.server}`)).toBe(true);
        expect(stop).toMatchObject({ event: 'stop', reason: 'interrupted', connections: 6, opened: 5, closed: 3, reset: 2, refused: 1, stillOpen: 0, file: out });

        // The file holds every packet the summary counted, whole, and the analysis of it agrees.
        const pipeline = new PacketPipeline(() => {});
        const read = readCaptureFileSync(out, pipeline);
        expect(read).toMatchObject({ format: 'pcapng', error: null, warningCount: 0, packets: stop.packets });
        const endings = pipeline.tracker.connections.map((c) => c.teardownStatus);
        expect(endings.filter((t) => t === 'reset')).toHaveLength(3);
        expect(endings.filter((t) => t === 'four-way' || t === 'three-way')).toHaveLength(3);
      } finally {
        server.kill();
      }
    });
  });

  it('stops by itself after -c packets, with exactly that many in the file, and prints human lines', async () => {
    await withNetns(async (n) => {
      const ports = testPorts();
      const out = join(dir, 'count.pcapng');
      const server = await startServer(n.b, n.addrB, ports.server);
      try {
        const r = await capture(n.a, ['-i', n.ifA, '-f', `tcp port ${ports.server}`, '-w', out, '-c', '3'], () => {
          runClient(n.a, n.addrB, ports.server, ports.closed, ports.client);
        }, null);
        expect(r.code).toBe(0);
        // Three packets: SYN, SYN-ACK, ACK. The handshake completes with the third.
        expect(r.stdout).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  #0 ${n.addrA.replace(/\./g, '\\.')}:${ports.client} → ${n.addrB.replace(/\./g, '\\.')}:${ports.server}  opened \\(handshake complete, iRTT [\\d.]+ ms\\)\\n`));
        expect(r.stdout).toMatch(/packet count reached: 3 packets, 1 connection \(1 opened, 0 closed, 0 reset, 0 refused, 1 still open\); wrote /);
        expect(readCaptureFileSync(out, new PacketPipeline(() => {})).packets).toBe(3);
      } finally {
        server.kill();
      }
    });
  });

  it('stops by itself after --duration seconds', async () => {
    await withNetns(async (n) => {
      const t0 = Date.now();
      const r = await capture(n.a, ['-i', n.ifA, '--duration', '0.5', '--json'], () => {}, null);
      expect(r.code).toBe(0);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ event: 'stop', reason: 'duration reached', file: null });
    });
  });
});

describe.skipIf(loopbackSkipReason() !== null)('synfin capture errors: one line, exit code 2', () => {
  const run = (args: string[], user: string[] = []) => spawnSync(user[0] ?? process.execPath, [...user.slice(1), ...(user.length ? [process.execPath] : []), CLI, 'capture', ...args], { encoding: 'utf8' });

  it('gives libpcap\'s own message for a filter it cannot compile', () => {
    const r = run(['-i', 'lo', '-f', 'tcp port 80 and']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('synfin: bad capture filter "tcp port 80 and": can\'t parse filter expression: syntax error\n');
  });

  it('names an interface that does not exist', () => {
    const r = run(['-i', 'nosuch0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('synfin: cannot capture on nosuch0: there is no such interface (libpcap lists no interface of that name); "synfin interfaces" lists them\n');
  });

  it('says how to get permission, for a user who has none', (ctx) => {
    const setpriv = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
    if (!setpriv || process.getuid?.() !== 0) {
      process.stderr.write('skipped: capture as nobody: needs root and setpriv (util-linux)\n');
      return ctx.skip();
    }
    const r = run(['-i', 'lo'], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^synfin: cannot capture on lo: .*(permission|not permitted).*\. Capturing needs the cap_net_raw and cap_net_admin capabilities: run as root, or grant them to the program once with: sudo setcap cap_net_raw,cap_net_admin=eip \S+node\n$/);
  });

  it('is a usage error (exit 1) without -i', () => {
    const r = run([]);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('synfin: "synfin capture" needs -i IFACE (see "synfin interfaces")');
  });
});
