import { describe, expect, it } from 'vitest';
import { play, type ScenarioName } from '../../test/support/scenarios';
import { Conv } from '../../test/support/tcp-builder';
import { ANALYSIS_FLAGS, analysisBit, type AnalysisFlag } from './vocabulary';
import { Flag } from './analysis';
import { expectEnumOf, upperUnderscored } from '../../test/support/enum-of';

/** Frames (1-based) carrying each flag in a scenario. */
function flagged(name: ScenarioName): Partial<Record<AnalysisFlag, number[]>> {
  const v = play(name, new Conv());
  const out: Partial<Record<AnalysisFlag, number[]>> = {};
  for (const s of v.seen) for (const f of s.analysis) (out[f] ??= []).push(s.frame);
  return out;
}

describe("Wireshark 4.0's analysis flags", () => {
  it('retransmission: data again below nextseq, not yet acknowledged', () => {
    expect(flagged('retransmission')).toEqual({ retransmission: [5] });
  });

  it('fast_retransmission: at the peer\'s duplicate-ACKed number within 20 ms of its last ACK (also a retransmission)', () => {
    expect(flagged('fast retransmission')).toEqual({ duplicate_ack: [8, 9], fast_retransmission: [10], retransmission: [10] });
  });

  it('spurious_retransmission: data the peer had already acknowledged (also a retransmission)', () => {
    expect(flagged('spurious retransmission')).toEqual({ spurious_retransmission: [6], retransmission: [6] });
  });

  it('out_of_order: behind nextseq within the iRTT of its advance', () => {
    expect(flagged('out of order')).toEqual({ lost_segment: [4], out_of_order: [5] });
  });

  it('lost_segment and ack_lost_segment: a hole before a segment, an ACK beyond what was seen', () => {
    expect(flagged('lost segment and ACKed unseen segment')).toEqual({ lost_segment: [5], ack_lost_segment: [6, 7] });
  });

  it('duplicate_ack: an empty segment repeating seq, ack and window', () => {
    expect(flagged('duplicate ACKs')).toEqual({ duplicate_ack: [6, 7] });
  });

  it('keep_alive and keep_alive_ack: one byte before nextseq, and the unchanged ACK that answers it', () => {
    expect(flagged('keep-alive and its ACK')).toEqual({ keep_alive: [6], keep_alive_ack: [7] });
  });

  it('zero_window, zero_window_probe, window_update', () => {
    expect(flagged('zero window, probe, window update')).toEqual({ zero_window: [5, 7], zero_window_probe: [6], window_update: [8] });
    // The same byte into an open window is plain data.
    expect(flagged('one byte at nextseq into an open window is data, not a probe')).toEqual({});
  });

  it('window_full: data up to the right edge of the peer\'s window, scaled or not', () => {
    expect(flagged('window full')).toEqual({ window_update: [4], window_full: [6] });
    expect(flagged('window full with scaling')).toEqual({ window_update: [4], window_full: [6] });
  });

  it('reused_ports: a SYN with a new ISN on a known 4-tuple, and a SYN-ACK that re-bases', () => {
    expect(flagged('new ISN on the same ports opens a new stream')).toEqual({ reused_ports: [4] });
    expect(flagged('SYN-ACK at another ISN than the base re-bases it')).toEqual({ reused_ports: [3] });
  });
});

describe('Wireshark 4.0 quirks kept on purpose (tshark shows them)', () => {
  it('after an ACKed unseen segment the next retransmission within 20 ms is fast (the duplicate count is −1, read unsigned)', () => {
    expect(flagged('after an ACKed unseen segment the next retransmission is fast')).toEqual({
      ack_lost_segment: [8], fast_retransmission: [8], retransmission: [8],
    });
  });

  it('duplicate ACKs count from 1 again after an ACKed unseen segment', () => {
    expect(flagged('duplicate ACK count restarts after an ACKed unseen segment')).toEqual({
      ack_lost_segment: [5], lost_segment: [6], duplicate_ack: [7, 8],
    });
  });

  it('an ACK beyond contiguous data is reported once until the peer moves; a hole is reported again', () => {
    // 5: beyond contiguous data (reported), 6: again (not), 7: data after a hole, 8: beyond the hole (reported).
    expect(flagged('ACKed unseen segment reported once while the data is contiguous')).toEqual({ ack_lost_segment: [5, 8], lost_segment: [7] });
  });

  it('spurious is decided before out of order; a FIN repeated at once is a retransmission (the FIN counts one)', () => {
    expect(flagged('spurious wins over out of order; a FIN again is a retransmission')).toEqual({
      retransmission: [7, 9], spurious_retransmission: [7],
    });
  });

  it('the same SYN again restores nextseq (an RST answering a stale SYN-ACK had moved it)', () => {
    expect(flagged('stale SYN-ACK answered by RST, then the SYN again')).toEqual({
      ack_lost_segment: [2], retransmission: [4, 5],
    });
  });
});

describe('analysis counts', () => {
  it('count each flag per connection', () => {
    const v = play('fast retransmission', new Conv());
    expect(v.conn.analysisCounts).toEqual([1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(play('three-way handshake', new Conv()).conn.analysisCounts).toEqual(new Array(14).fill(0));
  });
});

describe('the Flag enum', () => {
  it('names each analysis flag by its bit, in the vocabulary\'s order, and nothing else', () => {
    expectEnumOf(Flag, ANALYSIS_FLAGS, upperUnderscored, (name) => analysisBit(name as AnalysisFlag));
  });
});
