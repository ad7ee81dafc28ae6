/**
 * The renderer benchmark's body (bundled and run by renderer.bench.mjs): with a 1 M-packet
 * capture open through the real host, measure the time from opening to the first rows shown,
 * frame times while the packet list scrolls (requestAnimationFrame deltas), how fast a jump
 * across the file fills with rows, and the renderer's JS heap.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchApp, ROOT, type HostFactory } from '../e2e/harness';
import { writeBenchCapture } from './generate';

/** Targets (see the renderer brief): a frame every 16 ms, a renderer under 300 MB. */
export const FRAME_BUDGET_MS = 16.7;
/**
 * How far a frame on time may measure over the budget: requestAnimationFrame times follow the
 * display's vsync (16.67 ms at 60 Hz) with a fraction of a millisecond of jitter, so a frame on
 * time reads 16.6–16.8 ms and a dropped one 33.3 ms.
 */
export const FRAME_JITTER_MS = 1;
export const HEAP_BUDGET_MB = 300;
/** Pixels scrolled a frame: a mouse wheel (3 rows of 22 px), and a fling (~40 rows). */
const WHEEL_PX = 66;
const FLING_PX = 900;

export interface BenchOptions {
  createHost: HostFactory;
  file?: string;
  scrollSeconds: number;
}

/**
 * The capture `npm run bench` uses (test/bench/run.mjs): the same simulation options, so the file
 * it generated is reused (and generated here, by its generator, when absent).
 */
export const BENCH_SIM = { seed: 2026, connections: 20_000, targetPackets: 1_180_000, spanSeconds: 600, snapLen: 96 };
export const benchCapturePath = (): string =>
  join(ROOT, '.bench', `bench-${BENCH_SIM.seed}-${BENCH_SIM.connections}-${BENCH_SIM.targetPackets}.pcap`);

export function ensureCapture(path: string): string {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  writeBenchCapture(`${path}.part`, BENCH_SIM);
  renameSync(`${path}.part`, path);
  return path;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/**
 * Resident memory of the page's renderer process (Linux /proc), or null elsewhere: the largest
 * `--type=renderer` process descended from this one (Chromium may keep a spare renderer beside
 * the page's, and that one is small).
 */
function rendererRssMB(): number | null {
  try {
    const parent = new Map<number, number>();
    const renderers: number[] = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(d));
      } catch {
        // The process ended while we looked.
      }
    }
    const mine = (pid: number) => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    const rss = renderers.filter(mine).map((pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    return rss.length ? Math.max(...rss) : null;
  } catch {
    return null;
  }
}

