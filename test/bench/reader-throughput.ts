/**
 * Reader throughput: records per second (of CPU time) on a file of small records made with the writers, read
 * in place through the push reader with a 4 MiB chunk, as the host reads files.
 *
 *   node scripts/bench-reader.mjs [records] [packetBytes]
 */
import { createCaptureReader } from '../../core/formats/reader';
import { PcapWriter } from '../../core/formats/pcap-writer';
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import type { PacketRecord } from '../../core/formats/record';

const CHUNK = 4 * 1024 * 1024;
const ROUNDS = 5;

function makeFile(format: 'pcap' | 'pcapng', records: number, size: number): Uint8Array {
  const data = new Uint8Array(size).map((_, i) => i);
  const p = { interfaceId: 0, tsSec: 1_700_000_000, tsNsec: 0, data };
  if (format === 'pcap') {
    const w = new PcapWriter({ linkType: 1, nanosecond: true });
    const head = w.fileHeader();
    const out = new Uint8Array(head.length + records * w.recordLength(p));
    out.set(head);
    let at = head.length;
    for (let i = 0; i < records; i++) {
      p.tsNsec = i % 1_000_000_000;
      at += w.packetInto(p, out, at);
    }
    return out;
  }
  const w = new PcapngWriter();
  const head = [w.sectionHeader(), w.interfaceDescription({ linkType: 1, tsResolution: { base: 10, exponent: 9 } })];
  const headLen = head.reduce((n, h) => n + h.length, 0);
  const out = new Uint8Array(headLen + records * w.enhancedPacketLength(p));
  let at = 0;
  for (const h of head) {
    out.set(h, at);
    at += h.length;
  }
  for (let i = 0; i < records; i++) {
    p.tsNsec = i % 1_000_000_000;
    at += w.enhancedPacketInto(p, out, at);
  }
  return out;
}

function readOnce(file: Uint8Array): { records: number; ms: number; check: number } {
  let records = 0;
  let check = 0;
  const reader = createCaptureReader({
    packet(r: PacketRecord) {
      records++;
      check = (check + r.capLen + r.tsNsec + r.bytes[r.offset]!) | 0; // touch what an engine would
    },
  });
  // CPU time, not wall time: the machines this runs on are shared, and a busy neighbour would
  // otherwise be measured as a slow reader.
  const t0 = process.cpuUsage();
  for (let at = 0; at < file.length; at += CHUNK) reader.push(file.subarray(at, Math.min(file.length, at + CHUNK)));
  const s = reader.end();
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  if (s.error || s.packets !== records) throw new Error(`bench file misread: ${JSON.stringify(s)}`);
  return { records, ms, check };
}

const records = Number(process.argv[2] ?? 5_000_000);
const size = Number(process.argv[3] ?? 60);
for (const format of (process.argv[4]?.split(',') ?? ['pcap', 'pcapng']) as ('pcap' | 'pcapng')[]) {
  const file = makeFile(format, records, size);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { records: n, ms } = readOnce(file);
    rates.push(n / (ms / 1000));
  }
  rates.sort((a, b) => a - b);
  const mb = file.length / 2 ** 20;
  console.log(`${format.padEnd(6)} ${records} records of ${size} bytes (${mb.toFixed(0)} MiB): median ${(rates[ROUNDS >> 1]! / 1e6).toFixed(1)} M records/s, best ${(rates[ROUNDS - 1]! / 1e6).toFixed(1)} M records/s`);
}
