/**
 * Where batches of a live capture go, in the analysis worker and in `synfin capture`: appended to
 * a pcapng file (the spill file, or the CLI's -w file) and then read by the same pcapng reader as
 * files are, so a packet's offset is its offset in that file and the session reads its bytes back
 * from there. Memory stays bounded however long the capture runs.
 *
 * Each batch is whole blocks and goes to the kernel in one write as soon as it arrives, so when the
 * app is killed the file is a valid pcapng up to the last block written (a write cut short by the
 * kill leaves at most one partial block at the end, which readers report as truncated).
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { createCaptureReader } from '../../core/formats/reader';
import type { CaptureReader, ReaderSink, ReadSummary } from '../../core/formats/record';
import { type Result, err, ok } from '../../core/result';

export interface CaptureSinkOptions {
  /** The file to write, or null to analyse only (the CLI without -w). */
  path: string | null;
  /** Refuse to write over an existing file (spill files), rather than replace it (-w). */
  exclusive: boolean;
}

export class CaptureSink {
  private readonly reader: CaptureReader;
  private fd: number;
  /** Bytes written to the file (and read), header included. */
  bytes = 0;
  packets = 0;

  private constructor(readonly path: string | null, fd: number, sink: ReaderSink) {
    this.fd = fd;
    this.reader = createCaptureReader(sink);
  }

  /** Creates the file, writes the header (Section Header and Interface Description) and reads it. */
  static create(options: CaptureSinkOptions, header: Uint8Array, sink: ReaderSink): Result<CaptureSink, string> {
    let fd = -1;
    if (options.path !== null) {
      try {
        fd = openSync(options.path, options.exclusive ? 'wx' : 'w', 0o600);
      } catch (e) {
        return err(`cannot create ${options.path}: ${reason(e)}`);
      }
    }
    const s = new CaptureSink(options.path, fd, sink);
    const wrote = s.write(header);
    if (!wrote.ok) {
      s.close();
      return wrote;
    }
    return ok(s);
  }

  /** Appends a batch of whole blocks to the file, then reads it (the packets reach the sink). */
  append(blocks: Uint8Array, packets: number): Result<void, string> {
    const r = this.write(blocks);
    if (r.ok) this.packets += packets;
    return r;
  }

  private write(blocks: Uint8Array): Result<void, string> {
    if (this.path !== null) {
      if (this.fd < 0) return err(`${this.path} is already closed`);
      try {
        let done = 0;
        while (done < blocks.length) done += writeSync(this.fd, blocks, done, blocks.length - done);
      } catch (e) {
        // The bytes before the failure may be in the file; nothing after them is read, so the
        // session never refers to bytes the file does not hold.
        return err(`cannot write ${this.path}: ${reason(e)}`);
      }
    }
    this.bytes += blocks.length;
    this.reader.push(blocks);
    return ok(undefined);
  }

  /** Ends the read and closes the file (its data flushed to the disk). */
  end(): ReadSummary {
    this.close();
    return this.reader.end();
  }

  private close(): void {
    if (this.fd < 0) return;
    try {
      fdatasyncSync(this.fd);
    } catch {
      // A file system that cannot sync still has the data in the page cache; closing is what matters.
    }
    closeSync(this.fd);
    this.fd = -1;
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ?? (e instanceof Error ? e.message : String(e));
}
