/**
 * A capture where each of `tuples` 4-tuples carries `connectionsPerTuple` connections one after the
 * other (a new SYN with a new ISN after a close, a reset, or nothing), the 4-tuples' packets
 * interleaved at random, so that a 4-tuple is often quiet while hundreds of others go on. With
 * `burst` above 1, each turn of a 4-tuple sends up to that many of its packets in a row, as real
 * captures do; with `land`, every eleventh 4-tuple is an endpoint talking to itself.
 */
import { pcapBytes } from './pcap-writer';
import { prng } from './prng';
import type { Endpoints, Segment } from './tcp-builder';

export interface ReusedTuples {
  seed: number;
  tuples: number;
  connectionsPerTuple: number;
  burst?: number;
  land?: boolean;
}

export function reusedTuples({ seed, tuples, connectionsPerTuple, burst = 1, land = false }: ReusedTuples): Uint8Array {
  const random = prng(seed);
  const queues: { segment: Segment; endpoints: Endpoints }[][] = [];
  for (let k = 0; k < tuples; k++) {
    const clientAddr = [0x0a000000 + (k % 7), 0, 0, k % 3];
    const endpoints: Endpoints = land && k % 11 === 10
      ? { ipVersion: 4, clientAddr, serverAddr: clientAddr, clientPort: 40000 + k, serverPort: 40000 + k }
      : { ipVersion: k % 5 === 0 ? 6 : 4, clientAddr, serverAddr: [0xc0000250, 0, 0, 0], clientPort: 40000 + k, serverPort: 80 };
    const q: Segment[] = [];
    for (let n = 0; n < connectionsPerTuple; n++) {
      const c = (n * 1_000_003 + k * 7919) >>> 0;
      const s = (c * 31 + 17) >>> 0;
      const data = 1 + Math.floor(random() * 3);
      const seg = (from: 'c' | 's', flags: string, seq: number, ack: number, len = 0): Segment => ({ from, flags, seq, ack, len, win: 500, t: 0 });
      q.push(seg('c', 'S', c, 0), seg('s', 'SA', s, c + 1), seg('c', 'A', c + 1, s + 1));
      for (let j = 0; j < data; j++) q.push(seg('c', 'PA', c + 1 + 10 * j, s + 1, 10), seg('s', 'A', s + 1, c + 11 + 10 * j));
      const end = c + 1 + 10 * data;
      const how = random();
      if (how < 0.5) q.push(seg('c', 'FA', end, s + 1), seg('s', 'FA', s + 1, end + 1), seg('c', 'A', end + 1, s + 2));
      else if (how < 0.8) q.push(seg('s', 'R', s + 1, 0));
    }
    queues.push(q.map((segment) => ({ segment, endpoints })));
  }
  const packets: { segment: Segment; endpoints: Endpoints }[] = [];
  let t = 0;
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    const queue = open[Math.floor(random() * open.length)]!;
    const n = burst > 1 ? 1 + Math.floor(random() * burst) : 1;
    for (let i = 0; i < n && queue.length > 0; i++) {
      const next = queue.shift()!;
      next.segment.t = (t += 0.001);
      packets.push(next);
    }
  }
  return pcapBytes(packets);
}
