/**
 * `synfin capture` and `synfin interfaces`: live capture through libpcap. This thread (cap only
 * works on the main thread: see capture-device.ts) takes the packets, stamps and batches them as
 * pcapng blocks, and posts each batch to a worker thread, which appends it to the -w file, reads it
 * back through the engine and prints the tracker's verdicts as one line (or one JSON object) per
 * connection event (capture-analysis.ts). So nothing the analysis does holds up the draining of
 * the kernel's ring: in this thread a packet costs a copy.
 *
 * Stops on -c, --duration, Ctrl-C or SIGTERM; the file is then complete and a summary follows.
 * Exit codes: 0 stopped normally (Ctrl-C included), 1 bad usage, 2 device, filter or file errors.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatTable, type Column } from './table';
import type { Command } from './args';
import type { CliIo } from './io';
import { fail } from './read';
import type { CaptureInterface } from '../../core/api';
import { BATCH_INTERVAL_MS, CaptureBatcher, captureHeader, MAX_IN_FLIGHT_BYTES } from '../host/capture-batch';
import { DeliveryClock } from '../host/capture-clock';
import { openDevice } from '../host/capture-device';
import { listInterfaces } from '../host/capture-interfaces';
import { loadCap } from '../host/capture-library';
import type { CaptureAnalysisOptions } from './capture-analysis';
import type { FromCaptureWorker, ToCaptureWorker } from './capture-protocol';
import type { CaptureEvent } from './capture-events';

type CaptureCommand = Extract<Command, { kind: 'capture' }>;

/** Why a capture stopped, as the summary says it. */
type StopReason = 'count' | 'duration' | 'interrupt' | 'terminate' | 'error' | 'closed';
const STOP_TEXT: Record<StopReason, string> = {
  count: 'packet count reached', duration: 'duration reached', interrupt: 'interrupted', terminate: 'terminated', error: 'write error',
  closed: 'output closed',
};

/** The worker's bundle, beside this one (scripts/build.mjs). */
const WORKER_FILE = fileURLToPath(new URL('./capture-worker.js', import.meta.url));

export async function captureCommand(io: CliIo, c: CaptureCommand): Promise<number> {
  const load = loadCap();
  if (!load.ok) {
    fail(io, load.reason);
    return 2;
  }
  if (!existsSync(WORKER_FILE)) {
    fail(io, `cannot capture: ${WORKER_FILE} is missing (run npm run build)`);
    return 2;
  }
  const lib = load.lib;
  const clock = DeliveryClock.anchored();
  /** Why the capture stopped, once it has (the first reason wins). */
  let why: StopReason | null = null;
  let resolveStopped!: (why: StopReason) => void;
  const stopped = new Promise<StopReason>((resolve) => (resolveStopped = resolve));
  const stop = (reason: StopReason) => {
    why ??= reason;
    resolveStopped(why);
  };

  let batcher: CaptureBatcher | null = null;
  let packets = 0;
  let taking = true;
  /** Bytes posted to the worker and not yet analysed; past MAX_IN_FLIGHT_BYTES packets are dropped (and counted). */
  let inFlight = 0;
  let dropped = 0;
  const opened = openDevice(lib, c.iface, c.bpf, (data) => {
    if (!taking) return; // delivered after the stop, in the same libpcap dispatch loop
    if (inFlight > MAX_IN_FLIGHT_BYTES) {
      dropped++;
      return;
    }
    batcher!.add(data);
    if (++packets === c.count) {
      taking = false;
      stop('count');
    }
  });
  if (!opened.ok) {
    const e = opened.error;
    fail(io, e.kind === 'filter' ? `bad capture filter "${c.bpf}": ${e.message}` : e.kind === 'no-device' ? `${e.message}; "synfin interfaces" lists them` : e.message);
    return 2;
  }
  const device = opened.value;
  const description = lib.Cap.deviceList().find((d) => d.name === c.iface)?.description ?? null;
  const { writer, header } = captureHeader({ device: c.iface, description, linkType: device.linkType, clock, started: new Date() });

  const options: CaptureAnalysisOptions = { out: c.out, json: c.json, header };
  const worker = new Worker(WORKER_FILE, { workerData: options });
  const send = (m: ToCaptureWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  let resolveReady!: (failure: string | null) => void;
  const ready = new Promise<string | null>((resolve) => (resolveReady = resolve));
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  worker.on('message', (m: FromCaptureWorker) => {
    switch (m.kind) {
      case 'ready':
        resolveReady(null);
        break;
      case 'failed':
        resolveReady(m.message);
        break;
      case 'taken':
        inFlight -= m.bytes;
        break;
      case 'stop':
        stop(m.why);
        break;
      case 'done':
        resolveDone(m.code);
        break;
    }
  });
  // A bug, not bad input: said in one line, and the capture ends with what the file holds.
  let started = false;
  worker.on('error', (e) => {
    if (started) fail(io, `the analysis stopped: ${e.message}`);
    else resolveReady(`the analysis could not start: ${e.message}`);
    stop('error');
    resolveDone(2);
  });
  // Normally after 'done'; before it, the capture cannot go on.
  worker.on('exit', () => {
    resolveReady('the analysis could not start');
    stop('error');
    resolveDone(2);
  });

  // Batches go to the worker as soon as they are made; it takes them once it has made the file.
  batcher = new CaptureBatcher(writer, clock, (blocks, n) => {
    inFlight += blocks.byteLength;
    send({ kind: 'batch', blocks, packets: n }, [blocks.buffer as ArrayBuffer]);
  });
  const failure = await ready;
  started = true;
  if (failure !== null) {
    taking = false;
    device.close();
    await worker.terminate();
    fail(io, failure);
    return 2;
  }

  const onInterrupt = () => stop('interrupt');
  const onTerminate = () => stop('terminate');
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  const flushing = setInterval(() => batcher!.flush(), BATCH_INTERVAL_MS);
  const timer = c.duration === null ? null : setTimeout(() => stop('duration'), c.duration * 1000);
  io.message(`synfin: capturing on ${c.iface}${c.bpf ? ` (filter: ${c.bpf})` : ''}${c.out ? `, writing ${c.out}` : ''}; Ctrl-C stops`);

  const reason = await stopped;
  taking = false;
  device.close();
  clearInterval(flushing);
  if (timer) clearTimeout(timer);
  batcher.flush();
  send({ kind: 'end', reason: STOP_TEXT[reason], dropped });
  const code = await done;
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onTerminate);
  return code;
}

const yes = (b: boolean) => (b ? 'yes' : '');
const INTERFACE_COLUMNS: Column<CaptureInterface>[] = [
  { title: 'name', value: (i) => i.name },
  { title: 'up', value: (i) => yes(i.up) },
  { title: 'loopback', value: (i) => yes(i.loopback) },
  { title: 'addresses', value: (i) => i.addresses.join(', ') },
  { title: 'description', value: (i) => i.description ?? '' },
];

export function interfacesCommand(io: CliIo, json: boolean): number {
  const out = io.out;
  const load = loadCap();
  if (!load.ok) {
    fail(io, load.reason);
    return 2;
  }
  const list = listInterfaces(load.lib);
  if (!list.ok) {
    fail(io, list.error);
    return 2;
  }
  out.write(json ? `${JSON.stringify({ interfaces: list.value })}\n` : formatTable(INTERFACE_COLUMNS, list.value));
  return 0;
}

export type { CaptureEvent };
