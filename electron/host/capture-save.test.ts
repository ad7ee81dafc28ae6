import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../core/formats/record';
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import { NANOSECONDS } from '../../core/formats/ticks';
import { readCaptureFileSync } from './capture-file';
import { saveCapture } from './capture-save';
import { ONE_TCP_STREAM_SYN, SACK_ACK } from '../../test/builders/vectors';
import { tsharkAvailable, tsharkFields } from '../../test/support/tshark';

const dir = mkdtempSync(join(tmpdir(), 'synfin-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PCAP = resolve(__dirname, '../../../shared/corpus/pcaps/pcapplusplus/one_http_stream_fin.pcap');

/** Every packet of a file: bytes, times, original length, link type. */
function contents(path: string) {
  const out: { data: string; ts: string; origLen: number; linkType: number }[] = [];
  const r = readCaptureFileSync(path, {
    packet: (p: PacketRecord) => out.push({
      data: Buffer.from(p.bytes.subarray(p.offset, p.offset + p.capLen)).toString('hex'),
      ts: `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`, origLen: p.origLen, linkType: p.linkType,
    }),
  });
  return { format: r.format, error: r.error, packets: out };
}

/** A small pcapng with nanosecond times and a comment, as a live capture writes. */
function nanoPcapng(path: string, second?: number): void {
  const w = new PcapngWriter({ comments: ['a live capture'] });
  const parts = [w.sectionHeader(), w.interfaceDescription({ linkType: 1, snapLen: 65535, name: 'eth9', tsResolution: NANOSECONDS })];
  if (second !== undefined) parts.push(w.interfaceDescription({ linkType: second, tsResolution: NANOSECONDS }));
  parts.push(w.enhancedPacket({ interfaceId: 0, tsSec: 1_700_000_000, tsNsec: 123_456_789, data: ONE_TCP_STREAM_SYN }));
  parts.push(w.enhancedPacket({ interfaceId: second === undefined ? 0 : 1, tsSec: 1_700_000_000, tsNsec: 123_457_001, data: SACK_ACK }));
  writeFileSync(path, Buffer.concat(parts));
}

describe('Save As', () => {
  it.skipIf(!existsSync(PCAP))('converts a pcap to pcapng and back without changing a packet, a time or a length', async () => {
    const ng = join(dir, 'from-pcap.pcapng');
    const back = join(dir, 'back.pcap');
    expect(await saveCapture({ path: PCAP, format: 'pcap', length: Number.MAX_SAFE_INTEGER }, ng, 'pcapng')).toEqual({ ok: true, value: { packets: 15 } });
    const original = contents(PCAP);
    expect(contents(ng)).toEqual({ ...original, format: 'pcapng' });
    expect((await saveCapture({ path: ng, format: 'pcapng', length: Number.MAX_SAFE_INTEGER }, back, 'pcap')).ok).toBe(true);
    expect(contents(back)).toEqual(original);
    if (tsharkAvailable()) expect(tsharkFields(ng, ['frame.time_epoch'])).toEqual(tsharkFields(PCAP, ['frame.time_epoch']));
  });

  it('copies a file already in the target format byte for byte, up to the length given (a spill file being written)', async () => {
    const src = join(dir, 'spill.pcapng');
    nanoPcapng(src);
    const whole = readFileSync(src);
    const copy = join(dir, 'copy.pcapng');
    expect(await saveCapture({ path: src, format: 'pcapng', length: whole.length }, copy, 'pcapng')).toEqual({ ok: true, value: { packets: null } });
    expect(readFileSync(copy).equals(whole)).toBe(true);
    const firstOnly = join(dir, 'first.pcapng');
    const lastBlock = 32 + ((SACK_ACK.length + 3) & ~3);
    await saveCapture({ path: src, format: 'pcapng', length: whole.length - lastBlock }, firstOnly, 'pcapng');
    expect(contents(firstOnly).packets).toHaveLength(1);
  });

  it('keeps nanoseconds in a pcap saved from a nanosecond capture', async () => {
    const src = join(dir, 'nano.pcapng');
    nanoPcapng(src);
    const out = join(dir, 'nano.pcap');
    expect((await saveCapture({ path: src, format: 'pcapng', length: Number.MAX_SAFE_INTEGER }, out, 'pcap')).ok).toBe(true);
    const c = contents(out);
    expect(c.format).toBe('pcap-nsec');
    expect(c.packets.map((p) => p.ts)).toEqual(['1700000000.123456789', '1700000000.123457001']);
  });

  it('refuses a pcap of two link types, and leaves nothing behind', async () => {
    const src = join(dir, 'two-links.pcapng');
    nanoPcapng(src, 101);
    const out = join(dir, 'two-links.pcap');
    const r = await saveCapture({ path: src, format: 'pcapng', length: Number.MAX_SAFE_INTEGER }, out, 'pcap');
    expect(r).toEqual({ ok: false, error: 'pcap holds one link type per file, and this capture has 1 and 101: save it as pcapng' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('names the directory it cannot write in', async () => {
    const src = join(dir, 'any.pcapng');
    nanoPcapng(src);
    const r = await saveCapture({ path: src, format: 'pcapng', length: 1e9 }, '/nonexistent-dir/x.pcapng', 'pcapng');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^cannot write in \/nonexistent-dir: ENOENT/) });
  });
});
