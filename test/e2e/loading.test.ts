/**
 * A big file (~1 M packets): the progress bar (percent, packets, connections) shows while the host reads, the
 * first rows appear before the whole file is indexed, and Cancel keeps what was read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchCapture } from '../bench/generate';
import { launchApp, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

/**
 * The bench's simulation at its size: reading takes seconds even on a fast machine, so Cancel is
 * pressed while the host still reads, also when other tests share the CPUs (400 k was too few).
 */
const SIM = { seed: 11, connections: 15_000, targetPackets: 1_200_000, spanSeconds: 300, snapLen: 96 };
const skip = announceSkip('loading', skipReason());

describe.skipIf(skip)('reading a big capture', () => {
  let app: App;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'synfin-loading-'));
    file = join(dir, 'big.pcap');
    writeBenchCapture(file, SIM);
    app = await launchApp({ createHost: host! });
    await app.page.waitForSelector('.start-screen');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows progress and the first rows while reading, and Cancel keeps what was read', async () => {
    const { page } = app;
    await app.openFile(file);
    const bar = page.getByTestId('loading');
    await bar.waitFor();
    await expect.poll(() => bar.textContent()).toMatch(/\d+ % · [\d,]+ packets · [\d,]+ connections/);
    await app.screenshot('60-loading');
    await bar.getByRole('button', { name: 'Cancel' }).click();
    const s = await app.whenRead();
    expect(s.phase).toBe('cancelled');
    // What was read before Cancel is shown.
    await page.locator('.prow[data-frame]').first().waitFor();
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => page.locator('.status-bar').textContent()).toContain('Reading cancelled');
    await expect.poll(() => page.getByTestId('status-packets').textContent()).toBe(`Packets: ${s.packets.toLocaleString('en-US')}`);
    expect(s.packets).toBeGreaterThan(0);
    await app.screenshot('61-cancelled');
    expect(app.pageErrors).toEqual([]);
  });
});
