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
  it('does not ask whether stderr is a terminal of a read that ends within a second (io.ts loads node:tty only then)', () => {
    let t = 0;
    let asked = 0;
    const out = { get isTTY() { asked++; return true; }, write: () => true };
    const p = new ProgressLine(out, 'x.pcap', () => t);
    for (t = 0; t < 1000; t += 100) p.update(t, 1000, t, 1);
    expect(asked).toBe(0);
    t = 1000;
    p.update(1000, 1000, 1000, 1);
    expect(asked).toBe(1);
  });
});
