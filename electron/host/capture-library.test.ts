import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPTURE_NOTES, capturePermission, loadCap, permissionAdvice } from './capture-library';
import { createHost } from './host';

const dir = mkdtempSync(join(tmpdir(), 'synfin-cap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A native module that fails to load the way a broken build does: a .node file that is not a shared object. */
function brokenAddon(): string {
  const path = join(dir, 'cap.node');
  writeFileSync(path, 'not an ELF file: the compiler never got this far\n');
  return path;
}

describe('loading cap, an optional dependency', () => {
  it('says a module that is not there is not installed, and how to build it', () => {
    const r = loadCap(join(dir, 'no-such-cap'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/^Live capture needs the "cap" module \(libpcap for Node\), which is not installed \(it is optional/);
      expect(r.reason).toMatch(/npm rebuild cap\.$/);
    }
  });

  it('says a module that fails to load did not load, with the loader\'s reason', () => {
    const r = loadCap(brokenAddon());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/which did not load \(.*(invalid ELF header|file too short|not a valid).*\)/i);
  });

  it('says what cap fixes in the user\'s words: the snaplen, promiscuous mode, and who takes the times', () => {
    expect(CAPTURE_NOTES.join('\n')).toMatch(/65,535 bytes/);
    expect(CAPTURE_NOTES.join('\n')).toMatch(/promiscuous mode/);
    expect(CAPTURE_NOTES.join('\n')).toMatch(/taken by Synfin as each packet reaches it, not by the kernel/);
  });

  it('gives the fix for each platform', () => {
    expect(permissionAdvice('linux', '/opt/Synfin/synfin')).toBe(
      'Capturing needs the cap_net_raw and cap_net_admin capabilities: run as root, or grant them to the program once with: sudo setcap cap_net_raw,cap_net_admin=eip /opt/Synfin/synfin',
    );
    expect(permissionAdvice('darwin')).toMatch(/\/dev\/bpf\*.*ChmodBPF/);
    expect(permissionAdvice('win32')).toMatch(/Npcap \(https:\/\/npcap\.com\)/);
  });
});

describe.skipIf(process.platform !== 'linux')('knowing whether this process may capture (Linux capabilities)', () => {
  it('says root (every capability) may', () => {
    expect(capturePermission('linux', 'Name:\tnode\nCapEff:\t000001ffffffffff\n')).toBeNull();
  });

  it('reads the real status of an unprivileged process as "may not", with the fix', (ctx) => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', '/proc/self/status'], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(`skipped: status of an unprivileged process: setpriv failed (${r.stderr.trim() || 'not root?'})\n`);
      return ctx.skip();
    }
    expect(capturePermission('linux', r.stdout)).toMatch(/^This program has no permission to capture\. Capturing needs the cap_net_raw/);
    // And this process's own status, read for real, agrees with what it is.
    const own = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]!;
    expect(capturePermission('linux') === null).toBe(((BigInt(`0x${own}`) >> 13n) & 1n) === 1n);
  });
});

const CORPUS_FILE = resolve(__dirname, '../../../shared/corpus/pcaps/pcapplusplus/one_tcp_stream.pcap');

describe('the host where cap failed to build', () => {
  it('says capture is unavailable and why, refuses to capture, and still opens files', async () => {
    const host = createHost({ events: { session: () => {}, progress: () => {} }, capModule: brokenAddon() });
    try {
      const a = await host.captureAvailability();
      expect(a.available).toBe(false);
      expect(a.reason).toMatch(/^Live capture needs the "cap" module .* did not load/);
      expect(a.notes).toEqual(CAPTURE_NOTES);
      expect(await host.interfaces()).toEqual({ ok: false, error: a.reason });
      expect(await host.checkCaptureFilter('lo', 'tcp')).toBe(a.reason);
      expect(await host.startCapture({ interface: 'lo', filter: '', packetLimit: null, durationLimitSeconds: null })).toEqual({ ok: false, error: a.reason });
      if (existsSync(CORPUS_FILE)) {
        const opened = await host.openFile(CORPUS_FILE);
        expect(opened.ok).toBe(true);
      }
    } finally {
      await host.dispose();
    }
  });
});
