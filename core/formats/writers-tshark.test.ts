import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat, payload, readChunked } from '../../test/support/capture-vectors';
import { epoch, tsharkAvailable, tsharkEscape, tsharkFields } from '../../test/support/tshark';
import { PcapWriter } from './pcap-writer';
import { PcapngWriter } from './pcapng-writer';

const hasTshark = tsharkAvailable();
const dir = hasTshark ? mkdtempSync(join(tmpdir(), 'synfin-writers-')) : '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** tshark and the reader must agree, frame by frame, on a file the writers made. */
function agree(name: string, file: Uint8Array): void {
  const path = join(dir, name);
  writeFileSync(path, file);
  const ours = readChunked(file);
  expect(ours.summary.error).toBeNull();
  const rows = tsharkFields(path, ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.interface_id', 'frame.interface_name', 'frame.comment', 'frame.protocols']);
  expect(rows.length).toBe(ours.packets.length);
  rows.forEach(([time, len, capLen, ifId, ifName, comment], i) => {
    const p = ours.packets[i]!;
    const iface = ours.interfaces[p.interfaceId]!;
    expect({ time, len: Number(len), capLen: Number(capLen), comment }, `frame ${i + 1}`).toEqual({
      time: epoch(p.tsSec, p.tsNsec), len: p.origLen, capLen: p.capLen, comment: (p.comments ?? []).map(tsharkEscape).join(','),
    });
    if (ifId !== '') expect(Number(ifId)).toBe(p.interfaceId);
    if (iface.name !== null) expect(ifName).toBe(tsharkEscape(iface.name));
  });
}

const title = 'tshark reads what the writers write';
describe.skipIf(!hasTshark)(hasTshark ? title : `${title} (skipped: tshark is not installed)`, () => {
  it('pcapng in both byte orders, with interface names, comments, tsresol and tsoffset', () => {
    for (const littleEndian of [true, false]) {
      const w = new PcapngWriter({ littleEndian, comments: ['made by the writer test'] });
      const file = concat(
        w.sectionHeader(),
        w.interfaceDescription({ linkType: 1, name: 'eth0', description: 'the uplink', tsResolution: { base: 10, exponent: 9 } }),
        w.interfaceDescription({ linkType: 101, name: 'raw\\one', tsResolution: { base: 2, exponent: 20 }, tsOffsetSec: 1_600_000_000 }),
        w.interfaceDescription({ linkType: 1, tsResolution: { base: 10, exponent: 3 } }),
        ...Array.from({ length: 12 }, (_, i) => w.enhancedPacket({
          interfaceId: i % 3, tsSec: 1_700_000_000 + i * 1000, tsNsec: (i * 123_456_789) % 1e9, data: payload(40 + i * 9, i), origLen: 1500,
          comments: i % 4 === 0 ? [`packet ${i}`, 'second, with a comma'] : undefined,
        })),
      );
      agree(`writer-${littleEndian ? 'le' : 'be'}.pcapng`, file);
    }
  });

  it('pcap: µs little-endian and ns big-endian', () => {
    for (const [nanosecond, littleEndian] of [[false, true], [true, false]]) {
      const w = new PcapWriter({ linkType: 1, nanosecond, littleEndian });
      const file = concat(w.fileHeader(), ...Array.from({ length: 8 }, (_, i) => w.packet({ tsSec: 1_000_000_000 + i, tsNsec: i * 111_111_111, data: payload(60 + i, i), origLen: 60 + i * 2 })));
      agree(`writer-${nanosecond ? 'ns' : 'us'}-${littleEndian ? 'le' : 'be'}.pcap`, file);
    }
  });
});
