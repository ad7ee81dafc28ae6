/**
 * `synfin capture` and `synfin interfaces`: live capture through libpcap, in this process (no
 * worker: nothing else waits on this thread). Packets go the app's way — stamped and batched as
 * pcapng blocks, appended to the -w file as they come, read back through the same reader — and the
 * tracker's verdicts become one line (or one JSON object) per connection event.
 *
 * Stops on -c, --duration, Ctrl-C or SIGTERM; the file is then complete and a summary follows.
 * Exit codes: 0 stopped normally (Ctrl-C included), 1 bad usage, 2 device, filter or file errors.
 */
import { formatTable, type Column } from './table';
import type { Command } from './args';
import type { CliIo } from './io';
import { PipeClosed } from './output';
import { commandPipeline, fail } from './read';
import type { CaptureInterface } from '../../core/api';
import { BATCH_INTERVAL_MS, CaptureBatcher, captureHeader } from '../host/capture-batch';
import { DeliveryClock } from '../host/capture-clock';
import { openDevice } from '../host/capture-device';
import { listInterfaces } from '../host/capture-interfaces';
import { loadCap } from '../host/capture-library';
import { CaptureSink } from '../host/capture-sink';
import { ConnectionEvents, eventLine, stillOpen, type CaptureEvent } from './capture-events';

type CaptureCommand = Extract<Command, { kind: 'capture' }>;

/** Why a capture stopped, as the summary says it. */
type StopReason = 'count' | 'duration' | 'interrupt' | 'terminate' | 'error' | 'closed';
const STOP_TEXT: Record<StopReason, string> = {
  count: 'packet count reached', duration: 'duration reached', interrupt: 'interrupted', terminate: 'terminated', error: 'write error',
  closed: 'output closed',
};

export async function captureCommand(io: CliIo, c: CaptureCommand): Promise<number> {
  const out = io.out;
  const load = loadCap();
  if (!load.ok) {
    fail(io, load.reason);
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
  let outputClosed = false;
  let events: ConnectionEvents | null = null;
  const pipeline = commandPipeline(io, (frame, rec, _d, f) => events!.frame(frame, rec, f));
  /**
   * Writes to stdout unless its reader went away (`synfin capture --json | head`): then the capture
   * stops quietly, and the -w file is still written to the end.
   */
  const print = (write: () => void) => {
    if (outputClosed) return;
    try {
      write();
    } catch (e) {
      if (!(e instanceof PipeClosed)) throw e;
      outputClosed = true;
      stop('closed');
    }
  };
  events = new ConnectionEvents(pipeline.tracker, (e) => print(() => out.write(c.json ? `${JSON.stringify(e)}\n` : `${eventLine(e)}\n`)));

  let batcher: CaptureBatcher | null = null;
  let packets = 0;
  let taking = true;
  const opened = openDevice(lib, c.iface, c.bpf, (data) => {
    if (!taking) return; // delivered after the stop, in the same libpcap dispatch loop
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
  const created = CaptureSink.create({ path: c.out, exclusive: false }, header, pipeline);
  if (!created.ok) {
    device.close();
    fail(io, created.error);
    return 2;
  }
  const sink = created.value;
  let writeError: string | null = null;
  batcher = new CaptureBatcher(writer, clock, (blocks, n) => {
    if (writeError) return;
    const r = sink.append(blocks, n);
    if (!r.ok) {
      writeError = r.error;
      stop('error');
    }
    print(() => out.flush());
  });

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
  const summary = sink.end();
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onTerminate);

  if (outputClosed) return 0;
  const tracker = pipeline.tracker;
  const n = events.counts;
  const open = stillOpen(tracker);
  if (c.json) {
    out.write(`${JSON.stringify({
      event: 'stop', reason: STOP_TEXT[reason], time: Date.now() / 1000, packets: sink.packets, connections: tracker.connectionCount,
      opened: n.open, closed: n.close, reset: n.reset, refused: n.refused, stillOpen: open, file: c.out,
    })}\n`);
  } else {
    const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
    out.write(`${STOP_TEXT[reason]}: ${plural(sink.packets, 'packet')}, ${plural(tracker.connectionCount, 'connection')} ` +
      `(${n.open} opened, ${n.close} closed, ${n.reset} reset, ${n.refused} refused, ${open} still open)` +
      `${c.out ? `; wrote ${c.out}` : ''}\n`);
  }
  out.flush();
  tracker.close();
  if (summary.error) fail(io, `${c.out ?? 'capture'}: ${summary.error.message}`);
  if (writeError) {
    fail(io, writeError);
    return 2;
  }
  return 0;
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
