import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dissect, dissectBytes } from './dissect';
import { Dissection, PROTOCOLS, Proto } from './dissection';
import { LinkType } from './numbers';
import { expectEnumOf } from '../../test/support/enum-of';
import { concat, ethernet, ext6, hex, ipv4, ipv6, recordOf, tcp } from '../../test/builders/packets';

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 274];
// A TCP SYN with options inside two VLAN tags, and an IPv6 one behind a hop-by-hop header.
const V4_SYN = ethernet(0x0800, ipv4({ proto: 6 }, tcp({ options: [2, 4, 5, 180, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0] })), [
  { tpid: 0x88a8, vid: 5 }, { tpid: 0x8100, vid: 6 },
]);
const V6_SYN = ethernet(0x86dd, ipv6({ next: 0 }, concat(ext6(6, [1, 4, 0, 0, 0, 0]), tcp({ options: [2, 4, 5, 180] }))));

/** The Dissection as a reader sees it: arrays only up to their counts. */
const visible = (d: Dissection) => ({
  ...d,
  sack: [...d.sack.subarray(0, d.sackCount * 2)],
  vlanIds: [...d.vlanIds.subarray(0, d.vlanCount)],
  optionKinds: [...d.optionKinds.subarray(0, d.optionCount)],
});

describe('dissect on any input', () => {
  it('never throws and never reads past the captured bytes (the test buffer ends there)', () => {
    const d = new Dissection();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...LINK_TYPES), fc.nat(400), (bytes, lt, extra) => {
        dissect(recordOf(bytes, lt, { origLen: bytes.length + extra }), d);
        expect(d.proto).toBeGreaterThanOrEqual(0);
        expect(d.proto).toBeLessThan(PROTOCOLS.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('says truncated for every cut of a whole packet that lands inside its headers, malformed when the wire is that short', () => {
    const d = new Dissection();
    for (const p of [V4_SYN, V6_SYN]) {
      for (let cap = 0; cap < p.length; cap++) {
        dissect(recordOf(p, LinkType.ETHERNET, { capLen: cap, origLen: p.length }), d);
        expect(d.problem?.kind, `cut at ${cap}`).toBe('truncated');
        dissect(recordOf(p.subarray(0, cap), LinkType.ETHERNET), d);
        expect(d.problem?.kind, `wire of ${cap}`).toBe('malformed');
      }
      dissect(recordOf(p, LinkType.ETHERNET), d);
      expect(d.problem).toBeNull();
    }
  });

  it('resets everything between packets: a reused Dissection carries nothing over', () => {
    const reused = new Dissection();
    const fresh = new Dissection();
    const arp = ethernet(0x0806, hex('0001080006040001001122334455c0a80001000000000000c0a80002'));
    for (const [a, b] of [[V4_SYN, arp], [V6_SYN, V4_SYN], [arp, V6_SYN]] as const) {
      dissectBytes(a, LinkType.ETHERNET, reused);
      dissectBytes(b, LinkType.ETHERNET, reused);
      dissectBytes(b, LinkType.ETHERNET, fresh);
      expect(visible(reused)).toEqual(visible(fresh));
    }
  });

  it('dissectBytes decodes a packet held in its own array', () => {
    const d = new Dissection();
    dissectBytes(V4_SYN, LinkType.ETHERNET, d);
    expect([PROTOCOLS[d.proto], d.mss, d.windowScale, d.vlanCount]).toEqual(['TCP', 1460, 7, 2]);
  });
});

describe('the Proto enum', () => {
  it('gives each protocol label its index in PROTOCOLS, and has no other member', () => {
    expectEnumOf(Proto, PROTOCOLS, (p) => p, (_, i) => i);
  });
});
