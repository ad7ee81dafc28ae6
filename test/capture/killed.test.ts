/**
 * Killed mid-capture: the file written so far must be a valid pcapng up to its last whole block,
 * with every packet in it readable (by our reader and by tshark). `synfin capture -w` writes the way
 * the app's spill file is written (the same CaptureSink), so one kill -9 proves both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PacketPipeline } from '../../core/pipeline';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { tsharkAvailable } from '../support/tshark';
import { CLI, loopbackSkipReason, sayWhySkipped, testPorts } from './support';

const skip = loopbackSkipReason();
sayWhySkipped('a capture killed with SIGKILL', skip);
const dir = mkdtempSync(join(tmpdir(), 'synfin-killed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sends UDP datagrams to 127.0.0.1:port as fast as the loop allows, until killed. */
const FLOOD = `
const s = require('node:dgram').createSocket('udp4');
const payload = Buffer.alloc(200, 0x61);
const port = Number(process.argv[1]);
(function burst() { for (let i = 0; i < 50; i++) s.send(payload, port, '127.0.0.1'); setImmediate(burst); })();
`;

describe.skipIf(skip !== null)('a capture killed with SIGKILL', () => {
  it('leaves a file valid up to its last whole block', async () => {
    const { server: port } = testPorts();
    const out = join(dir, 'killed.pcapng');
    const flood = spawn(process.execPath, ['-e', FLOOD, String(port)], { stdio: 'ignore' });
    const cli = spawn(process.execPath, [CLI, 'capture', '-i', 'lo', '-f', `udp port ${port}`, '-w', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await new Promise<void>((ready) => cli.stderr.on('data', (b: Buffer) => b.toString().includes('Ctrl-C') && ready()));
      // Wait until a good many batches are on disk, then kill without warning.
      const t0 = Date.now();
      while (statSync(out).size < 2_000_000 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
      cli.kill('SIGKILL');
      await new Promise((r) => cli.on('exit', r));
    } finally {
      flood.kill('SIGKILL');
    }
    const size = statSync(out).size;
    expect(size).toBeGreaterThan(100_000);
    const read = readCaptureFileSync(out, new PacketPipeline(() => {}));
    expect(read.error).toBeNull();
    expect(read.format).toBe('pcapng');
    // Whole batches are single writes: the file ends on a block boundary (or, if the kill cut a
    // write short, in one block the reader reports as cut).
    expect(read.warningCount).toBeLessThanOrEqual(1);
    expect(read.packets).toBeGreaterThan(1000);
    if (tsharkAvailable()) {
      const t = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'udp.dstport'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const ports = t.stdout.trim().split('\n');
      expect(ports.length).toBe(read.packets);
      expect(new Set(ports)).toEqual(new Set([String(port)]));
    }
  });
});
