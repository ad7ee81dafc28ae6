/**
 * Messages between the host (main thread) and the analysis worker: one request/reply pair per
 * AnalysisService method and per CaptureFeed method (a live capture's batches and Save As), typed
 * from those classes themselves, plus the pushes the worker sends.
 */
import type { Progress, SessionInfo } from '../../core/api';
import type { AnalysisService } from './service';
import type { CaptureFeed } from './capture-feed';

/** The service methods the host may call across the thread boundary. */
export const SERVICE_METHODS = [
  'openFile', 'cancelLoading', 'closeFile', 'info', 'checkFilter', 'setView', 'rowsOf', 'indexOfFrame',
  'connections', 'connection', 'packetDetail', 'ladder',
] as const satisfies readonly (keyof AnalysisService)[];
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

/** The capture feed's methods: begin, batches (their bytes transferred, not copied), end, Save As. */
export const CAPTURE_METHODS = ['captureBegin', 'captureData', 'captureEnd', 'saveAs'] as const satisfies readonly (keyof CaptureFeed)[];
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

export type WorkerMethod = ServiceMethod | CaptureMethod;
type Target<M extends WorkerMethod> = M extends ServiceMethod ? AnalysisService[M] : M extends CaptureMethod ? CaptureFeed[M] : never;

export type Args<M extends WorkerMethod> = Target<M> extends (...args: infer A) => unknown ? A : never;
export type Value<M extends WorkerMethod> = Target<M> extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface Request<M extends WorkerMethod = WorkerMethod> {
  id: number;
  method: M;
  args: Args<M>;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export type Push = { push: 'session'; info: SessionInfo | null } | { push: 'progress'; progress: Progress };

export const isPush = (m: Reply | Push): m is Push => 'push' in m;
