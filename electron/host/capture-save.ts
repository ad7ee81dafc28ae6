/**
 * Save As: the open capture (a file, or a live capture's spill file) written to a new file as
 * pcapng or pcap. Bytes are copied as they are when the format already matches, converted through
 * the reader and the writers otherwise. Only the first `length` bytes of the source are used, so a
 * spill file still growing is saved as it stood (whole blocks only). The result appears under its
 * name only once complete: it is written beside the target and renamed over it.
 */
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createCaptureReader } from '../../core/formats/reader';
import type { InterfaceInfo, PacketRecord, ReaderSink } from '../../core/formats/record';
import { PcapWriter } from '../../core/formats/pcap-writer';
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import { NANOSECONDS, type TsResolution } from '../../core/formats/ticks';
import { type Result, err, ok } from '../../core/result';

export type SaveFormat = 'pcapng' | 'pcap';

export interface SaveSource {
  path: string;
  /** The reader's name for the source's format ('pcapng', 'pcap', 'pcap-nsec', …). */
  format: string;
  /** Bytes of the source to save (a spill file may be longer by a batch being written). */
  length: number;
}

const CHUNK_BYTES = 4 << 20;
/** Formats whose bytes are already what Save As would write for each target. */
const SAME_BYTES: Record<SaveFormat, readonly string[]> = { pcapng: ['pcapng'], pcap: ['pcap', 'pcap-nsec'] };

export async function saveCapture(source: SaveSource, target: string, format: SaveFormat): Promise<Result<{ packets: number | null }, string>> {
  const partial = join(dirname(target), `.${basename(target)}.synfin-${process.pid}.partial`);
  let src: FileHandle | null = null;
  let dst: FileHandle | null = null;
  try {
    try {
      src = await open(source.path, 'r');
    } catch (e) {
      return err(`cannot read ${source.path}: ${reason(e)}`);
    }
    try {
      dst = await open(partial, 'w', 0o644);
    } catch (e) {
      return err(`cannot write in ${dirname(target)}: ${reason(e)}`);
    }
    const copy = SAME_BYTES[format].includes(source.format);
    const converter = copy ? null : new Converter(format);
    const reader = converter ? createCaptureReader(converter) : null;
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (let offset = 0; offset < source.length; ) {
      const { bytesRead } = await src.read(buffer, 0, Math.min(buffer.length, source.length - offset), offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const chunk = buffer.subarray(0, bytesRead);
      if (!reader || !converter) {
        await writeAll(dst, chunk);
        continue;
      }
      reader.push(chunk);
      if (converter.error) return err(converter.error);
      for (const out of converter.take()) await writeAll(dst, out);
    }
    if (reader && converter) {
      const summary = reader.end();
      if (summary.error && summary.packets === 0) return err(`cannot convert ${source.path}: ${summary.error.message}`);
      for (const out of converter.take()) await writeAll(dst, out);
    }
    await dst.sync();
    await dst.close();
    dst = null;
    await rename(partial, target);
    return ok({ packets: converter ? converter.packets : null });
  } catch (e) {
    return err(`cannot save ${target}: ${reason(e)}`);
  } finally {
    await src?.close().catch(() => undefined);
    if (dst) await dst.close().catch(() => undefined);
    await rm(partial, { force: true }).catch(() => undefined);
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** A reader sink that writes what it is given in the target format, collecting the output. */
class Converter implements ReaderSink {
  packets = 0;
  error: string | null = null;
  private out: Uint8Array[] = [];
  private readonly comments: string[] = [];
  private readonly interfaces: InterfaceInfo[] = [];
  private pcapng: PcapngWriter | null = null;
  private pcap: PcapWriter | null = null;
  private pcapLinkType = -1;

  constructor(private readonly format: SaveFormat) {}

  take(): Uint8Array[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  fileComment(comment: string): void {
    this.comments.push(comment);
  }

  interface(info: InterfaceInfo): void {
    this.interfaces[info.id] = info;
    if (this.format !== 'pcapng') return;
    const w = this.pcapngWriter();
    // Times arrive as seconds and nanoseconds with any offset applied; the source's resolution
    // (when it is one pcapng can state) keeps them exact without claiming more precision.
    this.out.push(w.interfaceDescription({
      linkType: info.linkType,
      snapLen: info.snapLen,
      ...(info.name !== null ? { name: info.name } : {}),
      ...(info.description !== null ? { description: info.description } : {}),
      tsResolution: resolutionOf(info.tsUnitsPerSecond),
    }));
  }

  packet(rec: PacketRecord): void {
    if (this.error) return;
    const data = rec.bytes.subarray(rec.offset, rec.offset + rec.capLen);
    if (this.format === 'pcapng') {
      this.out.push(this.pcapngWriter().enhancedPacket({
        interfaceId: rec.interfaceId, tsSec: rec.tsSec, tsNsec: rec.tsNsec, data, origLen: rec.origLen,
        ...(rec.comments ? { comments: rec.comments } : {}),
      }));
    } else {
      const w = this.pcapWriter(rec);
      if (!w) return;
      this.out.push(w.packet({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data, origLen: rec.origLen }));
    }
    this.packets++;
  }

  private pcapngWriter(): PcapngWriter {
    if (!this.pcapng) {
      this.pcapng = new PcapngWriter({ comments: this.comments });
      this.out.push(this.pcapng.sectionHeader());
    }
    return this.pcapng;
  }

  /** The pcap writer, made for the first packet's interface; null (with `error`) for a second link type. */
  private pcapWriter(rec: PacketRecord): PcapWriter | null {
    if (!this.pcap) {
      const info = this.interfaces[rec.interfaceId];
      this.pcapLinkType = rec.linkType;
      this.pcap = new PcapWriter({
        linkType: rec.linkType,
        ...(info && info.snapLen > 0 ? { snapLen: info.snapLen } : {}),
        nanosecond: (info?.tsUnitsPerSecond ?? 1e6) > 1e6,
      });
      this.out.push(this.pcap.fileHeader());
    } else if (rec.linkType !== this.pcapLinkType) {
      this.error = `pcap holds one link type per file, and this capture has ${this.pcapLinkType} and ${rec.linkType}: save it as pcapng`;
      return null;
    }
    return this.pcap;
  }
}

/** The pcapng resolution of `units` ticks a second: 10^-n or 2^-n, else nanoseconds (which lose nothing we hold). */
function resolutionOf(units: number): TsResolution {
  for (const base of [10, 2] as const) {
    const exponent = Math.round(Math.log(units) / Math.log(base));
    if (base ** exponent === units && exponent <= 9 * (base === 10 ? 1 : 3)) return { base, exponent };
  }
  return NANOSECONDS;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
