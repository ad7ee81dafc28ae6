/**
 * Messages between the host (main thread) and the analysis worker: one request/reply pair per
 * AnalysisService method, typed from the service itself, plus the pushes the worker sends.
 */
import type { Progress, SessionInfo } from '../../core/api';
import type { AnalysisService } from './service';

/** The service methods the host may call across the thread boundary. */
export const SERVICE_METHODS = [
  'openFile', 'cancelLoading', 'closeFile', 'info', 'checkFilter', 'setView', 'rowsOf', 'indexOfFrame',
  'connections', 'connection', 'packetDetail', 'ladder',
] as const satisfies readonly (keyof AnalysisService)[];
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export type Args<M extends ServiceMethod> = Parameters<AnalysisService[M]>;
export type Value<M extends ServiceMethod> = Awaited<ReturnType<AnalysisService[M]>>;

export interface Request<M extends ServiceMethod = ServiceMethod> {
  id: number;
  method: M;
  args: Args<M>;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export type Push = { push: 'session'; info: SessionInfo | null } | { push: 'progress'; progress: Progress };

export const isPush = (m: Reply | Push): m is Push => 'push' in m;
