/**
 * Small captures written as code, shared by the unit tests (which state what each one must show)
 * and by test/tshark/scenarios.test.ts (which asks tshark 4.0 whether the tracker agrees with it on
 * every packet of every scenario). Client ISN 1000 and server ISN 5000 unless a scenario says
 * otherwise; times in seconds, whole microseconds (pcap precision).
 */
import type { Conv } from './tcp-builder';

export type Scenario = (v: Conv) => void;

const data = (v: Conv, from: 'c' | 's', seq: number, ack: number, len: number, t?: number) =>
  (from === 'c' ? v.c('PA', seq, ack, { len, t }) : v.s('PA', seq, ack, { len, t }));

export const SCENARIOS = {
  // Opening.
  'three-way handshake': (v) => v.handshake(),
  'handshake with window scaling': (v) => {
    v.handshake({ ws: [7, 8] });
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1101, { win: 300 });
  },
  'window scale offered by the client only': (v) => {
    v.c('S', 1000, 0, { ws: 7 });
    v.s('SA', 5000, 1001);
    v.c('A', 1001, 5001, { win: 502 });
    v.s('A', 5001, 1001, { win: 700 });
  },
  'unanswered SYN, retransmitted': (v) => {
    v.c('S', 1000, 0, { t: 0 });
    v.c('S', 1000, 0, { t: 1 });
    v.c('S', 1000, 0, { t: 3 });
  },
  'SYN and SYN-ACK retransmitted': (v) => {
    v.c('S', 1000, 0, { t: 0 });
    v.c('S', 1000, 0, { t: 1 });
    v.s('SA', 5000, 1001, { t: 1.01 });
    v.s('SA', 5000, 1001, { t: 2.01 });
    v.c('A', 1001, 5001, { t: 2.02 });
  },
  'refused (SYN answered by RST,ACK)': (v) => {
    v.c('S', 1000, 0);
    v.s('RA', 0, 1001, { win: 0 });
  },
  'SYN-ACK with the wrong ack': (v) => {
    v.c('S', 1000, 0);
    v.s('SA', 5000, 1234);
  },
  'simultaneous open': (v) => {
    v.c('S', 1000, 0);
    v.s('S', 5000, 0);
    v.c('SA', 1000, 5001);
    v.s('SA', 5000, 1001);
  },
  'SYN-ACK first, then the SYN (reordered)': (v) => {
    v.s('SA', 5000, 1001);
    v.c('S', 1000, 0);
    v.c('A', 1001, 5001);
    data(v, 'c', 1001, 5001, 50);
  },
  'picked up mid-stream': (v) => {
    data(v, 's', 5001, 1001, 200);
    v.c('A', 1001, 5201);
    data(v, 'c', 1001, 5201, 30);
  },

  // Closing.
  'four-way close': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001);
    v.s('A', 5001, 1002);
    v.s('FA', 5001, 1002);
    v.c('A', 1002, 5002);
  },
  'three-way close (FIN+ACK acknowledges the FIN)': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001);
    v.s('FA', 5001, 1002);
    v.c('A', 1002, 5002);
  },
  'simultaneous close': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001);
    v.s('FA', 5001, 1001);
    v.c('A', 1002, 5002);
    v.s('A', 5002, 1002);
  },
  'half-close with data after the FIN': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001);
    v.s('A', 5001, 1002);
    data(v, 's', 5001, 1002, 300);
    v.c('A', 1002, 5301);
    data(v, 's', 5301, 1002, 200);
    v.c('A', 1002, 5501);
  },
  'FIN acknowledged beyond the FIN': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001);
    v.s('A', 5001, 1003);
  },
  'FIN retransmitted': (v) => {
    v.handshake();
    v.c('FA', 1001, 5001, { t: 1 });
    v.c('FA', 1001, 5001, { t: 1.3 });
    v.s('FA', 5001, 1002, { t: 1.31 });
    v.c('A', 1002, 5002, { t: 1.32 });
  },
  'reset after the handshake': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 10);
    v.s('R', 5001, 0, { win: 0 });
  },
  'RST outside the window is ignored': (v) => {
    v.handshake();
    v.s('R', 900_000, 0, { win: 0 });
    data(v, 'c', 1001, 5001, 10);
  },
  'open at the end of the capture': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1101);
  },

  // Numbering.
  'new ISN on the same ports opens a new stream': (v) => {
    v.handshake();
    v.c('S', 3000, 0, { t: 10 });
    v.s('SA', 7000, 3001, { t: 10.01 });
    v.c('A', 3001, 7001, { t: 10.02 });
  },
  'SYN-ACK at another ISN than the base re-bases it': (v) => {
    v.c('S', 1000, 0);
    v.s('RA', 0, 1000, { win: 0 });
    v.s('SA', 5000, 1001);
    v.c('A', 1001, 5001);
  },
  'mid-stream pickup, then a SYN from the other side': (v) => {
    data(v, 'c', 1001, 5001, 10);
    v.s('A', 5001, 1011);
    v.s('S', 9000, 0, { t: 5 });
  },

  // Analysis flags.
  'retransmission': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100, 1);
    data(v, 'c', 1001, 5001, 100, 1.3);
  },
  'fast retransmission': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100, 1);
    data(v, 'c', 1101, 5001, 100, 1.001);
    data(v, 'c', 1201, 5001, 100, 1.002);
    v.s('A', 5001, 1101, { t: 1.05 });
    v.s('A', 5001, 1101, { t: 1.051 });
    v.s('A', 5001, 1101, { t: 1.052 });
    data(v, 'c', 1101, 5001, 100, 1.055);
  },
  'spurious retransmission': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100, 1);
    v.s('A', 5001, 1101, { t: 1.05 });
    data(v, 'c', 1001, 5001, 100, 1.4);
  },
  'out of order': (v) => {
    v.c('S', 1000, 0, { t: 0 });
    v.s('SA', 5000, 1001, { t: 0.05 });
    v.c('A', 1001, 5001, { t: 0.1 });
    data(v, 'c', 1101, 5001, 100, 1);
    data(v, 'c', 1001, 5001, 100, 1.002);
  },
  'lost segment and ACKed unseen segment': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    data(v, 'c', 1201, 5001, 100);
    v.s('A', 5001, 1401);
    v.s('A', 5001, 1501);
  },
  'duplicate ACKs': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1101);
    v.s('A', 5001, 1101);
    v.s('A', 5001, 1101);
  },
  'keep-alive and its ACK': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100, 1);
    v.s('A', 5001, 1101, { t: 1.01 });
    v.c('A', 1100, 5001, { t: 60 });
    v.s('A', 5001, 1101, { t: 60.01 });
  },
  'zero window, probe, window update': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1101, { win: 0 });
    data(v, 'c', 1101, 5001, 1, 1);
    v.s('A', 5001, 1101, { win: 0, t: 1.01 });
    v.s('A', 5001, 1101, { win: 4000, t: 2 });
  },
  'one byte at nextseq into an open window is data, not a probe': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1101);
    data(v, 'c', 1101, 5001, 1, 1);
  },
  'window full': (v) => {
    v.handshake();
    v.s('A', 5001, 1001, { win: 300 });
    data(v, 'c', 1001, 5001, 100);
    data(v, 'c', 1101, 5001, 200);
  },
  'window full with scaling': (v) => {
    v.handshake({ ws: [2, 3] });
    v.s('A', 5001, 1001, { win: 100 });
    data(v, 'c', 1001, 5001, 400);
    data(v, 'c', 1401, 5001, 400);
  },
  'after an ACKed unseen segment the next retransmission is fast': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 274, 1);
    v.s('A', 5001, 1275, { t: 1.0001 });
    v.s('FA', 5001, 1275, { t: 1.0007 });
    data(v, 'c', 1275, 5001, 1440, 1.08);
    v.s('FA', 5001, 2723, { t: 1.0804 });
  },
  'duplicate ACK count restarts after an ACKed unseen segment': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100);
    v.s('A', 5001, 1201);
    v.c('A', 1201, 5001);
    v.c('A', 1201, 5001);
    v.c('A', 1201, 5001);
  },
  'ACKed unseen segment reported once while the data is contiguous': (v) => {
    v.handshake();
    data(v, 'c', 1001, 5001, 100, 1);
    v.s('A', 5001, 1111, { t: 1.001 });
    v.s('A', 5001, 1201, { t: 1.1 });
    data(v, 'c', 1201, 5001, 100, 1.11);
    v.s('A', 5001, 1301, { t: 1.111 });
  },
  'spurious wins over out of order; a FIN again is a retransmission': (v) => {
    v.c('S', 1000, 0, { t: 0 });
    v.s('SA', 5000, 1001, { t: 0.1 });
    v.c('A', 1001, 5001, { t: 0.2 });
    data(v, 'c', 1001, 5001, 100, 0.3);
    data(v, 'c', 1101, 5001, 100, 0.3001);
    v.s('A', 5001, 1201, { t: 0.3002 });
    data(v, 'c', 1001, 5001, 100, 0.3003);
    v.c('FA', 1201, 5001, { t: 0.5 });
    v.c('FA', 1201, 5001, { t: 0.5001 });
  },
  'stale SYN-ACK answered by RST, then the SYN again': (v) => {
    v.c('S', 1000, 0, { t: 0 });
    v.s('SA', 5000, 7777, { t: 0.1 });
    v.c('R', 7777, 0, { t: 0.101, win: 0 });
    v.c('S', 1000, 0, { t: 1 });
    v.s('SA', 5000, 1001, { t: 1.1 });
    v.c('A', 1001, 5001, { t: 1.2 });
    data(v, 'c', 1001, 5001, 10, 1.3);
  },
  'window scale above 14 is used as 14': (v) => {
    v.handshake({ ws: [15, 2] });
    v.c('A', 1001, 5001, { win: 3 });
  },
  'data on the SYN (TCP Fast Open)': (v) => {
    v.c('S', 1000, 0, { len: 20 });
    v.s('SA', 5000, 1021);
    v.c('A', 1021, 5001);
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

/** A scenario run on its own tracker. */
export function play(name: ScenarioName, conv: Conv): Conv {
  SCENARIOS[name](conv);
  return conv;
}
