/**
 * Live capture for HostApi, in the main thread (cap only works there: see capture-device.ts).
 * The main thread opens the device, stamps and batches packets, and sends each batch to the
 * analysis worker, which spills it to disk and analyses it (capture-feed.ts). Start, stop, restart
 * (a start while capturing stops the running capture first), packet-count and duration limits.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureAvailability, CaptureInterface, CaptureOptions, Result, SessionInfo } from '../../core/api';
import { err } from '../../core/result';
import { BATCH_INTERVAL_MS, CaptureBatcher, captureHeader, MAX_IN_FLIGHT_BYTES } from './capture-batch';
import { DeliveryClock } from './capture-clock';
import { openDevice, type OpenedDevice } from './capture-device';
import { probeDevice } from './capture-probe';
import type { BatchAnswer } from './capture-feed';
import { listInterfaces } from './capture-interfaces';
import { CAPTURE_NOTES, capturePermission, loadCap, type CapLibrary } from './capture-library';
import type { Args, CaptureMethod, Value } from './protocol';

/** The analysis worker as the capture host uses it. */
export interface AnalysisLink {
  send<M extends CaptureMethod>(method: M, args: Args<M>, transfer?: ArrayBuffer[]): Promise<Value<M>>;
}

export interface CaptureHostOptions {
  link: AnalysisLink;
  /** Where `cap` is loaded from ('cap' unless a test says otherwise). */
  capModule?: string;
  /** Where spill files go (created if missing). */
  spillDir?: string;
  /** The kernel's capture buffer (KERNEL_BUFFER_BYTES unless a benchmark compares sizes). */
  kernelBufferBytes?: number;
}

interface Running {
  device: OpenedDevice | null;
  batcher: CaptureBatcher;
  timers: ReturnType<typeof setTimeout>[];
  packets: number;
  limit: number | null;
  inFlight: number;
  dropped: number;
  /** Why the capture ended other than by the user or a limit. */
  problem: string | null;
  /** The worker's answer to captureBegin. */
  begun: Promise<unknown>;
}

export const defaultSpillDir = (): string => join(tmpdir(), 'synfin-captures');

let spillCounter = 0;

export class CaptureHost {
  private running: Running | null = null;
  private stopping: Promise<void> | null = null;
  private readonly spillDir: string;
  /** A capture was started at some point (its session may still be open). */
  used = false;

  constructor(private readonly options: CaptureHostOptions) {
    this.spillDir = options.spillDir ?? defaultSpillDir();
  }

  get capturing(): boolean {
    return this.running !== null;
  }

  private get capModule(): string {
    return this.options.capModule ?? 'cap';
  }

  private library(): Result<CapLibrary, string> {
    const load = loadCap(this.capModule);
    return load.ok ? { ok: true, value: load.lib } : err(load.reason);
  }

  async availability(): Promise<CaptureAvailability> {
    const lib = this.library();
    if (!lib.ok) return { available: false, reason: lib.error, notes: [...CAPTURE_NOTES] };
    const denied = capturePermission();
    return { available: denied === null, reason: denied, notes: [...CAPTURE_NOTES] };
  }

  async interfaces(): Promise<Result<CaptureInterface[], string>> {
    const lib = this.library();
    return lib.ok ? listInterfaces(lib.value) : lib;
  }

  /** libpcap's message about `filter` on `iface` (or why the interface cannot be opened), or null. */
  async checkFilter(iface: string, filter: string): Promise<string | null> {
    if (filter.trim() === '') return null;
    const lib = this.library();
    if (!lib.ok) return lib.error;
    const probed = await probeDevice(this.capModule, iface, filter);
    return probed.ok ? null : probed.error.message;
  }

