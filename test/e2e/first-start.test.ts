/**
 * First start: launched with no file and no file ever opened, Synfin opens its bundled sample
 * (build/samples/sample.pcapng, as scripts/build.mjs lays it out) with the first connection
 * selected, so a whole ladder — handshake, data, four-way teardown — is on screen. Any other start
 * shows the start screen with the recent files and the capture card.
 *
 * This test also takes the README's screenshot: with SYNFIN_DOCS_SCREENSHOT=1 it writes
 * docs/ladder.png (otherwise test/output/first-start.png, so a test run leaves the tree clean).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchApp, ROOT, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

const SAMPLE = join(ROOT, 'build/samples/sample.pcapng');
const skip = announceSkip('first-start', skipReason(SAMPLE));

describe.skipIf(skip)('first start', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("opens the bundled sample with its first connection's ladder on screen", async () => {
    app = await launchApp({ createHost: host!, firstStart: true, sample: SAMPLE, viewport: { width: 1440, height: 1160 } });
    const { page } = app;
    await expect.poll(() => page.locator('.status-file').textContent()).toContain('sample.pcapng');
    const s = await app.whenRead();
    expect(s.connections).toBe(3); // the handshake with data and teardown, the reset, the lone SYN
    await expect.poll(() => page.locator('.crow.selected').getAttribute('data-stream')).toBe('0');
    await page.locator('section[aria-label="Ladder of stream 0"]').waitFor();

    // Every packet of stream 0 is drawn: three handshake arrows, the data, four teardown arrows.
    const conn = (await app.host.connection(0))!;
    await expect.poll(() => page.locator('.band').count()).toBe(conn.packets);
    await expect.poll(() => page.locator('.band.role-handshake').count()).toBe(3);
    expect(await page.locator('.band.role-teardown').count()).toBe(4);
    expect(await page.locator('.lane-head .state-pill').allTextContents()).toEqual(['CLOSED', 'LISTEN']);
    // Its first packet is selected too, so the explanation starts at the SYN.
    await expect.poll(() => page.locator('.band.selected .ladder-frame').textContent()).toBe(`#${conn.firstFrame}`);
    expect(app.pageErrors).toEqual([]);

    const shot = await app.screenshot('first-start');
    if (process.env.SYNFIN_DOCS_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'docs/ladder.png'));
    }
  });

  it('any later start without a file shows the start screen: recent files and the capture card', async () => {
    app = await launchApp({ createHost: host!, recent: [SAMPLE], sample: SAMPLE });
    const { page } = app;
    await page.waitForSelector('.start-screen');
    expect(await page.locator('.recent-name').allTextContents()).toEqual(['sample.pcapng']);
    await page.waitForSelector('.capture-card');
    const a = await app.host.captureAvailability();
    if (a.available) {
      const list = await app.host.interfaces();
      if (list.ok) await expect.poll(() => page.locator('.iface').count()).toBe(list.value.length);
    } else {
      await expect.poll(() => page.locator('.capture-unavailable').textContent()).toContain(a.reason ?? '');
    }
    expect(await app.host.session()).toBeNull();
  });

  it('opening the sample from the start screen also selects its first connection', async () => {
    app = await launchApp({ createHost: host!, recent: [SAMPLE], sample: SAMPLE });
    const { page } = app;
    await page.getByRole('button', { name: 'Open the sample capture' }).click();
    await expect.poll(() => page.locator('.crow.selected').getAttribute('data-stream')).toBe('0');
    await page.locator('section[aria-label="Ladder of stream 0"]').waitFor();
  });
});
