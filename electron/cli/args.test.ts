import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

const parsed = (...argv: string[]) => {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const usageError = (...argv: string[]) => {
  const r = parseArgs(argv);
  return r.ok ? null : r.error;
};

describe('synfin command line', () => {
  it('reads flows and packets with --json and --filter in any order', () => {
    expect(parsed('flows', 'a.pcap', '--json')).toEqual({ kind: 'flows', file: 'a.pcap', json: true, filter: null });
    expect(parsed('packets', '--filter', 'tcp.port == 80', 'a.pcap')).toEqual({ kind: 'packets', file: 'a.pcap', json: false, filter: 'tcp.port == 80' });
    expect(parsed('packets', 'a.pcap', '--filter=tcp')).toMatchObject({ filter: 'tcp' });
  });
  it('reads ladder --stream N and refuses a missing or negative stream', () => {
    expect(parsed('ladder', 'a.pcap', '--stream', '3')).toEqual({ kind: 'ladder', file: 'a.pcap', stream: 3, json: false });
    expect(usageError('ladder', 'a.pcap')).toMatch(/--stream N/);
    expect(usageError('ladder', 'a.pcap', '--stream', '-1')).toMatch(/whole number/);
    expect(usageError('ladder', 'a.pcap', '--stream', 'x')).toMatch(/whole number/);
  });
  it('reads capture options', () => {
    expect(parsed('capture', '-i', 'lo', '-f', 'tcp port 80', '-w', 'o.pcapng', '-c', '10', '--duration', '2.5')).toEqual({
      kind: 'capture', iface: 'lo', bpf: 'tcp port 80', out: 'o.pcapng', count: 10, duration: 2.5, json: false,
    });
    expect(usageError('capture')).toMatch(/-i IFACE/);
    expect(usageError('capture', '-i', 'lo', '-c', '0')).toMatch(/≥ 1/);
    expect(usageError('capture', '-i', 'lo', '--duration', 'soon')).toMatch(/seconds/);
  });
  it('names what is wrong with bad usage', () => {
    expect(usageError('flows')).toMatch(/needs a capture FILE/);
    expect(usageError('flows', 'a', 'b')).toMatch(/unexpected argument "b"/);
    expect(usageError('flows', 'a', '--jsn')).toMatch(/unknown option --jsn/);
    expect(usageError('frobnicate')).toMatch(/unknown command "frobnicate"/);
    expect(usageError('flows', 'a', '--filter')).toMatch(/needs a value/);
  });
  it('answers help and version', () => {
    expect(parsed()).toEqual({ kind: 'help', topic: null });
    expect(parsed('flows', '--help')).toEqual({ kind: 'help', topic: 'flows' });
    expect(parsed('--version')).toEqual({ kind: 'version' });
  });
});