  async start(o: CaptureOptions): Promise<Result<SessionInfo, string>> {
    const bad = badOptions(o);
    if (bad) return err(bad);
    if (this.running || this.stopping) await this.stop();
    const lib = this.library();
    if (!lib.ok) return lib;
    // A failed open in this process would leave a handle that must live forever: find out first.
    const probed = await probeDevice(this.capModule, o.interface, o.filter);
    if (!probed.ok) return err(probed.error.kind === 'filter' ? `bad capture filter: ${probed.error.message}` : probed.error.message);
    if (this.running || this.stopping) await this.stop(); // a start raced this one

    const clock = DeliveryClock.anchored();
    const run: Running = {
      device: null, batcher: null!, timers: [], packets: 0, limit: o.packetLimit, inFlight: 0, dropped: 0, problem: null,
      begun: Promise.resolve(),
    };
    const opened = openDevice(lib.value, o.interface, o.filter, (data) => this.onPacket(run, data), this.options.kernelBufferBytes);
    if (!opened.ok) return err(opened.error.message);
    const device = (run.device = opened.value);
    this.used = true;
    const description = lib.value.Cap.deviceList().find((d) => d.name === o.interface)?.description ?? null;
    const { writer, header } = captureHeader({ device: o.interface, description, linkType: device.linkType, clock, started: new Date() });
    run.batcher = new CaptureBatcher(writer, clock, (blocks, packets) => this.send(run, blocks, packets));

    let spillPath: string;
    try {
      mkdirSync(this.spillDir, { recursive: true, mode: 0o700 });
      spillPath = join(this.spillDir, spillName(o.interface));
    } catch (e) {
      device.close();
      return err(`cannot capture: cannot create ${this.spillDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    // Posted before any batch can be (packets are only batched until the first flush below), and the
    // worker begins synchronously: every batch finds its session.
    const begun = this.options.link.send('captureBegin', [{ spillPath, title: o.interface, header }]);
    run.begun = begun.catch(() => undefined);
    this.running = run;
    run.timers.push(setInterval(() => run.batcher.flush(), BATCH_INTERVAL_MS));
    if (o.durationLimitSeconds !== null) run.timers.push(setTimeout(() => void this.stopRun(run, null), o.durationLimitSeconds * 1000));

    let answer: Awaited<typeof begun>;
    try {
      answer = await begun;
    } catch (e) {
      answer = err(`cannot capture: the analysis worker failed (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!answer.ok) {
      this.halt(run);
      if (this.running === run) this.running = null;
    }
    return answer;
  }

  /** Stops the running capture (if any) and waits until its session is complete. */
  async stop(): Promise<void> {
    const run = this.running;
    if (run) await this.stopRun(run, null);
    else if (this.stopping) await this.stopping;
  }

  private onPacket(run: Running, data: Uint8Array): void {
    if (run.device === null) return; // delivered after the stop, in the same libpcap dispatch loop
    if (run.inFlight > MAX_IN_FLIGHT_BYTES) {
      run.dropped++;
      return;
    }
    run.batcher.add(data);
    run.packets++;
    if (run.limit !== null && run.packets >= run.limit) void this.stopRun(run, null);
  }

  private send(run: Running, blocks: Uint8Array, packets: number): void {
    const size = blocks.byteLength;
    run.inFlight += size;
    this.options.link.send('captureData', [blocks, packets], [blocks.buffer as ArrayBuffer]).then(
      (answer: BatchAnswer) => {
        run.inFlight -= size;
        if (!answer.go) void this.stopRun(run, answer.reason === 'the capture was closed' ? null : answer.reason);
      },
      (e: unknown) => void this.stopRun(run, `the analysis stopped: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  /** Closes the device and sends what is left; no packet is taken after this returns. */
  private halt(run: Running): void {
    for (const t of run.timers) clearTimeout(t);
    run.timers.length = 0;
    const device = run.device;
    run.device = null;
    device?.close();
    run.batcher?.flush();
  }

  private stopRun(run: Running, problem: string | null): Promise<void> {
    if (this.running !== run) return this.stopping ?? Promise.resolve();
    this.running = null;
    run.problem ??= problem;
    this.halt(run);
    const dropped = run.dropped > 0 ? `Synfin dropped ${run.dropped} packets because the analysis could not keep up.` : null;
    const why = [run.problem, dropped].filter(Boolean).join(' ') || null;
    const done = (async () => {
      await run.begun;
      await this.options.link.send('captureEnd', [why]).catch(() => undefined);
    })();
    const stopping = (this.stopping = done.finally(() => {
      if (this.stopping === stopping) this.stopping = null;
    }));
    return stopping;
  }
}

/** What is wrong with options that came over IPC, or null. */
function badOptions(o: CaptureOptions): string | null {
  if (typeof o.interface !== 'string' || o.interface === '') return 'choose an interface to capture on';
  if (typeof o.filter !== 'string') return 'the capture filter must be text';
  if (o.packetLimit !== null && !(Number.isSafeInteger(o.packetLimit) && o.packetLimit > 0)) return `the packet limit must be a whole number above 0, not ${o.packetLimit}`;
  if (o.durationLimitSeconds !== null && !(Number.isFinite(o.durationLimitSeconds) && o.durationLimitSeconds > 0)) {
    return `the duration limit must be a number of seconds above 0, not ${o.durationLimitSeconds}`;
  }
  return null;
}

function spillName(iface: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${iface.replace(/[^\w.-]+/g, '_')}-${stamp}-${process.pid}-${++spillCounter}.pcapng`;
}
