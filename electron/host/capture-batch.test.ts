import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InterfaceInfo, PacketRecord, ReaderSink } from '../../core/formats/record';
import { readCaptureFileSync } from './capture-file';
import { CaptureBatcher, captureHeader } from './capture-batch';
import { DeliveryClock } from './capture-clock';
import { CaptureSink } from './capture-sink';
import { epoch, tsharkAvailable, tsharkFields } from '../../test/support/tshark';
import { ONE_TCP_STREAM_SYN, SACK_ACK } from '../../test/builders/vectors';

const dir = mkdtempSync(join(tmpdir(), 'synfin-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sink that keeps copies of what the reader delivers. */
function collector() {
  const packets: { bytes: number[]; tsSec: number; tsNsec: number; fileOffset: number; capLen: number }[] = [];
  const interfaces: InterfaceInfo[] = [];
  const sink: ReaderSink = {
    packet: (r: PacketRecord) => packets.push({ bytes: [...r.bytes.subarray(r.offset, r.offset + r.capLen)], tsSec: r.tsSec, tsNsec: r.tsNsec, fileOffset: r.fileOffset, capLen: r.capLen }),
    interface: (i) => interfaces.push(i),
  };
  return { packets, interfaces, sink };
}

/** A clock whose every reading is 1 µs after the previous, from a known wall time. */
function steppingClock() {
  let mono = 0n;
  return new DeliveryClock(1_700_000_000_123_456_789n, 0n, 1500, { monotonicNs: () => (mono += 1000n), wallMs: () => 0 });
}

describe('capture batches: stamped pcapng blocks, spilled to a file and read back', () => {
  const packets = [ONE_TCP_STREAM_SYN, SACK_ACK, new Uint8Array(1500).fill(7), ONE_TCP_STREAM_SYN];

  function capture(path: string | null, batchSize?: number) {
    const clock = steppingClock();
    const { writer, header } = captureHeader({ device: 'eth9', description: 'Test NIC', linkType: 1, clock, started: new Date(0) });
    const seen = collector();
    const sink = CaptureSink.create({ path, exclusive: true }, header, seen.sink);
    if (!sink.ok) throw new Error(sink.error);
    const sizes: number[] = [];
    const batcher = new CaptureBatcher(writer, clock, (blocks, n) => {
      sizes.push(n);
      const r = sink.value.append(blocks, n);
      if (!r.ok) throw new Error(r.error);
    }, batchSize);
    for (const p of packets) batcher.add(p);
    batcher.flush();
    return { seen, sizes, sink: sink.value, summary: sink.value.end() };
  }

  it('reads every packet back whole, at the offset the file holds it, stamped in delivery order', () => {
    const path = join(dir, 'roundtrip.pcapng');
    const { seen, summary, sink } = capture(path);
    expect(summary).toMatchObject({ format: 'pcapng', packets: 4, error: null, warningCount: 0 });
    expect(seen.packets.map((p) => p.bytes)).toEqual(packets.map((p) => [...p]));
    const file = readFileSync(path);
    expect(file.length).toBe(sink.bytes);
    for (const p of seen.packets) expect([...file.subarray(p.fileOffset, p.fileOffset + p.capLen)]).toEqual(p.bytes);
    // One reading per packet, 1 µs apart, from the anchor (which the clock read first).
    expect(seen.packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([1, 2, 3, 4].map((k) => [1_700_000_000, 123_456_789 + 1000 * k]));
    expect(seen.interfaces).toEqual([expect.objectContaining({
      name: 'eth9', description: 'Test NIC — packet times taken by Synfin at delivery, not by the kernel', linkType: 1, snapLen: 65535, tsUnitsPerSecond: 1e9,
    })]);
  });

  it('sends a full batch before the packet that would not fit, and never splits a block', () => {
    const { seen, sizes } = capture(null, 1600);
    expect(sizes).toEqual([2, 1, 1]);
    expect(seen.packets).toHaveLength(4);
  });

  it('leaves a file that is valid up to its last whole block when cut anywhere (an app killed mid-write)', () => {
    const path = join(dir, 'cut.pcapng');
    capture(path);
    const whole = statSync(path).size;
    truncateSync(path, whole - 50); // inside the last packet's block (of 100 bytes)
    const seen = collector();
    const read = readCaptureFileSync(path, seen.sink);
    expect(read.error).toBeNull();
    expect(read.packets).toBe(3);
    expect(read.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/truncated|cut|ends/i)]);
  });

  it.skipIf(!tsharkAvailable())('writes what tshark reads: times to the nanosecond, and the interface says how packets were timed', () => {
    const path = join(dir, 'tshark.pcapng');
    const { seen } = capture(path);
    const rows = tsharkFields(path, ['frame.time_epoch', 'frame.len', 'frame.interface_name', 'frame.interface_description']);
    expect(rows.map((r) => r[0])).toEqual(seen.packets.map((p) => epoch(p.tsSec, p.tsNsec)));
    expect(rows.map((r) => Number(r[1]))).toEqual(packets.map((p) => p.length));
    expect(rows[0]!.slice(2)).toEqual(['eth9', 'Test NIC — packet times taken by Synfin at delivery, not by the kernel']);
    const comments = new TextDecoder().decode(readFileSync(path));
    expect(comments).toContain('Packet times were taken by Synfin when each packet was delivered to it, not by the kernel');
    expect(comments).toContain('Live capture by Synfin on eth9, started 1970-01-01T00:00:00.000Z.');
  });

  it('refuses to write over an existing spill file', () => {
    const path = join(dir, 'exists.pcapng');
    capture(path);
    const { header } = captureHeader({ device: 'eth9', description: null, linkType: 1, clock: steppingClock(), started: new Date(0) });
    const again = CaptureSink.create({ path, exclusive: true }, header, collector().sink);
    expect(again).toEqual({ ok: false, error: `cannot create ${path}: EEXIST` });
  });
});
