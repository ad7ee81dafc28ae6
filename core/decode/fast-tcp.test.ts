/**
 * The fast path (fast-tcp.ts) must leave a Dissection exactly as the general decoders do, every
 * field and every array slot, for whatever packet it accepts, and must leave nothing behind that
 * shows when it declines. Checked over every packet of the fixtures and of the shared corpus, and
 * over cut and mutated copies of them, each dissected into a Dissection soiled with junk first:
 * a field the fast path forgot to write keeps its junk and differs.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dissect, dissectGeneral } from './dissect';
import { dissectCommonTcp } from './fast-tcp';
import { Dissection, Proto } from './dissection';
import { LinkType } from './numbers';
import { createCaptureReader } from '../formats/reader';
import { concat, ethernet, ext6, ipv4, ipv6, recordOf, tcp } from '../../test/builders/packets';
import { corpusCaptures, findCorpus, repoRoot } from '../../test/support/corpus';
import { prng } from '../../test/support/prng';

interface Packet { bytes: Uint8Array; origLen: number; linkType: number }

function packetsOf(file: string): Packet[] {
  const packets: Packet[] = [];
  const reader = createCaptureReader({
    packet: (rec) => packets.push({ bytes: rec.bytes.slice(rec.offset, rec.offset + rec.capLen), origLen: rec.origLen, linkType: rec.linkType }),
  });
  reader.push(readFileSync(file));
  reader.end();
  return packets;
}

type Fields = Record<string, unknown>;
const FRESH = new Dissection() as unknown as Fields;
/** IPComp's scratch bytes are not a field the decoders reset; they are compared up to inflatedLength. */
const SCRATCH = new Set(['inflatedBytes', 'inflatedView']);
const FIELDS = Object.keys(FRESH).filter((k) => !SCRATCH.has(k));

/** Fills every field with something no decoder writes, the same each time. */
function soil(d: Dissection): Dissection {
  const fields = d as unknown as Fields;
  for (const k of FIELDS) {
    const val = fields[k];
    if (typeof val === 'number') fields[k] = 7777;
    else if (typeof val === 'boolean') fields[k] = !FRESH[k];
    else if (val instanceof Uint8Array || val instanceof Uint16Array || val instanceof Uint32Array) val.fill(0xab);
  }
  d.problem = { kind: 'malformed', layer: 'link', message: 'junk' };
  return d;
}

function sameArray(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The first field in which two Dissections differ, or null. */
function firstDifference(a: Dissection, b: Dissection): string | null {
  const fa = a as unknown as Fields;
  const fb = b as unknown as Fields;
  for (const k of FIELDS) {
    const x = fa[k];
    const y = fb[k];
    const same = ArrayBuffer.isView(x) && ArrayBuffer.isView(y)
      ? sameArray(x as unknown as ArrayLike<number>, y as unknown as ArrayLike<number>)
      : typeof x === 'object' && x !== null ? JSON.stringify(x) === JSON.stringify(y) : x === y;
    if (!same) return `${k}: ${String(x)} vs ${String(y)}`;
  }
  const n = a.inflatedLength;
  if (n > 0 && !sameArray(a.inflatedBytes!.subarray(0, n), b.inflatedBytes!.subarray(0, n))) return 'inflatedBytes';
  return null;
}

class Comparison {
  taken = 0;
  declined = 0;
  readonly mismatches: string[] = [];
  private readonly probe = new Dissection();
  private readonly fast = new Dissection();
  private readonly general = new Dissection();

  check(label: string, bytes: Uint8Array, linkType: number, capLen: number, origLen: number): void {
    const rec = recordOf(bytes, linkType, { capLen, origLen });
    if (dissectCommonTcp(rec, soil(this.probe))) this.taken++;
    else this.declined++;
    dissect(rec, soil(this.fast));
    dissectGeneral(rec, soil(this.general));
    const fast = this.fast;
    const general = this.general;
    const diff = firstDifference(fast, general);
    if (diff !== null && this.mismatches.length < 10) this.mismatches.push(`${label} (capLen ${capLen}, origLen ${origLen}): ${diff}`);
  }
}

/** Byte values that steer a decoder: version nibbles, header lengths, TCP, EtherTypes' halves, options. */
const STEERING = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x0a, 0x11, 0x22, 0x2c, 0x3c, 0x40, 0x45, 0x46, 0x4f, 0x50, 0x60, 0x81, 0x86, 0x88, 0x91, 0xa8, 0xdd, 0xfe, 0xff];
/** Mutations stay in the first bytes: past the headers a byte changes nothing either path reads. */
const MUTATED_SPAN = 96;

/** Every cut within the headers, or (for the big corpus) `cuts` of them picked at random. */
function compareAll(c: Comparison, label: string, packets: Packet[], random: () => number, mutantsPerPacket: number, cuts = Infinity): void {
  packets.forEach((p, i) => {
    const name = `${label}#${i + 1}`;
    const n = p.bytes.length;
    c.check(name, p.bytes, p.linkType, n, p.origLen);
    // Cut by the snaplen (the wire longer), and the wire itself that short.
    const span = Math.min(n, MUTATED_SPAN);
    for (let k = 0; k < Math.min(span, cuts); k++) {
      const cut = cuts >= span ? k : Math.floor(random() * span);
      c.check(`${name} cut`, p.bytes, p.linkType, cut, p.origLen);
      c.check(`${name} short wire`, p.bytes.subarray(0, cut), p.linkType, cut, cut);
    }
    for (let m = 0; m < mutantsPerPacket; m++) {
      const bytes = p.bytes.slice();
      const changes = 1 + Math.floor(random() * 3);
      for (let k = 0; k < changes && n > 0; k++) {
        const at = Math.floor(random() * Math.min(n, MUTATED_SPAN));
        bytes[at] = random() < 0.5 ? STEERING[Math.floor(random() * STEERING.length)]! : Math.floor(random() * 256);
      }
      // Mostly the recorded wire length; sometimes a longer wire, or a broken record's shorter one.
      const r = random();
      const origLen = r < 0.8 ? p.origLen : r < 0.9 ? n + Math.floor(random() * 64) : Math.floor(random() * n);
      c.check(`${name} mutant ${m}`, bytes, p.linkType, n, origLen);
    }
  });
}

