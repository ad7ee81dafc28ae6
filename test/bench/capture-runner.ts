/**
 * The app's capture path for the capture benchmark, without a window: the real host (cap in this
 * main thread, the analysis worker, the spill file) capturing on IFACE until SIGINT, then saving
 * the capture to OUT and printing one JSON line: CPU time of the whole process (both threads), how
 * busy the main thread's event loop was, and the packets the session holds.
 *
 *   node capture-runner.mjs IFACE FILTER OUT WORKER_FILE SPILL_DIR [KERNEL_BUFFER_MIB]
 */
import { performance } from 'node:perf_hooks';
import { createHost } from '../../electron/host/host';

const [iface, filter, out, workerFile, spillDir, mib] = process.argv.slice(2) as [string, string, string, string, string, string | undefined];
const host = createHost({
  events: { session: () => {}, progress: () => {} }, workerFile, spillDir, ...(mib ? { kernelBufferBytes: Number(mib) * 1024 * 1024 } : {}),
});
const started = await host.startCapture({ interface: iface, filter, packetLimit: null, durationLimitSeconds: null });
if (!started.ok) {
  process.stderr.write(`capture-runner: ${started.error}\n`);
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
process.stdout.write('ready\n');

process.once('SIGINT', async () => {
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const wallMs = performance.now() - t0;
  await host.stopCapture();
  const info = await host.session();
  const saved = await host.saveAs(out, 'pcapng');
  await host.dispose();
  process.stdout.write(`${JSON.stringify({
    cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: wallMs / 1000, mainLoopUtilization: elu.utilization,
    packets: info?.packets ?? 0, saved: saved.ok ? saved.value.packets : saved.error,
  })}\n`);
  process.exit(0);
});
