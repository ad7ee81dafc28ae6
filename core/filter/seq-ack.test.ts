import { describe, expect, it } from 'vitest';
import { SeqAckScanner } from './seq-ack';
import { StoreBuilder } from '../../test/filter/store-builder';
import type { TcpPart } from '../../test/filter/store-builder';

/** Which packets (frame numbers) carry the SEQ/ACK analysis tree. */
function carriers(packets: TcpPart[]): number[] {
  const b = new StoreBuilder().withStream(0).withStream(1);
  for (const tcp of packets) b.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp });
  const bits = new SeqAckScanner().advance(b.store, b.store.length);
  return packets.map((_, i) => i + 1).filter((f) => bits[f - 1]);
}
const c = (flags: string, seq: number, ack: number, len = 0, extra: Partial<TcpPart> = {}): TcpPart => ({ stream: 0, fromClient: true, flags, seq, ack, len, ...extra });
const s = (flags: string, seq: number, ack: number, len = 0, extra: Partial<TcpPart> = {}): TcpPart => ({ stream: 0, fromClient: false, flags, seq, ack, len, ...extra });

describe('packets with a SEQ/ACK analysis tree (where tshark -2 shows tcp.analysis.initial_rtt)', () => {
  it('gives it to the SYN-ACK and the ACK that acknowledge the SYN and the SYN-ACK, not to the SYN', () => {
    expect(carriers([c('S', 100, 0), s('SA', 500, 101), c('A', 101, 501)])).toEqual([2, 3]);
  });

  it('gives it to data, and to an ACK of the end of that data, but not to a FIN that acknowledges nothing new', () => {
    const open = [c('S', 100, 0), s('SA', 500, 101), c('A', 101, 501)];
    // 4: data; 5: data acknowledging 4; 6: FIN acknowledging what 5 already did; 7: ACK of 5; 8: FIN acknowledging 6.
    expect(carriers([...open, c('PA', 101, 501, 377), s('PA', 501, 478, 441), s('FA', 942, 478), c('A', 478, 942), c('FA', 478, 943)])).toEqual(
      [2, 3, 4, 5, 7, 8],
    );
  });

  it('does not give it to an ACK of part of a segment', () => {
    expect(carriers([c('S', 100, 0), s('SA', 500, 101), c('PA', 101, 501, 100), s('A', 501, 151), s('A', 501, 201)])).toEqual([2, 3, 5]);
  });

  it('gives it to every packet with an analysis flag', () => {
    expect(carriers([c('A', 100, 0, 0, { analysis: ['duplicate_ack'] }), c('A', 100, 0)])).toEqual([1]);
  });

  it('stops counting bytes in flight after a lost segment until the other side acknowledges', () => {
    const open = [c('S', 100, 0), s('SA', 500, 101), c('A', 101, 501)];
    const lost = c('PA', 201, 501, 50, { analysis: ['lost_segment'] });
    expect(carriers([...open, lost, c('PA', 251, 501, 50), s('A', 501, 101), c('PA', 301, 501, 50)])).toEqual([2, 3, 4, 7]);
  });

  it('applies an acknowledgement number even without the ACK flag, as Wireshark does', () => {
    // The SYN's zero acknowledgement lies more than 2^31 behind the SYN-ACK's end, so it retires
    // the SYN-ACK seen before it: the ACK then acknowledges nothing (zeek/handshake-reorder.pcap).
    const isn = 0xa5b00000;
    expect(carriers([s('SA', isn, 101), c('S', 100, 0), c('A', 101, isn + 1)])).toEqual([]);
    expect(carriers([s('SA', 500, 101), c('S', 100, 0), c('A', 101, 501)])).toEqual([3]);
  });

  it('keeps connections apart', () => {
    expect(carriers([c('S', 100, 0), { ...s('SA', 500, 101), stream: 1 }, s('SA', 500, 101)])).toEqual([3]);
  });

  it('scans each packet once however the range is asked for', () => {
    const b = new StoreBuilder().withStream(0);
    for (const tcp of [c('S', 100, 0), s('SA', 500, 101), c('A', 101, 501)]) b.add({ ip: ['10.0.0.1', '10.0.0.2'], tcp });
    const scanner = new SeqAckScanner();
    scanner.advance(b.store, 2);
    scanner.advance(b.store, 1);
    expect(Array.from(scanner.advance(b.store, 3).subarray(0, 3))).toEqual([0, 1, 1]);
  });
});
