import { describe, expect, it } from 'vitest';
import { classifyOpenError, describeOpenFailure, linkTypeOf } from './capture-device';
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
