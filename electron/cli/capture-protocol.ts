/** Messages between `synfin capture`'s main thread (capture.ts) and its worker (capture-worker.ts). */
import type { AnalysisStop } from './capture-analysis';

export type ToCaptureWorker =
  /** Whole pcapng blocks holding `packets` packets (the buffer is transferred). */
  | { kind: 'batch'; blocks: Uint8Array; packets: number }
  /** The capture ended: the summary's reason, and the packets the main thread did not take. */
  | { kind: 'end'; reason: string; dropped: number };

export type FromCaptureWorker =
  /** The -w file was made: events will follow. */
  | { kind: 'ready' }
  /** It could not be: nothing else will follow. */
  | { kind: 'failed'; message: string }
  /** A batch was analysed: `bytes` are no longer waiting. */
  | { kind: 'taken'; bytes: number }
  | { kind: 'stop'; why: AnalysisStop }
  /** The summary was printed; the exit code. */
  | { kind: 'done'; code: number };
