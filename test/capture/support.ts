/**
 * What the live-capture tests need: whether this machine lets them capture (and why not), network
 * namespaces joined by a veth pair that each test creates and removes itself, and the TCP driver
 * (tcp-endings.mjs) run inside them. Traffic never leaves the namespaces (or `lo`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { repoRoot } from '../support/corpus';

export const DRIVER = resolve(repoRoot, 'test/capture/tcp-endings.mjs');
export const CLI = resolve(repoRoot, 'dist/cli/synfin.cjs');

const hasCommand = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/** Why this machine cannot run capture tests on `lo`, or null when it can. */
export function loopbackSkipReason(): string | null {
  if (process.platform !== 'linux') return `live-capture tests run on Linux (this is ${process.platform})`;
  const eff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  if (!((BigInt(`0x${eff}`) >> 13n) & 1n)) return 'capturing needs root or cap_net_raw, which this test process lacks';
  try {
    createRequire(import.meta.url)('cap');
  } catch (e) {
    return `the cap module does not load: ${(e as Error).message.split('\n')[0]}`;
  }
  return null;
}

/** Why this machine cannot run capture tests between network namespaces, or null when it can. */
export function netnsSkipReason(): string | null {
  const lo = loopbackSkipReason();
  if (lo) return lo;
  if (!hasCommand('ip', ['-V'])) return 'the ip command (iproute2) is not installed';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  return null;
}

/** Prints why a suite is skipped, so a skip is never silent. */
export function sayWhySkipped(suite: string, reason: string | null): void {
  if (reason) process.stderr.write(`skipped: ${suite}: ${reason}\n`);
}

export interface Netns {
  /** Namespace of the client (and of the capturing process). */
  a: string;
  /** Namespace of the server. */
  b: string;
  /** The veth end in `a`, to capture on. */
  ifA: string;
  ifB: string;
  addrA: string;
  addrB: string;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

/**
 * Runs `fn` with two fresh namespaces joined by a veth pair (a private /30 between them), and
 * removes them afterwards, whether `fn` succeeded or not. Names are random, so concurrent tests
 * (and other people's) never meet.
 */
export async function withNetns<T>(fn: (n: Netns) => Promise<T>): Promise<T> {
  const tag = randomBytes(3).toString('hex');
  const n: Netns = {
    a: `synfin-${tag}-a`, b: `synfin-${tag}-b`, ifA: `sfa${tag}`, ifB: `sfb${tag}`,
    addrA: '', addrB: '',
  };
  // 10.213.x.(4y+1 / 4y+2): a /30 picked at random from a range nobody routes.
  const x = randomInt(0, 256);
  const y = randomInt(0, 64);
  n.addrA = `10.213.${x}.${4 * y + 1}`;
  n.addrB = `10.213.${x}.${4 * y + 2}`;
  const created: string[] = [];
  try {
    for (const ns of [n.a, n.b]) {
      ip('netns', 'add', ns);
      created.push(ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('-n', n.a, 'link', 'add', n.ifA, 'type', 'veth', 'peer', 'name', n.ifB, 'netns', n.b);
    ip('-n', n.a, 'addr', 'add', `${n.addrA}/30`, 'dev', n.ifA);
    ip('-n', n.b, 'addr', 'add', `${n.addrB}/30`, 'dev', n.ifB);
    ip('-n', n.a, 'link', 'set', n.ifA, 'up');
    ip('-n', n.b, 'link', 'set', n.ifB, 'up');
    return await fn(n);
  } finally {
    // Deleting a namespace deletes the veth end in it (and so the pair).
    for (const ns of created) spawnSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
  }
}

/** The command line to run `argv` inside namespace `ns` (or here, when null). */
export const inNs = (ns: string | null, argv: string[]): [string, string[]] =>
  ns === null ? [argv[0]!, argv.slice(1)] : ['ip', ['netns', 'exec', ns, ...argv]];

/** Starts the driver's server and resolves once it listens. */
export async function startServer(ns: string | null, host: string, port: number): Promise<ChildProcess> {
  const [cmd, args] = inNs(ns, [process.execPath, DRIVER, 'serve', host, String(port)]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && ready());
    child.on('exit', (code) => fail(new Error(`the test server exited (${code}) before listening`)));
  });
  return child;
}

export interface Played {
  scenario: 'client-close' | 'server-close' | 'client-reset' | 'server-reset' | 'half-close' | 'refused';
  clientPort: number;
}

/** Plays every scenario from the client side; resolves with the client port of each. */
export function runClient(ns: string | null, host: string, port: number, closedPort: number, clientPort: number): Played[] {
  const [cmd, args] = inNs(ns, [process.execPath, DRIVER, 'run', host, String(port), String(closedPort), String(clientPort)]);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`the test client failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { played: Played[] }).played;
}

/** Ports for one test: a server port, a port nobody listens on, and a base for client ports. */
export function testPorts(): { server: number; closed: number; client: number } {
  const server = randomInt(20000, 29000);
  return { server, closed: server + 1, client: randomInt(30000, 60000) };
}