export async function runBench(o: BenchOptions): Promise<Record<string, number | string>> {
  const { createHost } = o;
  const file = o.file ?? ensureCapture(benchCapturePath());
  const app = await launchApp({ createHost, viewport: { width: 1600, height: 1000 } });
  const { page } = app;
  try {
    await page.waitForSelector('.start-screen');
    // The page notes when it drew the first row (wall clock, shared with this process): waiting
    // for the selector from here would add this process's own delays (it also runs the host and
    // Playwright's side of every call) to the app's.
    await page.evaluate(() => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector('.prow[data-frame]')) return;
        seen.disconnect();
        requestAnimationFrame(() => ((window as unknown as { __firstRowsAt: number }).__firstRowsAt = Date.now()));
      });
      seen.observe(document.body, { childList: true, subtree: true });
    });
    const t0 = Date.now();
    await app.openFile(file);
    await page.waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt, null, { timeout: 120_000 });
    const firstRowsMs = (await page.evaluate(() => (window as unknown as { __firstRowsAt: number }).__firstRowsAt)) - t0;
    const loadingAtFirstRows = (await app.host.session())?.phase === 'loading';
    const s = await app.whenRead(600_000);
    const readMs = Date.now() - t0;
    const shown = s.packets.toLocaleString('en-US');
    await page.waitForFunction((n) => document.querySelector('[data-testid="status-packets"]')?.textContent?.includes(n), shown, { timeout: 120_000 })
      .catch(async (e) => {
        await app.screenshot('bench-failed');
        throw new Error(`status bar never showed ${shown} packets: ${await page.getByTestId('status-packets').textContent()}`, { cause: e });
      });

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    /** Scrolls `px` a frame for `seconds`; frame deltas, frames showing placeholder rows, main-thread ms a frame. */
    const scrollPhase = async (px: number, seconds: number) => {
      const before = await metrics();
      const r = await page.evaluate(async ([step, secs]) => {
        const el = document.querySelector<HTMLElement>('[data-testid="packet-scroll"]')!;
        // Read once, before the timed frames.
        const headerHeight = el.querySelector<HTMLElement>('.prow.header')!.offsetHeight;
        const deltas: number[] = [];
        let blankFrames = 0;
        let missingFrames = 0;
        let last = performance.now();
        const end = last + secs * 1000;
        await new Promise<void>((done) => {
          const tick = (now: number) => {
            deltas.push(now - last);
            last = now;
            if (el.querySelector('.prow.placeholder')) blankFrames++;
            el.scrollTop += step;
            // A scroll the compositor makes (a wheel, a touchpad fling) reaches the page's scroll
            // handler before the frame is drawn; one set here would reach it only in the next
            // frame, and each frame would be drawn with the rows of the frame before, off screen.
            // Handing it over now makes each frame draw, and be timed with, its own rows.
            el.dispatchEvent(new Event('scroll'));
            // Does the frame show rows at the top and the bottom of the list's viewport? (The hit
            // test needs the layout the frame is about to make anyway.)
            const box = el.getBoundingClientRect();
            const rowAt = (y: number) => document.elementFromPoint(box.left + 40, y)?.closest('.prow:not(.header)');
            if (!rowAt(box.top + headerHeight + 2) || !rowAt(box.top + el.clientHeight - 3)) missingFrames++;
            if (now < end) requestAnimationFrame(tick);
            else done();
          };
          requestAnimationFrame(tick);
        });
        return { deltas: deltas.slice(1), blankFrames, missingFrames };
      }, [px, seconds] as const);
      const after = await metrics();
      // Main-thread work per frame (script, style, layout), whatever else the machine is doing.
      const perFrame = (k: string) => ((after[k]! - before[k]!) * 1000) / Math.max(1, r.deltas.length);
      return { ...r, script: perFrame('ScriptDuration'), styleLayout: perFrame('RecalcStyleDuration') + perFrame('LayoutDuration'), task: perFrame('TaskDuration') };
    };
    // A wheel: about 3 rows a frame. A fling: about 40 rows a frame, faster than any page can come.
    const wheel = await scrollPhase(WHEEL_PX, o.scrollSeconds);
    // SYNFIN_BENCH_TRACE=file: a Chromium trace of the fling phase, for finding where its frames go.
    const tracePath = process.env.SYNFIN_BENCH_TRACE;
    const traceEvents: unknown[] = [];
    if (tracePath) {
      cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
      await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: [
        'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'viz', 'benchmark', 'toplevel',
        'disabled-by-default-devtools.timeline.frame', 'blink.user_timing', 'v8.execute', 'renderer.scheduler'] } });
    }
    const fling = await scrollPhase(FLING_PX, o.scrollSeconds);
    if (tracePath) {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      writeFileSync(tracePath, JSON.stringify({ traceEvents }));
    }
    // What the list shows where the fling stopped (seven-digit frame numbers, rows filled in).
    await page.waitForTimeout(500);
    await app.screenshot('bench-after-fling');

    // Jumps (dragging the scrollbar): how long until the rows at the new place are drawn.
    const jumps = await page.evaluate(async () => {
      const el = document.querySelector<HTMLElement>('[data-testid="packet-scroll"]')!;
      const times: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const t = performance.now();
        el.scrollTop = ((i * 7919) % 100) / 100 * (el.scrollHeight - el.clientHeight);
        await new Promise<void>((done) => {
          const check = () => (el.querySelector('.prow[data-frame]') && !el.querySelector('.prow.placeholder') ? done() : requestAnimationFrame(check));
          requestAnimationFrame(check);
        });
        times.push(performance.now() - t);
      }
      return times;
    });

    await cdp.send('HeapProfiler.collectGarbage');
    const end = await metrics();
    const heapMB = end.JSHeapUsedSize! / 1e6;
    const domNodes = end.Nodes!;
    const rssMB = rendererRssMB();

    const summary = (name: string, x: typeof wheel) => ({
      [`${name}Frames`]: x.deltas.length,
      [`${name}FrameP50Ms`]: +pct(x.deltas, 50).toFixed(1),
      [`${name}FrameP95Ms`]: +pct(x.deltas, 95).toFixed(1),
      [`${name}FrameMaxMs`]: +Math.max(...x.deltas).toFixed(1),
      [`${name}FramesOverBudget`]: x.deltas.filter((v) => v > FRAME_BUDGET_MS + FRAME_JITTER_MS).length,
      [`${name}FramesWithBlankRows`]: x.blankFrames,
      [`${name}FramesMissingRows`]: x.missingFrames,
      [`${name}ScriptMsPerFrame`]: +x.script.toFixed(2),
      [`${name}StyleLayoutMsPerFrame`]: +x.styleLayout.toFixed(2),
      [`${name}TaskMsPerFrame`]: +x.task.toFixed(2),
    });
    return {
      file: `${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`,
      packets: s.packets,
      connections: s.connections,
      firstRowsMs: Math.round(firstRowsMs),
      firstRowsWhileLoading: String(loadingAtFirstRows),
      readMs: Math.round(readMs),
      ...summary('wheel', wheel),
      ...summary('fling', fling),
      jumpFillP50Ms: +pct(jumps, 50).toFixed(1),
      jumpFillMaxMs: +Math.max(...jumps).toFixed(1),
      rendererHeapMB: +heapMB.toFixed(1),
      rendererRssMB: rssMB === null ? 'n/a' : +rssMB.toFixed(0),
      domNodes,
      pageErrors: app.pageErrors.length,
    };
  } finally {
    await app.close();
  }
}
