/** Long data exchanges: the host folds them into one ladder row; clicking it asks for it expanded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LADDER_ROW_HEIGHT } from '../../renderer/src/lib/ladder-layout';
import { corpusFile, launchApp, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

/** Fifteen web connections, the longest 139 packets: long enough for the host to fold data. */
const FILE = corpusFile('joincap/ok.pcap');
const skip = announceSkip('ladder-folds', skipReason(FILE));

describe.skipIf(skip)('folded data in the ladder', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp({ createHost: host! });
    await app.page.waitForSelector('.start-screen');
    await app.openFile(FILE);
    await app.whenRead();
    await app.page.waitForSelector('.crow[data-stream]');
  });
  afterAll(async () => app?.close());

  it('shows the host’s folds, expands one on click and folds it again', async () => {
    const { page } = app;
    const longest = (await app.host.connections({ sort: 'packets', descending: true, from: 0, to: 1, viewId: null })).rows[0]!;
    const folded = (await app.host.ladder(longest.stream, []))!;
    const fold = folded.rows.find((r) => r.kind === 'fold');
    expect(fold, 'the longest connection has a folded run').toBeDefined();
    if (fold?.kind !== 'fold') return;

    await page.getByRole('button', { name: /^Packets/ }).click();
    await page.locator(`.crow[data-stream="${longest.stream}"]`).click();
    const band = page.locator(`.band.fold[data-fold="${fold.id}"]`);
    await expect.poll(() => band.textContent()).toContain(`${fold.packets} packets folded · frames ${fold.firstFrame}–${fold.lastFrame}`);
    await app.screenshot('40-ladder-fold');

    await band.click();
    await expect.poll(() => band.count()).toBe(0);
    const expanded = (await app.host.ladder(longest.stream, [fold.id]))!;
    // The first packet that was folded now has its own arrow.
    const firstFolded = page.locator(`.band[data-frame="${fold.firstFrame}"]`);
    await page.getByTestId('ladder-scroll').evaluate((el, y) => (el.scrollTop = y), LADDER_ROW_HEIGHT * expanded.rows.findIndex((r) => r.kind === 'packet' && r.frame === fold.firstFrame) - 100);
    await expect.poll(() => firstFolded.count()).toBe(1);
    await app.screenshot('41-ladder-expanded');

    await page.getByRole('button', { name: 'Fold data again' }).click();
    await page.getByTestId('ladder-scroll').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => band.count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });
});
