import { describe, expect, it } from 'vitest';
import { ProgressLine } from './progress';

const sink = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (s: string) => (writes.push(s), true) } };
};

describe('ProgressLine', () => {
  it('stays silent for the first second and when stderr is not a terminal', () => {
    let t = 0;
    const tty = sink(true);
    const p = new ProgressLine(tty.out, 'x.pcap', () => t);
    p.update(10, 100, 5, 1);
    expect(tty.writes).toEqual([]);
    const pipe = sink(false);
    const q = new ProgressLine(pipe.out, 'x.pcap', () => t);
    t = 5000;
    q.update(10, 100, 5, 1);
    expect(pipe.writes).toEqual([]);
  });
  it('draws percent, packets and connections after a second, then clears the line', () => {
    let t = 0;
    const tty = sink(true);
    const p = new ProgressLine(tty.out, 'x.pcap', () => t);
    t = 1500;
    p.update(50, 100, 1234567, 42);
    expect(tty.writes.at(-1)).toContain('x.pcap: 50%  1,234,567 packets, 42 connections');
    p.done();
    expect(tty.writes.at(-1)).toBe('\r\x1b[K');
  });
});