const fixtureDir = join(repoRoot, 'test/fixtures');
const fixtures = readdirSync(fixtureDir).filter((f) => /\.pcap(ng)?$/.test(f)).sort();
const corpus = findCorpus();

describe('the fast TCP path', () => {
  it('fills what the general path fills for every fixture packet, cut and mutated', () => {
    const c = new Comparison();
    const random = prng(11);
    for (const f of fixtures) compareAll(c, f, packetsOf(join(fixtureDir, f)), random, 40);
    expect(c.mismatches).toEqual([]);
    // The fixtures are mostly whole Ethernet/IP/TCP packets: if the fast path took none, it proved nothing.
    expect(c.taken).toBeGreaterThan(1000);
    expect(c.declined).toBeGreaterThan(1000);
  });

  it('fills what the general path fills for VLAN-tagged, IPv6 and option-laden packets it builds itself', () => {
    const c = new Comparison();
    const random = prng(12);
    const options = [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
    const sack = [1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8, 1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];
    const tfo = [34, 6, 1, 2, 3, 4, 254, 4, 0xf9, 0x89, 1, 0];
    const packets = [
      ethernet(0x0800, ipv4({ proto: 6 }, tcp({ options }, new Uint8Array(30))), [{ tpid: 0x88a8, vid: 5 }, { tpid: 0x8100, vid: 6 }]),
      ethernet(0x0800, ipv4({ proto: 6 }, tcp({ options: sack })), [{ tpid: 0x9100, vid: 1 }, { tpid: 0x8100, vid: 2 }, { tpid: 0x8100, vid: 3 }, { tpid: 0x8100, vid: 4 }]),
      ethernet(0x86dd, ipv6({ next: 6 }, tcp({ options: tfo }, new Uint8Array(10)))),
      ethernet(0x86dd, ipv6({ next: 0 }, concat(ext6(6, [1, 4, 0, 0, 0, 0]), tcp({ options })))),
      ethernet(0x0800, ipv4({ proto: 6 }, tcp({ options: [...Array(39).fill(1), 0] }))),
    ].map((bytes) => ({ bytes, origLen: bytes.length, linkType: LinkType.ETHERNET }));
    compareAll(c, 'built', packets, random, 3000);
    expect(c.mismatches).toEqual([]);
    expect(c.taken).toBeGreaterThan(1000);
  });

  it('takes the common packets and declines the rest', () => {
    const whole = ethernet(0x0800, ipv4({ proto: 6 }, tcp({ options: [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2] })));
    const d = new Dissection();
    expect(dissectCommonTcp(recordOf(whole, LinkType.ETHERNET), d)).toBe(true);
    expect([d.proto, d.hasTimestamps, d.tsEcr, d.problem]).toEqual([Proto.TCP, true, 2, null]);
    expect(dissectCommonTcp(recordOf(whole, LinkType.ETHERNET, { capLen: whole.length - 1 }), d)).toBe(false);
    expect(dissectCommonTcp(recordOf(whole, LinkType.LINUX_SLL), d)).toBe(false);
    const udpInIp = ethernet(0x0800, ipv4({ proto: 17 }, new Uint8Array(8)));
    expect(dissectCommonTcp(recordOf(udpInIp, LinkType.ETHERNET), d)).toBe(false);
  });

  it('leaves a wire length above a gigabyte to the general path, and fills what it fills up to there', () => {
    // IPv4 total length 0 (a TSO super-segment): the record's wire length is the only bound, so
    // the payload length comes from it.
    const tso = ethernet(0x0800, ipv4({ proto: 6, total: 0 }, tcp({}, new Uint8Array(40))));
    const GIGABYTE = 2 ** 30;
    const d = new Dissection();
    expect(dissectCommonTcp(recordOf(tso, LinkType.ETHERNET, { origLen: GIGABYTE - 1 }), d)).toBe(true);
    expect(d.payloadLen).toBe(GIGABYTE - 1 - 14 - 20 - 20);
    expect(dissectCommonTcp(recordOf(tso, LinkType.ETHERNET, { origLen: GIGABYTE }), d)).toBe(false);
    const c = new Comparison();
    for (const origLen of [GIGABYTE - 1, GIGABYTE, 2 ** 32 - 1]) c.check('TSO', tso, LinkType.ETHERNET, tso.length, origLen);
    expect(c.mismatches).toEqual([]);
    expect([c.taken, c.declined]).toEqual([1, 2]);
  });

  const title = 'fills what the general path fills for every packet of the shared corpus';
  it.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
    const c = new Comparison();
    const random = prng(13);
    for (const rel of corpusCaptures(corpus!)) {
      let packets: Packet[];
      try {
        packets = packetsOf(join(corpus!, 'pcaps', rel));
      } catch {
        continue; // a capture the reader cannot open has no packets to compare
      }
      compareAll(c, rel, packets.slice(0, 500), random, 4, 4);
    }
    expect(c.mismatches).toEqual([]);
    expect(c.taken).toBeGreaterThan(1000);
  }, 60_000);
});
