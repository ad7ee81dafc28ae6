/** Keyboard use, menu commands (theme, time format, shortcuts, About) and the two themes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, launchApp, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

const FILE = corpusFile('pcapplusplus/three_http_streams.pcap');
const OTHER = corpusFile('pcapplusplus/one_http_stream_fin.pcap');
const skip = announceSkip('keyboard-and-themes', skipReason(FILE, OTHER));

const selectedFrame = (app: App) => app.page.locator('.prow.selected').getAttribute('data-frame');

describe.skipIf(skip)('keyboard and commands', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp({ createHost: host!, dialogFile: OTHER, colorScheme: 'dark' });
    await app.page.waitForSelector('.start-screen');
    await app.openFile(FILE);
    await app.page.waitForSelector('.crow[data-stream]');
  });
  afterAll(async () => app?.close());

  it('follows the OS dark scheme and switches theme on the View menu command', async () => {
    const { page } = app;
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    expect(luminance(await bg())).toBeLessThan(60);
    await page.locator('.crow[data-stream="0"]').click();
    await page.waitForSelector('.band');
    await app.screenshot('20-dark');
    await app.sendCommand({ kind: 'theme', theme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(luminance(await bg())).toBeGreaterThan(200);
    await app.screenshot('21-light');
    await app.sendCommand({ kind: 'theme', theme: 'system' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('switches the time column from the View menu and from the toolbar control', async () => {
    const { page } = app;
    const header = page.locator('.prow.header .c-time');
    await app.sendCommand({ kind: 'time-format', format: 'absolute' });
    await expect.poll(() => header.textContent()).toBe('Time (absolute)');
    expect(await page.locator('.prow[data-frame] .c-time').first().textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{6}$/);
    await page.getByRole('radio', { name: 'Δ' }).click();
    await expect.poll(() => header.textContent()).toBe('Time (delta)');
    await page.getByRole('radio', { name: 'Rel' }).click();
    await expect.poll(() => header.textContent()).toBe('Time (relative)');
  });

  it('Ctrl+F focuses the filter box, as does the focus-filter command', async () => {
    const { page } = app;
    await page.locator('.ladder-scroll').click();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Display filter');
    await page.locator('.ladder-scroll').click();
    await app.sendCommand({ kind: 'focus-filter' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Display filter');
  });

  it('arrow keys move the packet selection; Escape shows all connections again', async () => {
    const { page } = app;
    await page.locator('.prow[data-frame]').first().click();
    const first = Number(await selectedFrame(app));
    await page.getByTestId('packet-scroll').press('ArrowDown');
    await expect.poll(async () => Number(await selectedFrame(app))).toBeGreaterThan(first);
    const second = Number(await selectedFrame(app));
    await page.getByTestId('packet-scroll').press('ArrowUp');
    await expect.poll(async () => Number(await selectedFrame(app))).toBe(first);
    expect(second).not.toBe(first);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ladder-pane.empty').count()).toBe(1);
  });

  it('arrow keys and Enter pick a connection in the table', async () => {
    const { page } = app;
    const table = page.getByTestId('connection-scroll');
    await table.focus();
    await table.press('Home');
    await table.press('ArrowDown');
    await table.press('Enter');
    const second = await page.locator('.crow[data-stream]').nth(1).getAttribute('data-stream');
    await expect.poll(() => page.locator('.ladder-title strong').textContent()).toBe(`Stream ${second}`);
    await table.press('ArrowUp');
    await table.press(' ');
    const first = await page.locator('.crow[data-stream]').nth(0).getAttribute('data-stream');
    await expect.poll(() => page.locator('.ladder-title strong').textContent()).toBe(`Stream ${first}`);
  });

  it('sorting asks the host and shows its order', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /^Packets/ }).click();
    const page1 = await app.host.connections({ sort: 'packets', descending: true, from: 0, to: 100, viewId: null });
    await expect.poll(async () => (await page.locator('.crow[data-stream]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stream')))))
      .toEqual(page1.rows.map((r) => String(r.stream)));
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').textContent()).toContain('Packets');
  });

  it('? shows the shortcuts, Escape closes them; the About command shows the version', async () => {
    const { page } = app;
    await page.getByTestId('packet-scroll').focus();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(1);
    await app.screenshot('22-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await app.sendCommand({ kind: 'show-about', version: '9.8.7' });
    await expect.poll(() => page.getByRole('dialog', { name: 'About Synfin' }).textContent()).toContain('9.8.7');
    await page.keyboard.press('Escape');
  });

  it('Ctrl+O asks the main process for its Open dialog and opens what it picked', async () => {
    const { page } = app;
    await page.getByTestId('packet-scroll').focus();
    await page.keyboard.press('Control+o');
    await expect.poll(() => page.locator('.status-file').textContent()).toContain('one_http_stream_fin.pcap');
    expect(app.pageErrors).toEqual([]);
  });
});
