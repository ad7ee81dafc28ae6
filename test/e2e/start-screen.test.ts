/**
 * The first screen: recent files and the bundled sample open through the main process's part of
 * the contract; the capture card shows what the host says about capturing here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, launchApp, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

const SAMPLE = corpusFile('pcapplusplus/one_http_stream_fin.pcap');
const RECENT = corpusFile('pcapplusplus/three_http_streams.pcap');
const skip = announceSkip('start-screen', skipReason(SAMPLE, RECENT));

describe.skipIf(skip)('the start screen', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists recent files and opens one', async () => {
    app = await launchApp({ createHost: host!, recent: [RECENT, SAMPLE], sample: SAMPLE });
    const { page } = app;
    await page.waitForSelector('.start-screen');
    expect(await page.locator('.recent-name').allTextContents()).toEqual(['three_http_streams.pcap', 'one_http_stream_fin.pcap']);
    await app.screenshot('30-start');
    await page.locator('.recent-item').first().click();
    await expect.poll(() => page.locator('.status-file').textContent()).toContain('three_http_streams.pcap');
    const s = (await app.host.session())!;
    await expect.poll(() => page.locator('.crow[data-stream]').count()).toBe(s.connections);
    // Close goes back to the start screen.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.waitForSelector('.start-screen');
    expect(app.pageErrors).toEqual([]);
  });

  it('opens the bundled sample', async () => {
    app = await launchApp({ createHost: host!, sample: SAMPLE });
    const { page } = app;
    await page.getByRole('button', { name: 'Open the sample capture' }).click();
    await expect.poll(() => page.locator('.status-file').textContent()).toContain('one_http_stream_fin.pcap');
  });

  it('shows why capture is unavailable, or the interfaces and a libpcap-checked filter box', async () => {
    app = await launchApp({ createHost: host! });
    const { page } = app;
    const a = await app.host.captureAvailability();
    await page.waitForSelector('.capture-card');
    for (const note of a.notes) await expect.poll(() => page.locator('.capture-notes').textContent()).toContain(note);
    if (!a.available) {
      await expect.poll(() => page.locator('.capture-unavailable').textContent()).toContain(a.reason ?? '');
      expect(await page.getByRole('button', { name: 'Start capture' }).count()).toBe(0);
    } else {
      const list = await app.host.interfaces();
      expect(list.ok).toBe(true);
      if (!list.ok) return;
      await expect.poll(() => page.locator('.iface').count()).toBe(list.value.length);
      const chosen = await page.locator('.iface input:checked').inputValue();
      const bad = 'tcp port';
      const message = await app.host.checkCaptureFilter(chosen, bad);
      await page.getByRole('textbox', { name: /Capture filter/ }).fill(bad);
      await expect.poll(() => page.locator('#capture-filter-message').textContent()).toBe(message ?? '');
      if (message) expect(await page.getByRole('button', { name: 'Start capture' }).isDisabled()).toBe(true);
    }
    await app.screenshot('31-start-capture');
  });
});
