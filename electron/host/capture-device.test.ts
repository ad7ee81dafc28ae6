import { describe, expect, it } from 'vitest';
import { classifyOpenError, describeOpenFailure, linkTypeOf, openDevice } from './capture-device';
import { probeDevice } from './capture-probe';
import { capturePermission, loadCap } from './capture-library';

describe('what cap says about a device', () => {
  it('maps cap\'s link type names to LINKTYPE numbers', () => {
    expect(linkTypeOf('ETHERNET')).toBe(1);
    expect(linkTypeOf('LINKTYPE_LINUX_SLL')).toBe(113);
    expect(linkTypeOf('RAW')).toBe(101);
    expect(linkTypeOf('NULL')).toBe(0);
    expect(linkTypeOf('Unknown linktype 276')).toBe(276); // Linux "cooked" v2, e.g. the any device
    expect(linkTypeOf('Unknown linktype 12')).toBe(101); // DLT_RAW on most systems
    expect(linkTypeOf('something new')).toBeNull();
  });

  it('tells permission problems and missing devices apart, in libpcap\'s wording on each platform', () => {
    expect(classifyOpenError("eth0: You don't have permission to perform this capture on that device (socket: Operation not permitted)")).toBe('permission');
    expect(classifyOpenError('(cannot open BPF device) /dev/bpf0: Permission denied')).toBe('permission');
    expect(classifyOpenError('Error opening adapter: Access is denied.  (5)')).toBe('permission');
    expect(classifyOpenError('No such device exists (SIOCGIFHWADDR: No such device)')).toBe('no-device');
    expect(classifyOpenError('eth0: That device is not up')).toBe('other');
    expect(describeOpenFailure('eth0', 'filter', "can't parse filter expression: syntax error")).toEqual({ kind: 'filter', message: "can't parse filter expression: syntax error" });
  });
});

const canCapture = process.platform === 'linux' && loadCap().ok && capturePermission() === null;

describe.skipIf(!canCapture)('checking a capture filter with libpcap (in a child process, on lo)', () => {
  it('accepts a filter libpcap compiles', async () => {
    expect(await probeDevice('cap', 'lo', 'tcp port 80 and host 127.0.0.1')).toEqual({ ok: true, value: undefined });
  });

  it('returns libpcap\'s own message for one it cannot compile', async () => {
    expect(await probeDevice('cap', 'lo', 'tcp port 80 and')).toEqual({ ok: false, error: { kind: 'filter', message: "can't parse filter expression: syntax error" } });
    const r = await probeDevice('cap', 'lo', 'ether host 01:02');
    expect(r.ok ? null : r.error.kind).toBe('filter');
  });

  it('says the device is unknown rather than blame the filter', async () => {
    const r = await probeDevice('cap', 'nosuch0', 'tcp');
    expect(r.ok ? null : r.error).toMatchObject({ kind: 'no-device', message: expect.stringMatching(/^cannot capture on nosuch0: there is no such interface/) });
  });
});

describe.skipIf(!canCapture)('an open device (on lo)', () => {
  it('keeps the buffer cap writes packets into alive, through garbage collections', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    const { createSocket } = await import('node:dgram');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const lib = loadCap();
    if (!lib.ok) throw new Error(lib.reason);
    const port = 20000 + Math.floor(Math.random() * 9000);
    const seen: number[] = [];
    let bad = 0;
    // Only the listener and the handle hold on to anything: no reference to cap's buffer here.
    const opened = openDevice(lib.lib, 'lo', `udp dst port ${port}`, (data) => {
      const payload = data.subarray(data.length - 8);
      const seq = new DataView(payload.buffer, payload.byteOffset).getUint32(0);
      if (new DataView(payload.buffer, payload.byteOffset).getUint32(4) !== (seq ^ 0x5a5a5a5a) >>> 0) bad++;
      seen.push(seq);
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const socket = createSocket('udp4');
    try {
      for (let seq = 0; seq < 400; seq++) {
        const b = Buffer.alloc(8);
        b.writeUInt32BE(seq, 0);
        b.writeUInt32BE((seq ^ 0x5a5a5a5a) >>> 0, 4);
        await new Promise<void>((r) => socket.send(b, port, '127.0.0.1', () => r()));
        if (seq % 20 === 0) {
          gc();
          // Garbage the freed memory would be reused for, if the buffer had been let go.
          for (let k = 0; k < 50; k++) Buffer.alloc(65535, 0xee);
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      socket.close();
      opened.value.close();
    }
    expect(bad).toBe(0);
    expect(seen.length).toBe(400);
  });
});

describe.skipIf(!canCapture)('the kernel buffer behind an open device (on lo)', () => {
  // On an Ethernet-like interface with offloads (veth, most NICs) a slot is 64 KiB and 128 MiB holds
  // 2,046 packets (test/bench/capture.bench.mjs sees no loss at 40 k/s there); lo's 64 KiB MTU
  // makes each slot 128 KiB, so it holds half as many.
  it('holds about 1,000 packets on lo while this thread is busy: 128 MiB in 128 KiB slots', async () => {
    const { spawn } = await import('node:child_process');
    const lib = loadCap();
    if (!lib.ok) throw new Error(lib.reason);
    const port = 20000 + Math.floor(Math.random() * 9000);
    let delivered = 0;
    const opened = openDevice(lib.lib, 'lo', `udp dst port ${port}`, () => delivered++);
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      // Another process sends 4,000 datagrams while this thread is blocked and cannot drain the ring.
      const sender = spawn(process.execPath, ['-e', `
        const s = require('node:dgram').createSocket('udp4'); let n = 0;
        (function go() { for (let i = 0; i < 100 && n < 4000; i++, n++) s.send(Buffer.alloc(16), ${port}, '127.0.0.1');
          if (n < 4000) setImmediate(go); else setTimeout(() => process.exit(0), 200); })();`], { stdio: 'ignore' });
      const exited = new Promise((r) => sender.on('exit', r));
      const blockedUntil = Date.now() + 3000;
      while (Date.now() < blockedUntil) { /* busy: the ring fills */ }
      await exited;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      opened.value.close();
    }
    expect(delivered).toBeGreaterThanOrEqual(1000);
    expect(delivered).toBeLessThan(1100); // and no more: each 16-byte datagram took a whole slot
  });
});
