/**
 * Helpers for the capture-format tests: a byte builder for hand-made (often malformed) vectors,
 * and a sink that copies what a reader delivers so that whole reads can be compared.
 */
import { createCaptureReader } from '../../core/formats/reader';
import type { InterfaceInfo, PacketRecord, ReadSummary } from '../../core/formats/record';

/** Appends fixed-width integers in one byte order; for vectors the writers would refuse to make. */
export class Bytes {
  private readonly parts: number[] = [];

  constructor(private readonly le = true) {}

  u8(...values: number[]): this {
    for (const v of values) this.parts.push(v & 0xff);
    return this;
  }

  u16(...values: number[]): this {
    for (const v of values) {
      if (this.le) this.parts.push(v & 0xff, (v >>> 8) & 0xff);
      else this.parts.push((v >>> 8) & 0xff, v & 0xff);
    }
    return this;
  }

  u32(...values: number[]): this {
    for (const v of values) {
      const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
      this.parts.push(...(this.le ? b.reverse() : b));
    }
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.parts.push(bytes[i]! & 0xff);
    return this;
  }

  text(s: string): this {
    return this.raw(new TextEncoder().encode(s));
  }

  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.parts.push(0);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const concat = (...pieces: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Bytes as hex: compared in one go, even for thousands of packets, and readable in a diff. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

/** A packet as delivered, copied out of the reused record. */
export interface SeenPacket {
  /** The captured bytes, as hex. */
  data: string;
  capLen: number;
  origLen: number;
  fileOffset: number;
  tsSec: number;
  tsNsec: number;
  hasTimestamp: boolean;
  linkType: number;
  interfaceId: number;
  comments: string[] | null;
}

export interface ReadResult {
  packets: SeenPacket[];
  interfaces: InterfaceInfo[];
  fileComments: string[];
  summary: ReadSummary;
}

export function copyRecord(r: PacketRecord): SeenPacket {
  return {
    data: hex(r.bytes.subarray(r.offset, r.offset + r.capLen)), capLen: r.capLen, origLen: r.origLen,
    fileOffset: r.fileOffset, tsSec: r.tsSec, tsNsec: r.tsNsec, hasTimestamp: r.hasTimestamp ?? true,
    linkType: r.linkType, interfaceId: r.interfaceId, comments: r.comments ? [...r.comments] : null,
  };
}

/**
 * Reads `file` through a fresh reader in chunks of `chunkSize` bytes (the whole file when absent).
 * Each chunk is copied into one buffer that is reused for the next, as the host does, so a reader
 * that kept a reference to an old chunk would see it overwritten.
 */
export function readChunked(file: Uint8Array, chunkSize = file.length || 1): ReadResult {
  const result: ReadResult = { packets: [], interfaces: [], fileComments: [], summary: undefined as unknown as ReadSummary };
  const reader = createCaptureReader({
    packet: (r) => result.packets.push(copyRecord(r)),
    interface: (i) => result.interfaces.push({ ...i }),
    fileComment: (c) => result.fileComments.push(c),
  });
  const buffer = new Uint8Array(chunkSize);
  for (let at = 0; at < file.length; at += chunkSize) {
    const n = Math.min(chunkSize, file.length - at);
    buffer.set(file.subarray(at, at + n));
    reader.push(buffer.subarray(0, n));
    buffer.fill(0xee); // what a reused buffer holds next: anything but the old chunk
  }
  result.summary = reader.end();
  return result;
}

/** Reads `file` split into exactly two chunks at `cut`. */
export function readSplit(file: Uint8Array, cut: number): ReadResult {
  const result: ReadResult = { packets: [], interfaces: [], fileComments: [], summary: undefined as unknown as ReadSummary };
  const reader = createCaptureReader({
    packet: (r) => result.packets.push(copyRecord(r)),
    interface: (i) => result.interfaces.push({ ...i }),
    fileComment: (c) => result.fileComments.push(c),
  });
  reader.push(file.slice(0, cut));
  reader.push(file.slice(cut));
  result.summary = reader.end();
  return result;
}

/** Deterministic packet contents: `n` bytes starting at `seed`. */
export const payload = (n: number, seed = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (seed + i * 7) & 0xff);
