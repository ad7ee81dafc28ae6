/**
 * Reading a capture for a CLI command: the file through the engine's pipeline, a progress line on
 * a terminal, and the outcome as the exit code and one-line messages of DESIGN.md.
 */
import { PacketPipeline, type FrameHandler } from '../../core/pipeline';
import type { TcpTracker } from '../../core/tcp/tracker';
import { readCaptureFileSync, type FileReadSummary } from '../host/capture-file';
import { openColdStore } from '../host/cold-file';
import { ProgressLine } from './progress';
import type { CliIo } from './io';

export interface ReadOutcome {
  summary: FileReadSummary;
  tracker: TcpTracker;
  /** Frames read. */
  frames: number;
}

/** Notes and warnings printed per file; past this only how many more there were. */
export const MAX_MESSAGES = 20;

/**
 * The pipeline a command reads with: connections not seen for a while go to a temporary file
 * (TcpTracker's cold store), so a capture of millions of connections stays within memory. Where
 * the file cannot be made or written, they are kept compact in memory instead, with a warning:
 * the output is the same.
 */
export function commandPipeline(io: CliIo, onFrame: FrameHandler): PacketPipeline {
  const cold = openColdStore((why) => warn(io, `${why}; connections not seen for a while are kept in memory instead`));
  return new PacketPipeline(onFrame, { cold });
}

export function readCapture(io: CliIo, path: string, pipeline: PacketPipeline): ReadOutcome {
  const progress = new ProgressLine(io.progress, path);
  const summary = readCaptureFileSync(path, pipeline, {
    onProgress: (bytes, total) => progress.update(bytes, total, pipeline.frames, pipeline.tracker.connectionCount),
  });
  progress.done();
  return { summary, tracker: pipeline.tracker, frames: pipeline.frames };
}

export function warn(io: CliIo, message: string): void {
  io.message(`synfin: warning: ${message}`);
}

export function fail(io: CliIo, message: string): void {
  io.message(`synfin: ${message}`);
}

/**
 * Prints the reader's warnings and the tracker's notes on stderr, then returns the exit code:
 * 2 when reading stopped at an error (one line naming the file and the offset), else 0.
 */
export function finish(io: CliIo, path: string, o: ReadOutcome, showNotes: boolean): number {
  const { summary } = o;
  summary.warnings.forEach((w) => warn(io, `${path}: ${w.message}`));
  if (summary.warningCount > summary.warnings.length) warn(io, `${path}: ${summary.warningCount - summary.warnings.length} more warnings`);
  if (showNotes) {
    let shown = 0;
    let more = 0;
    for (const c of o.tracker.notedConnections()) {
      for (const n of c.notes) {
        if (shown < MAX_MESSAGES) warn(io, `${path}: stream ${c.stream}, frame ${n.frame}: ${n.message}`);
        else more++;
        shown++;
      }
      more += c.notesDropped;
    }
    if (more > 0) warn(io, `${path}: ${more} more notes about the connections`);
  }
  if (summary.error) {
    fail(io, summary.error.message.includes(path) ? summary.error.message : `${path}: ${summary.error.message}`);
    return 2;
  }
  if (summary.format === null) {
    fail(io, `${path}: not a capture file this reader knows (pcap, pcapng or snoop)`);
    return 2;
  }
  return 0;
}
