/**
 * The analysing half of `synfin capture`, which runs in a worker thread (capture-worker.ts): the
 * batches the main thread takes from libpcap are appended to the -w file and read back through the
 * engine (CaptureSink), the tracker's verdicts are printed as connection events, and the summary
 * follows when the capture ends. Kept apart from the thread that drains the kernel's ring, so that
 * the engine's first seconds (before the JIT has compiled it, a packet costs some 10 µs) and any
 * pause of the analysis no longer let that ring overflow.
 */
import { CaptureSink } from '../host/capture-sink';
import type { CliIo } from './io';
import { PipeClosed } from './output';
import { commandPipeline, fail, warn } from './read';
import { ConnectionEvents, eventLine, stillOpen } from './capture-events';
import type { PacketPipeline } from '../../core/pipeline';

export interface CaptureAnalysisOptions {
  /** The -w file, or null. */
  out: string | null;
  json: boolean;
  /** The pcapng header of the capture (Section Header and Interface Description blocks). */
  header: Uint8Array;
}

/** Why the analysis asks the capture to stop: the -w file could not be written, or stdout was closed. */
export type AnalysisStop = 'error' | 'closed';

export class CaptureAnalysis {
  private readonly pipeline: PacketPipeline;
  private readonly events: ConnectionEvents;
  private readonly sink: CaptureSink | null;
  /** Why the -w file could not be made, when it could not (then nothing else happens). */
  readonly failure: string | null;
  private readonly json: boolean;
  private writeError: string | null = null;
  private outputClosed = false;

  /** @param onStop called once when the capture should stop (see AnalysisStop). */
  constructor(o: CaptureAnalysisOptions, private readonly io: CliIo, private readonly onStop: (why: AnalysisStop) => void) {
    this.json = o.json;
    this.pipeline = commandPipeline(io, (frame, rec, _d, f) => this.events.frame(frame, rec, f));
    this.events = new ConnectionEvents(this.pipeline.tracker, (e) => this.print(() => io.out.write(o.json ? `${JSON.stringify(e)}\n` : `${eventLine(e)}\n`)));
    const created = CaptureSink.create({ path: o.out, exclusive: false }, o.header, this.pipeline);
    this.sink = created.ok ? created.value : null;
    this.failure = created.ok ? null : created.error;
    if (!created.ok) this.pipeline.tracker.close();
  }

  /** A batch of whole pcapng blocks holding `packets` packets. */
  batch(blocks: Uint8Array, packets: number): void {
    if (this.sink === null || this.writeError !== null) return;
    const r = this.sink.append(blocks, packets);
    if (!r.ok) {
      this.writeError = r.error;
      this.onStop('error');
    }
    this.print(() => this.io.out.flush());
  }

  /**
   * The capture ended (`reason` as the summary words it, `dropped` packets not taken because this
   * analysis fell too far behind): completes the file, prints the summary, returns the exit code.
   */
  end(reason: string, dropped: number): number {
    const sink = this.sink;
    if (sink === null) return 2;
    const summary = sink.end();
    const tracker = this.pipeline.tracker;
    const io = this.io;
    if (dropped > 0) warn(io, `${dropped} packet${dropped === 1 ? '' : 's'} not taken: the analysis could not keep up`);
    if (!this.outputClosed) {
      const n = this.events.counts;
      const open = stillOpen(tracker);
      const file = sink.path;
      this.print(() => {
        if (this.json) {
          io.out.write(`${JSON.stringify({
            event: 'stop', reason, time: Date.now() / 1000, packets: sink.packets, connections: tracker.connectionCount,
            opened: n.open, closed: n.close, reset: n.reset, refused: n.refused, stillOpen: open, file,
          })}\n`);
        } else {
          const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
          io.out.write(`${reason}: ${plural(sink.packets, 'packet')}, ${plural(tracker.connectionCount, 'connection')} ` +
            `(${n.open} opened, ${n.close} closed, ${n.reset} reset, ${n.refused} refused, ${open} still open)` +
            `${file ? `; wrote ${file}` : ''}\n`);
        }
        io.out.flush();
      });
    }
    tracker.close();
    if (this.outputClosed) return 0;
    if (summary.error) fail(io, `${sink.path ?? 'capture'}: ${summary.error.message}`);
    if (this.writeError) {
      fail(io, this.writeError);
      return 2;
    }
    return 0;
  }

  /**
   * Writes to stdout unless its reader went away (`synfin capture --json | head`): then the capture
   * stops quietly, and the -w file is still written to the end.
   */
  private print(write: () => void): void {
    if (this.outputClosed) return;
    try {
      write();
    } catch (e) {
      if (!(e instanceof PipeClosed)) throw e;
      this.outputClosed = true;
      this.onStop('closed');
    }
  }
}
