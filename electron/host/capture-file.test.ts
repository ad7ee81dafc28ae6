import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat, copyRecord, payload, readChunked, type SeenPacket, hex } from '../../test/support/capture-vectors';
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import type { ReaderSink } from '../../core/formats/record';
import { readCaptureFile, readCaptureFileSync, readPacketBytes, readPacketBytesAsync } from './capture-file';

const dir = mkdtempSync(join(tmpdir(), 'synfin-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCapture(name: string, packets: number): { path: string; bytes: Uint8Array } {
  const w = new PcapngWriter({ comments: ['host test'] });
  const bytes = concat(w.sectionHeader(), w.interfaceDescription({ linkType: 1, name: 'eth0' }),
    ...Array.from({ length: packets }, (_, i) => w.enhancedPacket({ interfaceId: 0, tsSec: 1_700_000_000 + i, tsNsec: i * 1000, data: payload(20 + (i % 300), i) })));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const collect = (): { sink: ReaderSink; packets: SeenPacket[] } => {
  const packets: SeenPacket[] = [];
  return { sink: { packet: (r) => packets.push(copyRecord(r)) }, packets };
};

const file = writeCapture('host.pcapng', 2000);

describe('readCaptureFile / readCaptureFileSync', () => {
  it('stream the file through a reused buffer, with the same packets whatever the chunk size', async () => {
    const small = writeCapture('small.pcapng', 30);
    for (const [f, sizes] of [[small, [1, 7, 333]], [file, [4096, 65536, undefined]]] as const) {
      const expected = readChunked(f.bytes).packets;
      for (const chunkSize of sizes) {
        const a = collect();
        const s = await readCaptureFile(f.path, a.sink, { chunkSize });
        expect(s).toMatchObject({ path: f.path, fileSize: f.bytes.length, bytes: f.bytes.length, format: 'pcapng', packets: expected.length, error: null, aborted: false });
        expect(a.packets).toEqual(expected);
        const b = collect();
        expect(readCaptureFileSync(f.path, b.sink, { chunkSize })).toMatchObject({ packets: expected.length, error: null, aborted: false });
        expect(b.packets).toEqual(expected);
      }
    }
  });

  it('report progress after every chunk, up to the file size', async () => {
    const seen: [number, number][] = [];
    await readCaptureFile(file.path, { packet() {} }, { chunkSize: 10_000, onProgress: (read, total) => seen.push([read, total]) });
    expect(seen.length).toBe(Math.ceil(file.bytes.length / 10_000));
    expect(seen.every(([, total]) => total === file.bytes.length)).toBe(true);
    expect(seen.map(([read]) => read)).toEqual(seen.map((_, i) => Math.min((i + 1) * 10_000, file.bytes.length)));
  });

  it('start with a small read and double it up to the chunk size, with the same packets', async () => {
    const seen: number[] = [];
    const a = collect();
    const s = await readCaptureFile(file.path, a.sink, { chunkSize: 10_000, firstChunkSize: 1000, onProgress: (read) => seen.push(read) });
    expect(s).toMatchObject({ packets: readChunked(file.bytes).packets.length, error: null, aborted: false });
    expect(a.packets).toEqual(readChunked(file.bytes).packets);
    const sizes = seen.map((read, i) => read - (seen[i - 1] ?? 0));
    expect(sizes.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    await expect(readCaptureFile(file.path, a.sink, { firstChunkSize: 0 })).rejects.toThrow(RangeError);
  });

  it('stop between chunks when aborted, saying so, with the packets read until then', async () => {
    const controller = new AbortController();
    let packets = 0;
    const s = await readCaptureFile(file.path, { packet: () => void packets++ }, {
      chunkSize: 8192,
      onProgress: (read) => { if (read >= 3 * 8192) controller.abort(); },
      signal: controller.signal,
    });
    expect(s).toMatchObject({ aborted: true, error: null, bytes: 3 * 8192 });
    expect(s.packets).toBe(packets);
    expect(packets).toBeGreaterThan(0);
    expect(packets).toBeLessThan(2000);
    expect(s.warningCount).toBe(0); // an abandoned read is not a truncated file
    const sync = readCaptureFileSync(file.path, { packet() {} }, { signal: AbortSignal.abort() });
    expect(sync).toMatchObject({ aborted: true, packets: 0, bytes: 0 });
  });

  it('give the sink nothing more once aborted while a read was under way', async () => {
    const controller = new AbortController();
    const bytesAt: number[] = [];
    let packets = 0;
    const s = await readCaptureFile(file.path, { packet: () => void packets++ }, {
      chunkSize: 8192,
      // Aborts after the next read has started: as closing a file does while it loads.
      onProgress: (read) => { bytesAt.push(read); queueMicrotask(() => controller.abort()); },
      signal: controller.signal,
    });
    expect(s).toMatchObject({ aborted: true, bytes: 8192 });
    expect(bytesAt).toEqual([8192]);
    expect(s.packets).toBe(packets);
  });

  it('give an error value naming the file when it cannot be opened', async () => {
    const missing = join(dir, 'no-such.pcap');
    for (const s of [await readCaptureFile(missing, { packet() {} }), readCaptureFileSync(missing, { packet() {} })]) {
      expect(s).toMatchObject({ packets: 0, format: null, fileSize: 0, error: { kind: 'io', path: missing, offset: 0 } });
      expect(s.error!.message).toContain(missing);
      expect(s.error!.message).toContain('ENOENT');
      expect(s.error!.message).not.toContain('\n');
    }
    const s = await readCaptureFile(dir, { packet() {} }); // a directory opens, but cannot be read
    expect(s.error).toMatchObject({ kind: 'io', path: dir });
    expect(s.error!.message).toContain(dir);
  });

  it('pass on the reader\'s verdict on a damaged file, and stop reading it', async () => {
    const damaged = join(dir, 'damaged.pcapng');
    const cut = file.bytes.length >> 1;
    writeFileSync(damaged, concat(file.bytes.subarray(0, 48), new Uint8Array([6, 0, 0, 0, 43, 0, 0, 0]), new Uint8Array(cut)));
    let progressCalls = 0;
    const s = await readCaptureFile(damaged, { packet() {} }, { chunkSize: 4096, onProgress: () => void progressCalls++ });
    expect(s.error).toMatchObject({ kind: 'malformed', offset: 52 });
    expect(progressCalls).toBe(1); // it stopped at the first chunk instead of reading the rest
  });

  it('read a pipe to its end (the command line reads /dev/stdin and <(…) this way)', () => {
    const fifo = join(dir, 'pipe.pcapng');
    execFileSync('mkfifo', [fifo]);
    // The writer blocks until the pipe is opened for reading, so it runs beside this process.
    const writer = spawn('sh', ['-c', `cat "${file.path}" > "${fifo}"`]);
    const b = collect();
    const s = readCaptureFileSync(fifo, b.sink, { chunkSize: 4096 });
    writer.kill();
    expect(s).toMatchObject({ format: 'pcapng', packets: 2000, error: null });
    expect(b.packets).toEqual(readChunked(file.bytes).packets);
  });

  it('refuse a chunk size that is not a positive integer before opening anything', () => {
    expect(() => readCaptureFileSync(file.path, { packet() {} }, { chunkSize: 0 })).toThrow(RangeError);
  });
});

describe('readPacketBytes', () => {
  const packets = readChunked(file.bytes).packets;

  it('reads a packet back by the offset and length the reader gave, by path or by open file', async () => {
    const fd = openSync(file.path, 'r');
    const fh = await open(file.path, 'r');
    try {
      for (const i of [0, 1, 999, 1999]) {
        const p = packets[i]!;
        for (const r of [readPacketBytes(file.path, p.fileOffset, p.capLen), readPacketBytes(fd, p.fileOffset, p.capLen), await readPacketBytesAsync(fh, p.fileOffset, p.capLen), await readPacketBytesAsync(file.path, p.fileOffset, p.capLen)]) {
          expect(r.ok && hex(r.value)).toEqual(p.data);
        }
      }
      const into = new Uint8Array(4096);
      const r = readPacketBytes(fd, packets[5]!.fileOffset, packets[5]!.capLen, into);
      expect(r.ok && r.value.buffer).toBe(into.buffer);
    } finally {
      closeSync(fd);
      await fh.close();
    }
  });

  it('says so, naming the file and offset, when the file ends inside the packet or cannot be opened', async () => {
    const short = readPacketBytes(file.path, file.bytes.length - 10, 50);
    expect(short).toMatchObject({ ok: false, error: { kind: 'io', path: file.path, offset: file.bytes.length } });
    const shortAsync = await readPacketBytesAsync(file.path, file.bytes.length - 10, 50);
    expect(shortAsync).toMatchObject({ ok: false, error: { offset: file.bytes.length } });
    const missing = readPacketBytes(join(dir, 'gone.pcap'), 0, 10);
    expect(missing.ok || missing.error.message).toContain('gone.pcap');
    expect(readPacketBytes(file.path, -1, 10)).toMatchObject({ ok: false, error: { kind: 'io' } });
  });
});
